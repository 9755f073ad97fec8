// Pieces of the benchmark definitions that need no data dir: the reliable-negative rule and the
// deterministic capped subsample.
import { describe, expect, it } from "vitest";
import { capRows, reliableNegativeRule } from "../../scripts/evaluate/benchmarks.ts";
import { emptyStore, type PairRow } from "../../scripts/data/pairs.ts";
import { loadEncoders } from "../../scripts/lib/kernels-node.ts";
import { randomRna, reverseComplement, seededRandom } from "../../scripts/lib/generators.ts";

const row = (mirnaId: string, lncrnaId: string, label: 0 | 1): PairRow => ({
  mirnaId,
  lncrnaId,
  label,
  species: "x",
  source: "s",
  split: "train",
});

describe("reliable-negative rule", () => {
  const random = seededRandom(4);
  const store = emptyStore();
  const partner = "U" + randomRna(random, 21);
  store.mirna.set("partner", partner);
  store.mirna.set("family", partner.slice(0, 8) + randomRna(random, 14)); // same seed (nt 2–8)
  const stranger = "U" + randomRna(random, 21);
  store.mirna.set("stranger", stranger);
  store.lncrna.set("l", randomRna(random, 400, "AC")); // no G/U: no site of a miRNA can pair by chance… almost
  store.lncrna.set(
    "withSite",
    randomRna(random, 200, "AC") + reverseComplement(stranger.slice(1, 8)) + "A" + randomRna(random, 200, "AC"),
  );
  const rule = reliableNegativeRule(loadEncoders(), store, [row("partner", "l", 1)]);

  it("flags a family member of a known partner and a miRNA with an 8mer/7mer-m8 site, and nothing else", () => {
    expect(rule("family", "l")).toBe("same seed as a known partner");
    expect(rule("stranger", "withSite")).toBe("8mer/7mer-m8 seed site");
    expect(rule("family", "withSite")).toBeUndefined();
  });
});

describe("capped subsample", () => {
  const rows = Array.from({ length: 1000 }, (_, i) => row(`m${i}`, `l${i}`, i % 4 === 0 ? 1 : 0));
  it("keeps the class ratio, is deterministic and leaves small sets whole", () => {
    const capped = capRows(rows, 100);
    expect(capped).toHaveLength(100);
    expect(capped.filter((r) => r.label === 1)).toHaveLength(25);
    expect(
      capRows([...rows].reverse(), 100)
        .map((r) => r.mirnaId)
        .sort(),
    ).toEqual(capped.map((r) => r.mirnaId).sort());
    expect(capRows(rows.slice(0, 50), 100)).toHaveLength(50);
  });
});
