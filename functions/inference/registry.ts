// The models a deployment serves, loaded on first use and kept for the isolate's life. A light engine
// tier, where the deployment has one, answers predictions with its model until that model's
// onnxruntime-web session is open: a fresh isolate's first answer need not wait for onnxruntime's start.
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
}

/** Who answers a prediction now; `openSession`, when the light tier answers, opens the session behind it. */
export interface PredictorChoice {
  model: Predictor;
  engine: Engine;
  openSession?: () => Promise<unknown>;
}

export class ModelRegistry {
  private readonly bundles = new Map<string, ModelBundle>();
  private readonly cards = new Map<string, ModelCard>();
  private readonly loaded = new Map<string, Promise<ServedModel>>();
  /** Models whose sessions are open. */
  private readonly ready = new Set<string>();
  private light: Promise<Predictor> | undefined;
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
        () => this.ready.add(name),
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
      try {
        const model = await (this.light ??= this.openLight(tier));
        return { model, engine: tier.engine, openSession: () => this.get(name) };
      } catch (error) {
        console.error(`the ${tier.engine} tier did not start; onnxruntime-web answers`, error);
      }
    }
    return { model: await this.get(name), engine: "onnxruntime-web" };
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
