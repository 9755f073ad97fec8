// Generated sequences for tests and benchmarks. Fixtures never carry sequences from the data dir.
import fc from "fast-check";
import { shuffled } from "./random.ts";

const BASES = "ACGU";

/** Deterministic PRNG (mulberry32) for fixtures and benchmarks that need a fixed seed: the harness's own. */
export { seededRandom } from "./random.ts";

export function randomRna(random: () => number, length: number, alphabet = BASES): string {
  let s = "";
  for (let i = 0; i < length; i++) s += alphabet[Math.floor(random() * alphabet.length)];
  return s;
}

/**
 * A dinucleotide shuffle (Altschul & Erickson 1985, by a random Eulerian walk as Kandel et al. 1996
 * draw it): a random sequence with exactly the input's dinucleotide counts, first and last base.
 */
export function dinucleotideShuffle(sequence: string, random: () => number): string {
  if (sequence.length < 3) return sequence;
  const last = sequence[sequence.length - 1]!;
  const successors = new Map<string, string[]>();
  for (let i = 0; i + 1 < sequence.length; i++) {
    const list = successors.get(sequence[i]!) ?? [];
    list.push(sequence[i + 1]!);
    successors.set(sequence[i]!, list);
  }
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
  // each base's last exit, drawn until they form a tree that leads every base to the final one
  let lastExit = new Map<string, string>();
  for (;;) {
    lastExit = new Map([...successors].filter(([base]) => base !== last).map(([base, next]) => [base, pick(next)]));
    const reachesLast = (base: string) => {
      const seen = new Set<string>();
      while (base !== last) {
        if (seen.has(base)) return false;
        seen.add(base);
        base = lastExit.get(base)!;
      }
      return true;
    };
    if ([...lastExit.keys()].every(reachesLast)) break;
  }
  const exits = new Map<string, string[]>();
  for (const [base, next] of successors) {
    const kept = lastExit.get(base);
    const others = [...next];
    if (kept !== undefined) others.splice(others.indexOf(kept), 1);
    const rest = shuffled(others, random);
    if (kept !== undefined) rest.push(kept);
    exits.set(base, rest.reverse());
  }
  let out = sequence[0]!;
  for (let i = 1; i < sequence.length; i++) out += exits.get(out[out.length - 1]!)!.pop()!;
  return out;
}

export function reverseComplement(rna: string): string {
  const pair: Record<string, string> = { A: "U", C: "G", G: "C", U: "A", T: "A" };
  return [...rna]
    .reverse()
    .map((b) => pair[b] ?? "N")
    .join("");
}

/** Nucleotide codes 0..4 (4 = N), N rare, as the kernels take them. */
export const codesArb = (maxLength = 600) =>
  fc
    .array(
      fc.oneof({ weight: 40, arbitrary: fc.integer({ min: 0, max: 3 }) }, { weight: 1, arbitrary: fc.constant(4) }),
      { maxLength },
    )
    .map((a) => Uint8Array.from(a));

const validSymbol = fc.oneof(
  { weight: 30, arbitrary: fc.constantFrom(..."ACGTUacgtu") },
  { weight: 1, arbitrary: fc.constantFrom(..."NnRYSWKMBDHVrysw") },
  { weight: 1, arbitrary: fc.constantFrom(" ", "\n", "\r\n", "\t") },
);
const invalidSymbol = fc.constantFrom(
  "X",
  "x",
  "Z",
  "I",
  "E",
  "-",
  "*",
  ".",
  ">",
  "0",
  "9",
  "é",
  "🧬",
  "\u0000",
  "ǅ",
  "Ａ",
);

/** User-like sequence text: mixed case, T and U, FASTA line breaks, N, and sometimes invalid symbols. */
export const sequenceTextArb = (maxLength = 600) =>
  fc.oneof(
    { weight: 4, arbitrary: fc.array(validSymbol, { maxLength }).map((a) => a.join("")) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.array(validSymbol, { maxLength }), fc.array(invalidSymbol, { minLength: 1, maxLength: 3 }), fc.nat())
        .map(([valid, bad, at]) => {
          const pos = valid.length === 0 ? 0 : at % (valid.length + 1);
          return [...valid.slice(0, pos), ...bad, ...valid.slice(pos)].join("");
        }),
    },
  );

