// The models a deployment serves, loaded on first use and kept for the isolate's life.
import type { Encoders } from "../kernels/encoders.ts";
import { EnsembleModel } from "./ensemble.ts";
import { InteractionModel, type ServedModel } from "./pipeline.ts";
import type { OrtWasm } from "./onnx.ts";
import { parseCard, type ModelBundle, type ModelCard } from "../models/card.ts";

export class ModelRegistry {
  private readonly bundles = new Map<string, ModelBundle>();
  private readonly cards = new Map<string, ModelCard>();
  private readonly loaded = new Map<string, Promise<ServedModel>>();
  readonly defaultName: string;

  constructor(
    bundles: ModelBundle[],
    private readonly encoders: Encoders,
    private readonly wasm: OrtWasm,
    defaultName?: string,
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
      model.catch(() => this.loaded.delete(name)); // a failed load is retried on the next request
      this.loaded.set(name, model);
    }
    return model;
  }
}
