import { describe, expect, it } from "vitest";
import type { LabelledPair } from "../data/pairs.ts";
import { randomRna, seededRandom } from "../lib/generators.ts";
import { fittedRowsAsTrain, speciesNegatives, type PoolMirna, type SplitRow } from "./species-negatives.ts";

const random = seededRandom(7);
const pool: PoolMirna[] = Array.from({ length: 40 }, (_, i) => ({
  name: `pool-${i}`,
  sequence: randomRna(random, 22),
}));
const lncrnas = Array.from({ length: 5 }, () => randomRna(random, 300));
// the benchmark names its miRNAs its own way and may write them as DNA: matching goes by sequence
const asBenchmark = (m: PoolMirna) => m.sequence.replaceAll("U", "T").toLowerCase();

const row = (l: number, m: number, label: 0 | 1, split: string): SplitRow => ({
  split,
  pair: {
    mirnaId: `bench-${m}`,
    lncrnaId: `L${l}`,
    mirna: asBenchmark(pool[m]!),
    lncrna: lncrnas[l]!,
    label,
    species: "hsa",
    source: "f",
    split: split === "test" ? "test" : "train",
  } as LabelledPair,
});

const rows: SplitRow[] = [
  ...[0, 1, 2, 3].map((m) => row(0, m, 1, "train")),
  ...[1, 4].map((m) => row(1, m, 1, "train")),
  row(0, 12, 0, "train"),
  row(2, 5, 1, "validation"),
  row(3, 30, 1, "validation"), // miRNA 30 only outside train: hidden
  row(4, 31, 1, "test"), // miRNA 31 too
  row(4, 1, 1, "test"), // miRNA 1 is in train rows as well: not hidden
  row(0, 20, 1, "test"), // a test partner of L0
];

describe("negatives over a species' whole miRNA set", () => {
  const negatives = speciesNegatives(rows, pool, 3);
  const key = (p: LabelledPair) => `${p.lncrnaId} ${p.mirna.toUpperCase().replaceAll("T", "U")}`;

  it("gives each train lncRNA as many negatives as it has train positives", () => {
    expect(negatives.filter((n) => n.lncrnaId === "L0")).toHaveLength(4);
    expect(negatives.filter((n) => n.lncrnaId === "L1")).toHaveLength(2);
    expect(negatives).toHaveLength(6);
    expect(negatives.every((n) => n.label === 0)).toBe(true);
  });

  it("pairs the lncRNA's own sequence with a pool miRNA under its pool name", () => {
    for (const n of negatives) {
      expect(n.lncrna).toBe(lncrnas[Number(n.lncrnaId.slice(1))]);
      expect(pool.find((m) => m.name === n.mirnaId)?.sequence).toBe(n.mirna);
    }
  });

  it("never draws a pair of any split, a repeat or a miRNA the train rows hide", () => {
    const taken = new Set(rows.map((r) => key(r.pair)));
    expect(negatives.filter((n) => taken.has(key(n)))).toEqual([]);
    expect(new Set(negatives.map(key)).size).toBe(negatives.length);
    expect(negatives.filter((n) => n.mirnaId === "pool-30" || n.mirnaId === "pool-31")).toEqual([]);
  });

  it("keeps a miRNA the train rows hold even when test rows hold it too", () => {
    const tiny = [pool[31]!, pool[1]!, pool[0]!];
    const few = [row(1, 0, 1, "train"), row(2, 1, 0, "train"), row(4, 31, 1, "test"), row(4, 1, 1, "test")];
    const drawn = speciesNegatives(few, tiny, 1);
    expect(drawn.map((n) => n.mirnaId)).toEqual(["pool-1"]);
  });

  it("matches each train lncRNA's negatives instead when asked to", () => {
    const perNegative = [...rows, row(0, 13, 0, "train"), row(1, 14, 0, "train"), row(2, 15, 0, "validation")];
    const drawn = speciesNegatives(perNegative, pool, 3, "negative");
    expect(drawn.filter((n) => n.lncrnaId === "L0")).toHaveLength(2);
    expect(drawn.filter((n) => n.lncrnaId === "L1")).toHaveLength(1);
    expect(drawn).toHaveLength(3);
  });

  it("is deterministic for a seed and differs across seeds", () => {
    expect(speciesNegatives(rows, pool, 3)).toEqual(negatives);
    expect(speciesNegatives(rows, pool, 4).map((n) => n.mirnaId)).not.toEqual(negatives.map((n) => n.mirnaId));
  });
});

describe("negatives for the rows a stacker's heads are fitted on", () => {
  const plain = (r: SplitRow) => r.pair;
  // L2 and L3 are the fitted rows; miRNA 0 and 1 belong to other rows only, miRNA 5 to a fitted row
  const fitted = [row(2, 5, 1, "validation"), row(2, 6, 1, "validation"), row(3, 7, 1, "validation")].map(plain);
  const others = [row(0, 0, 1, "train"), row(1, 1, 1, "train"), row(4, 8, 1, "test")].map(plain);
  const drawn = speciesNegatives(fittedRowsAsTrain(fitted, [...others, ...fitted]), pool, 5);

  it("draws for the fitted rows' lncRNAs only, as many as their positives", () => {
    expect(drawn.filter((n) => n.lncrnaId === "L2")).toHaveLength(2);
    expect(drawn.filter((n) => n.lncrnaId === "L3")).toHaveLength(1);
    expect(drawn).toHaveLength(3);
  });

  it("never draws a miRNA that only the other rows hold, of any split", () => {
    const many = Array.from({ length: 30 }, (_, s) =>
      speciesNegatives(fittedRowsAsTrain(fitted, [...others, ...fitted]), pool, s),
    ).flat();
    const names = new Set(many.map((n) => n.mirnaId));
    for (const hidden of ["pool-0", "pool-1", "pool-8"]) expect(names).not.toContain(hidden);
    const partners = new Set(fitted.map((p) => `${p.lncrnaId} ${p.mirnaId.replace("bench", "pool")}`));
    expect(many.filter((n) => partners.has(`${n.lncrnaId} ${n.mirnaId}`))).toEqual([]);
    expect(names.size).toBeGreaterThan(10);
  });
});