/** A miRNA (codes) and a target with seed sites planted in it: exact, wobble, m8/A1 variants. */
export const seedCaseArb = fc
  .record({
    mir: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 8, maxLength: 26 }),
    target: fc.array(
      fc.oneof({ weight: 60, arbitrary: fc.integer({ min: 0, max: 3 }) }, { weight: 1, arbitrary: fc.constant(4) }),
      { minLength: 8, maxLength: 800 },
    ),
    plants: fc.array(
      fc.record({
        at: fc.nat(),
        wobbleAt: fc.option(fc.integer({ min: 0, max: 5 })),
        m8: fc.boolean(),
        a1: fc.boolean(),
      }),
      { minLength: 1, maxLength: 5 },
    ),
  })
  .map(({ mir, target, plants }) => {
    const complement = [3, 2, 1, 0];
    for (const plant of plants) {
      if (target.length < 8) break;
      const p = 1 + (plant.at % (target.length - 7));
      for (let q = 0; q < 6; q++) {
        const m = mir[6 - q]!;
        let t = complement[m]!;
        if (plant.wobbleAt === q && (m === 2 || m === 3)) t = m === 2 ? 3 : 2; // G:U instead of C:G / A:U
        target[p + q] = t;
      }
      target[p - 1] = plant.m8 ? complement[mir[7]!]! : (complement[mir[7]!]! + 1) % 4;
      target[p + 6] = plant.a1 ? 0 : 1 + (plant.at % 3);
    }
    return { mir: Uint8Array.from(mir), target: Uint8Array.from(target) };
  });

/**
 * A miRNA (codes, N rare) and a target holding planted plant-style sites: the miRNA's reverse
 * complement with some mismatches, G:U pairs, miRNA bulges (a nt left out) and target bulges
 * (nt inserted), among them target-mimicry sites (three nt inserted after miRNA nt 9–11).
 */
export const complementarityCaseArb = fc
  .record({
    mir: fc.array(
      fc.oneof({ weight: 60, arbitrary: fc.integer({ min: 0, max: 3 }) }, { weight: 1, arbitrary: fc.constant(4) }),
      { minLength: 8, maxLength: 30, size: "max" },
    ),
    target: fc.array(
      fc.oneof({ weight: 60, arbitrary: fc.integer({ min: 0, max: 3 }) }, { weight: 1, arbitrary: fc.constant(4) }),
      { maxLength: 300, size: "max" },
    ),
    plants: fc.array(
      fc.record({
        at: fc.nat(),
        edits: fc.array(
          fc.record({
            position: fc.integer({ min: 1, max: 30 }),
            kind: fc.constantFrom("mismatch", "wobble", "leave-out", "insert", "mimicry"),
            base: fc.integer({ min: 0, max: 4 }),
          }),
          { maxLength: 4 },
        ),
      }),
      { maxLength: 3 },
    ),
  })
  .map(({ mir, target, plants }) => {
    const complement = [3, 2, 1, 0, 4];
    for (const plant of plants) {
      // the site 5′→3′ on the target, built from miRNA nt L down to 1
      const facing: number[][] = mir.map((m) => [complement[m]!]);
      for (const edit of plant.edits) {
        const i = ((edit.position - 1) % mir.length) + 1;
        const m = mir[i - 1]!;
        if (edit.kind === "mismatch") facing[i - 1] = [(complement[m]! + 1 + (edit.base % 3)) % 4];
        else if (edit.kind === "wobble" && (m === 2 || m === 3)) facing[i - 1] = [m === 2 ? 3 : 2];
        else if (edit.kind === "leave-out") facing[i - 1] = [];
        else if (edit.kind === "insert") facing[i - 1] = [edit.base, ...facing[i - 1]!];
        else if (edit.kind === "mimicry" && mir.length > 12) {
          const after = 9 + (edit.base % 3);
          facing[after] = [...facing[after]!, edit.base % 4, (edit.base + 1) % 4, (edit.base + 2) % 4];
        }
      }
      const site = facing.reverse().flat();
      const at = target.length === 0 ? 0 : plant.at % (target.length + 1);
      target.splice(at, 0, ...site);
    }
    return { mir: Uint8Array.from(mir), target: Uint8Array.from(target) };
  });
