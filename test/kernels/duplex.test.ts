// The duplex kernel: hand-checked small duplexes, the TS reference on generated inputs, the
// committed RNAhybrid fixture, limits, a 100 kb target and determinism — for both builds.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import fixture from "../fixtures/duplex-rnahybrid.json" with { type: "json" };
import { duplexCases } from "../../scripts/lib/duplex-cases.ts";
import { loadEncoders } from "../../scripts/lib/kernels-node.ts";
import { spearman } from "../../scripts/evaluate/metrics.ts";
import { randomRna, reverseComplement, seededRandom } from "../../scripts/lib/generators.ts";
import { duplexRef, structureEnergyRef, type RefDuplex } from "../../scripts/lib/reference/duplex.ts";
import type { DuplexSite } from "../../functions/kernels/duplex.ts";

/**
 * Sites listed best first: each the optimum of its start position, none overlapping another, and
 * every better (or, when fewer than wanted were listed, every favourable) start left out overlaps
 * a listed one — by its start or its duplex.
 */
function checkSites(sites: DuplexSite[], reference: RefDuplex, wanted: number): void {
  const energies = sites.map((s) => Math.round(s.energy * 100));
  expect(energies).toEqual([...energies].sort((a, b) => a - b));
  const spans = sites.map((s) => [s.targetStart - 1, s.targetEnd - 1] as const);
  const overlapping = (a: number, b: number, except?: number) =>
    spans.some(([c, d], k) => k !== except && a <= d && b >= c);
  sites.forEach((site, k) => {
    expect(energies[k]).toBe(reference.starts[site.targetStart - 1]?.energy);
    expect(overlapping(spans[k]![0], spans[k]![1], k)).toBe(false);
  });
  const bar = sites.length === wanted ? energies[wanted - 1]! : 0;
  reference.starts.forEach((start, i) => {
    if (!start || start.energy >= bar) return;
    const listed = sites.some((s) => s.targetStart - 1 === i);
    expect(
      listed || overlapping(i, i) || overlapping(start.pairs[0]![0], start.pairs[start.pairs.length - 1]![0]),
    ).toBe(true);
  });
}

