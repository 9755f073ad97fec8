// The psRNATarget-style expectation kernel against its plain-TS reference (both builds) on generated
// pairs with planted sites, and each rule of the site vocabulary on hand-made cases.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { loadEncoders } from "../../scripts/lib/kernels-node.ts";
import { complementarityCaseArb, randomRna, reverseComplement, seededRandom } from "../../scripts/lib/generators.ts";
import { expectationRef } from "../../scripts/lib/reference/expectation.ts";

const RUNS = 10_000;
const config = { numRuns: RUNS, seed: 20261205 };

for (const build of ["simd", "scalar"] as const) {
  describe(`expectation kernel (${build} build) matches the TS reference`, () => {
    const encoders = loadEncoders(build);
    const codesOf = (text: string) => encoders.normalize(text).codes;

    it("edge cases: empty sequences, 1 nt, all N, a 20 kb target", () => {
      const mir = codesOf("UGCCAAAGGAGAUUUGCCCUG");
      const big = codesOf(randomRna(seededRandom(3), 20_000));
      for (const [m, t] of [
        [mir, new Uint8Array(0)],
        [new Uint8Array(0), big],
        [mir, codesOf("A")],
        [codesOf("A"), codesOf("U")],
        [mir, codesOf("NNNNNNNNNNNNNNNNNNNNNNNNN")],
        [codesOf("NNNNNNNNNNNNNNNNNNNNN"), big],
        [mir, big],
        [codesOf(randomRna(seededRandom(4), 30)), big],
      ] as const) {
        expect(encoders.expectation(m, t)).toEqual(expectationRef(m, t));
      }
    });

    it(`${RUNS} pairs with planted sites: mismatches, G:U, bulges on both strands, mimicry, N`, () => {
      let targets = 0;
      let bulged = 0;
      let mimics = 0;
      fc.assert(
        fc.property(complementarityCaseArb, ({ mir, target }) => {
          const result = encoders.expectation(mir, target);
          expect(result).toEqual(expectationRef(mir, target));
          if (result.best?.called) targets++;
          if (result.best && (result.best.unpaired.length > 0 || result.best.targetBulges.length > 0)) bulged++;
          if (result.mimicry.sites > 0) mimics++;
        }),
        config,
      );
      // the generator really reaches every branch
      expect(targets).toBeGreaterThan(RUNS / 10);
      expect(bulged).toBeGreaterThan(RUNS / 100);
      expect(mimics).toBeGreaterThan(RUNS / 100);
    });
  });
}

describe("expectation: the site vocabulary on hand-made cases", () => {
  const encoders = loadEncoders();
  const codesOf = (text: string) => encoders.normalize(text).codes;
  const mirna = "UGCCAAAGGAGAUUUGCCCUG"; // 21 nt; nt 10 is A, nt 11 G
  const flank = "ACACACACACACACACACAC";
  const perfect = reverseComplement(mirna);
  /** The target site with miRNA nt `position` (1-based) facing `base` instead of its complement. */
  const facing = (site: string, position: number, base: string) => {
    const at = site.length - position;
    return site.slice(0, at) + base + site.slice(at + 1);
  };
  const run = (site: string) => encoders.expectation(codesOf(mirna), codesOf(flank + site + flank));

  it("a perfect site: expectation 0, cleavage, called a target, located on the lncRNA", () => {
    const { best, scoredLength } = run(perfect);
    expect(scoredLength).toBe(19);
    expect(best).toMatchObject({ expectation: 0, mismatches: [], wobbles: [], seedMismatches: 0 });
    expect(best).toMatchObject({ cleavageSite: true, inhibition: "cleavage", called: true });
    // the site faces miRNA nt 1..19: it ends at the site's 3′ end and leaves nt 20–21 unscored
    expect(best!.end).toBe(flank.length + perfect.length);
    expect(best!.start).toBe(flank.length + 3);
  });

  it("a mismatch weighs 1 outside the seed region and 1.5 inside; G:U half of that", () => {
    expect(run(facing(perfect, 15, "C")).best).toMatchObject({ expectation: 1, mismatches: [15], seedMismatches: 0 });
    expect(run(facing(perfect, 5, "C")).best).toMatchObject({ expectation: 1.5, mismatches: [5], seedMismatches: 1 });
    // miRNA nt 3 is C (pairs G): no G:U; nt 13 is U: facing G is a G:U pair in the seed region
    expect(run(facing(perfect, 13, "G")).best).toMatchObject({ expectation: 0.75, wobbles: [13], seedMismatches: 0 });
    // positions past the HSP size (19) are not scored
    expect(run(facing(perfect, 21, "G")).best).toMatchObject({ expectation: 0, mismatches: [] });
  });

  it("more than two seed mismatches, or an expectation above 5, is no target", () => {
    const three = facing(facing(facing(perfect, 3, "A"), 5, "C"), 7, "C");
    expect(run(three).best).toMatchObject({ expectation: 4.5, seedMismatches: 3, called: false });
    const two = facing(facing(perfect, 3, "A"), 5, "C");
    expect(run(two).best).toMatchObject({ expectation: 3, seedMismatches: 2, called: true });
  });

  it("a mismatch at miRNA nt 10 or 11 means translational inhibition", () => {
    expect(run(facing(perfect, 10, "A")).best).toMatchObject({ cleavageSite: false, inhibition: "translation" });
    expect(run(facing(perfect, 11, "A")).best).toMatchObject({ cleavageSite: false, inhibition: "translation" });
    expect(run(facing(perfect, 12, "C")).best).toMatchObject({ cleavageSite: true, inhibition: "cleavage" });
  });

  it("gaps: a one-nt bulge costs the opening penalty, 2 (3 in the seed region)", () => {
    const at = perfect.length - 14; // between the nt facing miRNA nt 15 and 14
    const inserted = perfect.slice(0, at) + "C" + perfect.slice(at);
    expect(run(inserted).best).toMatchObject({ expectation: 2, targetBulges: [{ after: 14, length: 1 }] });
    const seedAt = perfect.length - 6; // after miRNA nt 6
    const seedInserted = perfect.slice(0, seedAt) + "A" + perfect.slice(seedAt);
    expect(run(seedInserted).best).toMatchObject({ expectation: 3, seedMismatches: 1 });
    // nt 15 left without a partner; nt 14 and 15 are both U, and the traceback puts the gap at nt 14
    const leftOut = perfect.slice(0, perfect.length - 15) + perfect.slice(perfect.length - 14);
    expect(run(leftOut).best).toMatchObject({ expectation: 2, unpaired: [14] });
  });

  it("target mimicry: a paired seed and three lncRNA nt between miRNA nt 10 and 11", () => {
    const at = perfect.length - 10; // the lncRNA nt facing miRNA nt 11 ends here
    const mimic = perfect.slice(0, at) + "CUC" + perfect.slice(at);
    const { mimicry, best } = run(mimic);
    expect(mimicry.sites).toBeGreaterThanOrEqual(1);
    expect(mimicry.best).toMatchObject({
      bulgeAfter: 10,
      mispairs: 0,
      start: flank.length + 1,
      end: flank.length + 24,
    });
    expect(best!.cleavageSite).toBe(false);
    // a seed mismatch, or a four-nt bulge, is no mimic
    expect(run(facing(mimic, 4, "A")).mimicry.sites).toBe(0);
    expect(run(perfect.slice(0, at) + "CUCU" + perfect.slice(at)).mimicry.sites).toBe(0);
    expect(run(perfect).mimicry.sites).toBe(0);
  });
});
