// A fused ensemble's card is checked when loaded: the row its fused encoding writes must be as long
// as the card says, and the graph must name one score output per member; and its members must be
// bundled beside it (it opens no member sessions, but answers carry their thresholds).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseCard } from "../../functions/models/card.ts";
import { ModelRegistry } from "../../functions/inference/registry.ts";
import { loadEncoders } from "../../scripts/lib/kernels-node.ts";
import { ortWasmFromNodeModules, readModelBundles } from "../../scripts/lib/node-runtime.ts";

const card = () =>
  JSON.parse(readFileSync(join(import.meta.dirname, "..", "..", "models", "ensemble-lite.json"), "utf8"));

describe("fused ensemble cards", () => {
  it("accepts the committed fused card", () => {
    expect(parseCard(card()).encoding).toMatchObject({ name: "member-scores", fused: { dims: expect.any(Number) } });
  });

  it("keeps the gate's parts once: the fused row ends with them", () => {
    const committed = card();
    expect(committed.encoding.fused.gateFollows).toBe(true);
    expect(committed.encoding.fused.encoding.parts.some((p: { kind: string }) => p.kind === "known")).toBe(false);
    const without = card();
    delete without.encoding.fused.gateFollows;
    expect(() => parseCard(without)).toThrow(/fused encoding gives \d+ features, card says \d+/);
  });

  it("refuses a fused row length its encoding does not give", () => {
    const wrong = card();
    wrong.encoding.fused.dims += 1;
    expect(() => parseCard(wrong)).toThrow(/fused encoding gives \d+ features, card says \d+/);
  });

  it("refuses member outputs that do not match the members", () => {
    const wrong = card();
    wrong.encoding.fused.memberOutputs.pop();
    expect(() => parseCard(wrong)).toThrow(/fused member outputs for \d+ members/);
  });

  it("refuses a novel-lncRNA route without the known keys, a head of the gate's or a full novel head", () => {
    expect(card().encoding.novel).toEqual({ head: "human" });
    const noKeys = card();
    noKeys.encoding.gate.encoding.parts.pop();
    noKeys.encoding.dims -= 1;
    noKeys.encoding.fused.dims -= 1;
    const noHead = card();
    noHead.encoding.novel.head = "mouse";
    const partial = card();
    delete partial.training.stacker.novelHead.weights["pair-mlp"];
    for (const wrong of [noKeys, noHead, partial])
      expect(() => parseCard(wrong)).toThrow(/novel-lncRNA route needs a gate whose encoding ends with a known part/);
  });

  it("refuses a deployment that bundles an ensemble without its members", () => {
    const bundles = readModelBundles().filter((b) => (b.card as { name: string }).name !== "gclmi");
    expect(() => new ModelRegistry(bundles, loadEncoders(), ortWasmFromNodeModules())).toThrow(
      /ensemble(-lite)? lists members that are not bundled: gclmi/,
    );
  });
});