for (const build of ["simd", "scalar"] as const) {
  describe(`duplex kernel (${build} build)`, () => {
    const encoders = loadEncoders(build);
    const codes = (text: string) => encoders.normalize(text).codes;
    const duplex = (mirna: string, target: string, options = {}) =>
      encoders.duplex(codes(mirna), codes(target), options);

    // miRNA GGACUCAG against its exact complement CUGAGUCC; read 3'→5' the miRNA is GACUCAGG.
    // Turner 1999 stacks (dcal/mol), outer pair then inner pair read from inside:
    // CG·AU −210, UA·CG −210, GC·UA −240, AU·CG −210, GC·AU −220, UA·GC −240, CG·GC −330 = −1660
    const MIRNA = "GGACUCAG";

    it("perfect match: the sum of the stacks, no dangles without flanks", () => {
      const d = duplex(MIRNA, "CUGAGUCC");
      expect(d.energy).toBeCloseTo(-16.6, 10);
      expect(d.best).toMatchObject({ targetStart: 1, targetEnd: 8, mirnaStart: 1, mirnaEnd: 8 });
      expect(d.best!.pairs).toEqual([
        [1, 8],
        [2, 7],
        [3, 6],
        [4, 5],
        [5, 4],
        [6, 3],
        [7, 2],
        [8, 1],
      ]);
    });

    it("a site serializes with its pairs and diagram, as drawn from its trace", () => {
      const site = duplex(MIRNA, "ACUGAAUCCU").best!;
      const plain = JSON.parse(JSON.stringify(site)) as DuplexSite;
      expect(plain.pairs).toEqual(site.pairs);
      expect(plain.pairs).toHaveLength(7);
      expect(plain.diagram).toEqual(site.diagram);
      expect(plain.diagram.join("")).toMatch(/[ACGU]/);
      expect(plain).toMatchObject({ energy: site.energy, targetStart: site.targetStart, mirnaEnd: site.mirnaEnd });
    });

    it("flanking bases add their dangling-end energies", () => {
      // the 5′ A dangles on the first pair C·G (dangle5[CG][A] = −50); the 3′ U on the last pair
      // C·G, seen from inside as G·C (dangle3[GC][U] = −120)
      expect(duplex(MIRNA, "ACUGAGUCCU").energy).toBeCloseTo(-16.6 - 0.5 - 1.2, 10);
    });

    it("a single mismatch is a 1×1 loop from the int11 table", () => {
      // target G→A opposite miRNA C: stacks −210 −210 −240, int11[AU][AU][A][C] = +170, stacks −240 −330
      const d = duplex(MIRNA, "CUGAAUCC");
      expect(d.energy).toBeCloseTo(-10.6, 10);
      expect(d.best!.pairs).toHaveLength(7);
    });

    it("a G:U pair stacks with the G·U parameters", () => {
      // target A→G opposite miRNA U: GC·UA −240 → GC·UG −150 and AU·CG −210 → GU·CG −210
      expect(duplex(MIRNA, "CUGGGUCC").energy).toBeCloseTo(-16.6 + 2.4 + 2.1 - 1.5 - 2.1, 10);
    });

    it("a one-base bulge costs bulge(1) plus the stack across it", () => {
      // extra A on the target after the 4th base: −210 −210 −240, bulge 380 + AU·CG −210, −220 −240 −330
      const d = duplex(MIRNA, "CUGAAGUCC");
      expect(d.energy).toBeCloseTo(-12.8, 10);
      expect(d.best!.diagram[0].replace(/ /g, "")).toBe("A");
    });

    it("finds nothing where nothing can pair", () => {
      expect(duplex("AAAAAAAAAAAAAAA", "AAAAAAAAAACCCCCAAAA")).toEqual({ energy: 0, best: null, sites: [] });
      expect(duplex(MIRNA, "")).toEqual({ energy: 0, best: null, sites: [] });
    });

    it("rejects inputs outside its limits, naming them", () => {
      expect(() => duplex("A".repeat(33), "ACGU")).toThrow(/1–32 nt, got 33/);
      expect(() => encoders.duplex(new Uint8Array(0), codes("ACGU"))).toThrow(/got 0/);
      expect(() => duplex(MIRNA, "ACGU", { maxInternalLoop: 16 })).toThrow(/maxInternalLoop/);
      expect(() => duplex(MIRNA, "ACGU", { maxBulge: -1 })).toThrow(/maxBulge/);
      expect(() => duplex(MIRNA, "ACGU", { helix: [7, 2] })).toThrow(/helix/);
      expect(() => duplex(MIRNA, "ACGU", { helix: [2, 9] })).toThrow(/helix/);
    });

    it("matches the TS reference on generated pairs, loop limits and seed helices", () => {
      fc.assert(
        fc.property(
          fc.record({
            mirna: fc.stringMatching(/^[ACGU]{8,24}$/),
            target: fc.stringMatching(/^[ACGUN]{0,90}$/),
            plant: fc.boolean(),
            maxInternal: fc.integer({ min: 0, max: 15 }),
            maxBulge: fc.integer({ min: 0, max: 15 }),
            helix: fc.option(fc.constantFrom<[number, number]>([2, 7], [2, 8], [3, 5])),
          }),
          ({ mirna, target, plant, maxInternal, maxBulge, helix }) => {
            const t = plant
              ? target.slice(0, 20) + reverseComplement(mirna).replace(/^(...)./, "$1A") + target.slice(20)
              : target;
            const q = codes(mirna);
            const tc = codes(t);
            const options = { maxInternalLoop: maxInternal, maxBulge, ...(helix ? { helix } : {}) };
            const kernel = encoders.duplex(q, tc, options);
            const reference = duplexRef(q, tc, { maxInternal, maxBulge, ...(helix ? { helix } : {}) });
            expect(Math.round(kernel.energy * 100)).toBe(reference.energy);
            if (kernel.best) {
              const pairs = kernel.best.pairs.map(([i, j]) => [i - 1, j - 1] as [number, number]);
              expect(structureEnergyRef(q, tc, pairs)).toBe(reference.energy);
            } else {
              expect(reference.pairs).toEqual([]);
            }
            // further sites: the best start not inside a kept site, whose duplex overlaps none kept
            const listed = encoders.duplex(q, tc, { ...options, sites: 3 }).sites;
            checkSites(listed, reference, 3);
          },
        ),
        { numRuns: 1500, seed: 5 },
      );
    });

    it("matches the TS reference when the miRNA has an N (inside a loop, at a pair, at either end)", () => {
      fc.assert(
        fc.property(
          fc.record({
            mirna: fc.stringMatching(/^[ACGU]{0,12}N[ACGUN]{0,12}$/).filter((s) => s.length >= 6),
            target: fc.stringMatching(/^[ACGUN]{20,90}$/),
            maxInternal: fc.integer({ min: 0, max: 15 }),
          }),
          ({ mirna, target, maxInternal }) => {
            // plant a near-complement of the miRNA so that its N sits inside a real duplex
            const t = target.slice(0, 10) + reverseComplement(mirna.replace(/N/g, "A")) + target.slice(10);
            const q = codes(mirna);
            const tc = codes(t);
            const kernel = encoders.duplex(q, tc, { maxInternalLoop: maxInternal });
            expect(Math.round(kernel.energy * 100)).toBe(duplexRef(q, tc, { maxInternal }).energy);
          },
        ),
        { numRuns: 600, seed: 11 },
      );
    });

    it("ranks like RNAhybrid on the committed fixture of generated sites (Spearman ≥ 0.9)", () => {
      const cases = duplexCases(fixture.cases.count, fixture.cases.seed);
      const energies = cases.map((c) => duplex(c.mirna, c.target).energy);
      expect(spearman(energies, fixture.energies)).toBeGreaterThanOrEqual(0.9);
      const meanAbsolute = energies.reduce((s, e, i) => s + Math.abs(e - fixture.energies[i]!), 0) / energies.length;
      expect(meanAbsolute).toBeLessThan(0.5);
    });

    it("handles a 100 kb target deterministically and finds the planted site", () => {
      const random = seededRandom(99);
      const mirna = "UGAGGUAGUAGGUUGUAUAGUU";
      const background = randomRna(random, 100_000, "ACGU");
      const target = background.slice(0, 61_000) + reverseComplement(mirna) + background.slice(61_022);
      const first = duplex(mirna, target, { sites: 3 });
      const second = duplex(mirna, target, { sites: 3 });
      expect(second).toEqual(first);
      expect(first.best).toMatchObject({ targetStart: 61_001, targetEnd: 61_022 });
      expect(first.sites).toHaveLength(3);
      // sites do not overlap and come best first
      const spans = first.sites.map((s) => [s.targetStart, s.targetEnd]).sort((a, b) => a[0]! - b[0]!);
      for (let k = 1; k < spans.length; k++) expect(spans[k]![0]!).toBeGreaterThan(spans[k - 1]![1]!);
      expect(first.sites.map((s) => s.energy)).toEqual([...first.sites.map((s) => s.energy)].sort((a, b) => a - b));
    });

    it("a seed helix constraint keeps nt 2–7 paired in one helix", () => {
      const mirna = "UGAGGUAGUAGGUUGUAUAGUU";
      const seedOnly = reverseComplement(mirna.slice(1, 8));
      const target = "CCCCCCCCCC" + reverseComplement(mirna.slice(10)) + "CCCCCCC" + seedOnly + "A" + "CCCCCCCCCC";
      const free = duplex(mirna, target);
      const seeded = duplex(mirna, target, { helix: [2, 7] });
      expect(seeded.energy).toBeGreaterThanOrEqual(free.energy);
      const paired = new Set(seeded.best!.pairs.map(([, j]) => j));
      for (let nt = 2; nt <= 7; nt++) expect(paired.has(nt)).toBe(true);
    });
  });
}

