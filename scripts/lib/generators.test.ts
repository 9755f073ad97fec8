import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { dinucleotideShuffle, randomRna, seededRandom } from "./generators.ts";

const dinucleotides = (s: string) => {
  const counts = new Map<string, number>();
  for (let i = 0; i + 1 < s.length; i++) counts.set(s.slice(i, i + 2), (counts.get(s.slice(i, i + 2)) ?? 0) + 1);
  return [...counts].sort();
};

describe("dinucleotideShuffle", () => {
  it("keeps the dinucleotide counts and the first and last base", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 }), fc.integer({ min: 0, max: 300 }), (seed, length) => {
        const random = seededRandom(seed);
        const sequence = randomRna(random, length, seed % 2 ? "ACGU" : "AAUG");
        const shuffled = dinucleotideShuffle(sequence, random);
        expect(shuffled).toHaveLength(sequence.length);
        expect(dinucleotides(shuffled)).toEqual(dinucleotides(sequence));
        expect(shuffled[0]).toBe(sequence[0]);
        expect(shuffled.at(-1)).toBe(sequence.at(-1));
      }),
    );
  });
  it("moves the bases", () => {
    const random = seededRandom(3);
    const sequence = randomRna(random, 500);
    const shuffled = dinucleotideShuffle(sequence, random);
    let same = 0;
    for (let i = 0; i < sequence.length; i++) if (shuffled[i] === sequence[i]) same++;
    expect(same / sequence.length).toBeLessThan(0.5);
  });
});
