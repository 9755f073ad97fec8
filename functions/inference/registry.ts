// The models a deployment serves, loaded on first use and kept for the isolate's life. A light engine
// tier, where the deployment has one, answers predictions with its model until that model's
// onnxruntime-web session is open: a fresh isolate's first answer need not wait for onnxruntime's start.
// Then the tier is closed, once no request still holds it: its memory is not needed again.
import type { Encoders } from "../kernels/encoders.ts";
import { EnsembleModel } from "./ensemble.ts";
import { InteractionModel, type Engine, type Predictor, type ServedModel } from "./pipeline.ts";
import type { OrtWasm } from "./onnx.ts";
import { parseCard, type ModelBundle, type ModelCard } from "../models/card.ts";

/** One model's forward pass on an engine that starts in a fraction of onnxruntime-web's time. */
export interface LightTier {
  model: string;
  engine: Engine;
  open(): Promise<Predictor>;
  /** Frees what `open` took (a wasm memory never shrinks, but a dropped one can be collected). */
  close?(): void;
}

/**
 * Who answers a prediction now; `openSession`, when the light tier answers, opens the session behind
 * it, and `done`, to be called once the request has no more use for `model`, lets the tier close.
 */
export interface PredictorChoice {
  model: Predictor;
  engine: Engine;
  openSession?: () => Promise<unknown>;
  done?: () => void;
}

export class ModelRegistry {
  private readonly bundles = new Map<string, ModelBundle>();
  private readonly cards = new Map<string, ModelCard>();
  private readonly loaded = new Map<string, Promise<ServedModel>>();
  /** Models whose sessions are open. */
  private readonly ready = new Set<string>();
  private light: Promise<Predictor> | undefined;
  /** Requests that were handed the light tier and are not done with it. */
  private lightUses = 0;
  readonly defaultName: string;

  constructor(
    bundles: ModelBundle[],
    private readonly encoders: Encoders,
    private readonly wasm: OrtWasm,
    defaultName?: string,
    private readonly lightTier?: LightTier,
  ) {
    for (const bundle of bundles) {
      const card = parseCard(bundle.card);
      if (this.cards.has(card.name)) throw new Error(`two models are named ${card.name}`);
      this.cards.set(card.name, card);
      this.bundles.set(card.name, bundle);
    }
    for (const card of this.cards.values()) {
      // a fused ensemble opens no member sessions, but answers carry each member's card threshold
      const missing =
        card.encoding.name === "member-scores" ? card.encoding.members.filter((m) => !this.cards.has(m)) : [];
      if (missing.length)
        throw new Error(`ensemble ${card.name} lists members that are not bundled: ${missing.join(", ")}`);
    }
    const first = this.cards.keys().next().value;
    if (first === undefined) throw new Error("no models bundled");
    this.defaultName = defaultName ?? first;
    if (!this.cards.has(this.defaultName)) throw new Error(`default model ${this.defaultName} is not bundled`);
  }

  /** Served model names, sorted: the same list whichever order the bundles were read in. */
  names(): string[] {
    return [...this.cards.keys()].sort();
  }

  card(name: string): ModelCard | undefined {
    return this.cards.get(name);
  }

  get(name: string): Promise<ServedModel> {
    const bundle = this.bundles.get(name);
    if (!bundle) return Promise.reject(new Error(`unknown model ${name}`));
    let model = this.loaded.get(name);
    if (!model) {
      model =
        this.cards.get(name)!.encoding.name === "member-scores"
          ? EnsembleModel.load(bundle, this.encoders, this.wasm, (member) =>
              member === name ? Promise.reject(new Error(`ensemble ${name} lists itself`)) : this.get(member),
            )
          : InteractionModel.load(bundle, this.encoders, this.wasm);
      model.then(
        () => {
          this.ready.add(name);
          this.closeLightWhenIdle();
        },
        () => this.loaded.delete(name), // a failed load is retried on the next request
      );
      this.loaded.set(name, model);
    }
    return model;
  }

  /**
   * The model that answers a prediction now: its session once open; before that, for the light
   * tier's model, the light tier. Its `openSession` is for the caller to start after answering (in
   * the background: ctx.waitUntil), so that the session's opening does not slow the answer down.
   */
  async predictor(name: string): Promise<PredictorChoice> {
    const tier = this.lightTier;
    if (tier && name === tier.model && !this.ready.has(name)) {
      // counted before the tier opens: a session that opens meanwhile must not close it under us
      this.lightUses++;
      try {
        const model = await (this.light ??= this.openLight(tier));
        return { model, engine: tier.engine, openSession: () => this.get(name), done: once(() => this.lightDone()) };
      } catch (error) {
        this.lightDone();
        console.error(`the ${tier.engine} tier did not start; onnxruntime-web answers`, error);
      }
    }
    return { model: await this.get(name), engine: "onnxruntime-web" };
  }

  private lightDone(): void {
    this.lightUses--;
    this.closeLightWhenIdle();
  }

  /** Closes the light tier once its model's session is open and no request holds the tier. */
  private closeLightWhenIdle(): void {
    const tier = this.lightTier;
    const light = this.light;
    if (!tier || !light || this.lightUses > 0 || !this.ready.has(tier.model)) return;
    this.light = undefined;
    light.then(
      () => {
        try {
          tier.close?.();
        } catch (error) {
          console.error(`the ${tier.engine} tier did not close`, error);
        }
      },
      () => undefined, // it never opened: nothing to close
    );
  }

  private async openLight(tier: LightTier): Promise<Predictor> {
    try {
      const model = await tier.open();
      if (model.card.name !== tier.model || model.card.onnx.sha256 !== this.cards.get(tier.model)?.onnx.sha256)
        throw new Error(`the light tier runs ${model.card.name}, not the bundled ${tier.model}`);
      return model;
    } catch (error) {
      this.light = undefined; // tried again on the next request
      throw error;
    }
  }
}

/** `fn`, callable any number of times, run the first time only. */
function once(fn: () => void): () => void {
  let called = false;
  return () => {
    if (called) return;
    called = true;
    fn();
  };
}
