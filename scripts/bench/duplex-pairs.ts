// The pairs the duplex benches time: a quarter each from the PmliPred A. lyrata and S. lycopersicum
// tests, PmliPEMG TestSetH (A. lyrata + M. truncatula) and the ncRNAInter human test split.
import { loadLabelledPairs } from "../data/datasets.ts";
import type { LabelledPair } from "../data/pairs.ts";
import { seededRandom } from "../lib/generators.ts";
import { shuffled } from "../lib/random.ts";

export interface BenchPair extends LabelledPair {
  /** the name the benches print for the pair's test set */
  set: string;
}

function benchSet(name: string, dataDir: string, set: string, split?: string): BenchPair[] {
  return loadLabelledPairs(name, dataDir)
    .pairs.filter((p) => split === undefined || p.split === split)
    .map((p) => ({ ...p, set }));
}

const sample = <T>(items: T[], count: number, random: () => number): T[] => shuffled(items, random).slice(0, count);

/** `total` pairs drawn with `seed`, in set order. */
export function duplexBenchPairs(dataDir: string, total: number, seed: number): BenchPair[] {
  const random = seededRandom(seed);
  const quarter = Math.floor(total / 4);
  return [
    ...sample(benchSet("pmlipred-test-aly", dataDir, "pmlipred-aly"), quarter, random),
    ...sample(benchSet("pmlipred-test-sly", dataDir, "pmlipred-sly"), quarter, random),
    ...sample(
      [
        ...benchSet("pmlipemg-testseth-aly", dataDir, "pmliPEMG-aly"),
        ...benchSet("pmlipemg-testseth-mtr", dataDir, "pmliPEMG-mtr"),
      ],
      quarter,
      random,
    ),
    ...sample(benchSet("ncrnainter-human", dataDir, "ncrnainter-human", "test"), total - 3 * quarter, random),
  ];
}