describe("duplex kernel: a forced helix on a long target", () => {
  // Before the helix the vector build skips 16-cell blocks that no finite cell can reach in one loop;
  // the scalar build fills every cell. Long targets with a few seed matches make most blocks skippable.
  const simd = loadEncoders("simd");
  const scalar = loadEncoders("scalar");

  it("skipping unreachable blocks changes neither the energy nor the duplex (vs the scalar build)", () => {
    fc.assert(
      fc.property(
        fc.record({
          seed: fc.integer(),
          length: fc.integer({ min: 100, max: 1500 }),
          planted: fc.integer({ min: 0, max: 4 }),
          maxInternal: fc.integer({ min: 0, max: 15 }),
          maxBulge: fc.integer({ min: 0, max: 30 }),
          helix: fc.constantFrom<[number, number]>([2, 7], [2, 8], [3, 5], [1, 12]),
        }),
        ({ seed, length, planted, maxInternal, maxBulge, helix }) => {
          const random = seededRandom(seed);
          const mirna = randomRna(random, 18 + Math.floor(random() * 7));
          let target = randomRna(random, length);
          for (let k = 0; k < planted; k++) {
            const at = Math.floor(random() * (target.length - 10));
            target = target.slice(0, at) + reverseComplement(mirna.slice(helix[0] - 1, helix[1])) + target.slice(at);
          }
          const options = { maxInternalLoop: maxInternal, maxBulge, helix, sites: 2 };
          const q = simd.normalize(mirna).codes;
          const tc = simd.normalize(target).codes;
          expect(simd.duplex(q, tc, options)).toEqual(scalar.duplex(q, tc, options));
        },
      ),
      { numRuns: 150, seed: 11 },
    );
  });
});
