// A screen (one lncRNA against a panel) scores each pair exactly as /v1/predict does, whichever way
// the model's encoding lets the screen build its rows: lncRNA blocks once (k-mer/CTD/seed encodings and
// composites whose parts each read one RNA, such as the ensemble's gate), or every pair encoded whole. Pairs come from the parity
// fixtures (generated sequences whose scores spread over (0, 1)).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { MirnaPanel } from "../../functions/features/mirna-panel.ts";
import { separableComposite } from "../../functions/features/pair-features.ts";
import { loadEncoders } from "../../scripts/lib/kernels-node.ts";
import { nodeModelRegistry } from "../../scripts/lib/node-runtime.ts";

const registry = nodeModelRegistry();
const encoders = loadEncoders();
const fixture = (model: string) =>
  JSON.parse(readFileSync(join(import.meta.dirname, "..", "fixtures", "parity", `${model}.json`), "utf8")) as {
    pairs: { mirna: string; lncrna: string }[];
    scores: number[];
  };

describe("screen rows = predict rows", () => {
  it("builds the lncRNA blocks once exactly for composites whose parts each read one RNA", () => {
    const separable = registry.names().filter((name) => separableComposite(registry.card(name)!.encoding as never));
    expect(separable).toContain("gclmi");
    for (const name of ["lncmirnet", "premli", "pmlipred"]) expect(separable).not.toContain(name);
  });

  // gclmi: separable composite; kmer-mlp: k-mer/CTD/seed blocks; pmlipred: pairwise (duplex-placed window)
  // ensemble: members' screens, then its gate's lncRNA blocks written once; ensemble-lite: fused, every pair encoded whole
  for (const [name, lncrnas, mirnas] of [
    ["gclmi", 3, 200],
    ["kmer-mlp", 2, 100],
    ["pmlipred", 2, 60],
    ["ensemble", 2, 40],
    ["ensemble-lite", 2, 40],
  ] as const) {
    it(`${name}: |Δ| ≤ 1e-5 between screen and predict, scores spread over (0, 1)`, async () => {
      const { pairs, scores } = fixture(name === "kmer-mlp" ? "gclmi" : name);
      const codes = (s: string) => encoders.normalize(s).codes;
      const panel = pairs.slice(0, mirnas).map((p) => codes(p.mirna));
      // the lncRNAs of the fixture's highest- and lowest-scored pairs, so the screens' scores spread
      const order = scores.map((_, i) => i).sort((a, b) => scores[b]! - scores[a]!);
      const chosen = [...order.slice(0, lncrnas - 1), order[order.length - 1]!].map((i) => pairs[i]!);
      const model = await registry.get(name);
      const all: number[] = [];
      for (const pair of chosen) {
        const lncrna = codes(pair.lncrna);
        const screened = await model.screen(lncrna, new MirnaPanel(panel));
        const predicted = (
          await model.predict(
            panel.map((mirna) => ({ mirna, lncrna })),
            0,
          )
        ).map((p) => p.score);
        expect(screened.length).toBe(panel.length);
        const worst = Math.max(...predicted.map((s, i) => Math.abs(s - screened[i]!)));
        expect(worst).toBeLessThanOrEqual(1e-5);
        all.push(...predicted);
      }
      if (name !== "kmer-mlp") {
        expect(Math.min(...all)).toBeLessThan(0.2);
        expect(Math.max(...all)).toBeGreaterThan(0.8);
      }
    });
  }
});
