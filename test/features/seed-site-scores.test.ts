// The first pass's seed-site signal: canonical sites of each panel miRNA on the lncRNA, weighted by
// type, so a miRNA with an 8mer site outranks one with a 6mer site, which outranks one with none.
import { describe, expect, it } from "vitest";
import { MirnaPanel } from "../../functions/features/mirna-panel.ts";
import { seedSiteScores } from "../../functions/inference/shortlist.ts";
import { randomRna, reverseComplement, seededRandom } from "../../scripts/lib/generators.ts";
import { loadEncoders } from "../../scripts/lib/kernels-node.ts";

describe("seedSiteScores", () => {
  it("ranks an 8mer site above a 6mer site above none, and counts every site", () => {
    const encoders = loadEncoders();
    const random = seededRandom(3);
    const mirnas = Array.from({ length: 3 }, () => randomRna(random, 22));
    // an 8mer (seed 2–8 + A opposite position 1) for miRNA 0, twice; a 6mer (seed 2–7 only) for miRNA 1
    const eightMer = reverseComplement(mirnas[0]!.slice(1, 8)) + "A";
    const sixMer = "G" + reverseComplement(mirnas[1]!.slice(1, 7)) + "G";
    const filler = "C".repeat(40);
    const lncrna = filler + eightMer + filler + sixMer + filler + eightMer + filler;
    const panel = new MirnaPanel(mirnas.map((m) => encoders.normalize(m).codes));
    const scores = seedSiteScores(encoders, encoders.normalize(lncrna).codes, panel);
    const scan = (i: number) => encoders.seedSites(panel.codes[i]!, encoders.normalize(lncrna).codes, 0).counts;
    expect(scan(0)["8mer"]).toBe(2);
    expect(scan(1)["6mer"]).toBe(1);
    expect(scores[0]).toBeGreaterThan(scores[1]!);
    expect(scores[1]).toBeGreaterThan(scores[2]!);
  });
});
