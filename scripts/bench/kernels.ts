// npm run bench:kernels — AS SIMD vs AS scalar vs the plain-TS reference on 1,000 × 5 kb generated
// sequences, from nucleotide codes to features. Two ways of timing each wasm build:
//   kernel  — codes copied into linear memory, features computed there (what the TS reference does
//             in its own JS memory: same input, output in memory the next stage can read);
//   into JS — the same plus copying the features out into a caller-provided Float32Array.
// The TS reference writes into a preallocated Float32Array too (allocating 80 KB per call would cost
// it more than the work). Normalization (text → codes) is timed on its own. The expectation kernel
// (psRNATarget-style complementarity, a 21-nt miRNA against each sequence) is timed on the first
// EXPECTATION_COUNT sequences: its TS reference is a full DP with a traceback matrix.
// This machine is shared and noisy, so every round times all implementations back to back: the
// table shows each one's fastest round, and a speedup is the median over rounds of the per-round
// ratio, which cancels most of the drift that hits both sides of a ratio alike.
import { loadEncoders } from "../lib/kernels-node.ts";
import { randomRna, seededRandom } from "../lib/generators.ts";
import { kmerRef, normalizeRef, onehotRef } from "../lib/reference/encoders.ts";
import { kmerDims } from "../../functions/kernels/encoders.ts";
import { type Codes } from "../../functions/kernels/codes.ts";
import { expectationRef } from "../lib/reference/expectation.ts";

const COUNT = 1000;
const LENGTH = 5000;
const ROUNDS = 15;
const EXPECTATION_COUNT = 100;

const random = seededRandom(2026);
const texts = Array.from({ length: COUNT }, () => randomRna(random, LENGTH, "ACGT"));
const simd = loadEncoders("simd");
const scalar = loadEncoders("scalar");
const codes = texts.map((t) => simd.normalize(t).codes);
const mirna = simd.normalize(randomRna(random, 21)).codes;
const expectationCodes = codes.slice(0, EXPECTATION_COUNT);
const onehotOut = new Float32Array(4 * LENGTH);
const kmerOut = new Float32Array(kmerDims(4));

function timeMs(run: () => void): number {
  const start = performance.now();
  run();
  return performance.now() - start;
}

type Impl = {
  normalize: (t: string) => unknown;
  onehot: (c: Codes) => unknown;
  kmer: (c: Codes) => unknown;
  expectation: (c: Codes) => unknown;
};
const wasmImpl = (encoders: typeof simd, target: "linear-memory" | "js"): Impl => ({
  normalize: (t) => encoders.normalize(t),
  onehot: (c) => encoders.onehot(c, LENGTH, target === "js" ? onehotOut : target),
  kmer: (c) => encoders.kmerFrequencies(c, 4, target === "js" ? kmerOut : target),
  expectation: (c) => encoders.expectation(mirna, c), // its result is always decoded into JS
});
const impls: Record<string, Impl> = {
  ts: {
    normalize: normalizeRef,
    onehot: (c) => onehotRef(c, LENGTH, onehotOut),
    kmer: (c) => kmerRef(c, 4, true, kmerOut),
    expectation: (c) => expectationRef(mirna, c),
  },
  scalar: wasmImpl(scalar, "linear-memory"),
  simd: wasmImpl(simd, "linear-memory"),
  "scalar→js": wasmImpl(scalar, "js"),
  "simd→js": wasmImpl(simd, "js"),
};

const KERNELS = ["normalize", "onehot", "kmer", "expectation"] as const;
type Kernel = (typeof KERNELS)[number];
const rounds: Record<string, Record<Kernel, number>>[] = [];
for (let round = -1; round < ROUNDS; round++) {
  const times: Record<string, Record<Kernel, number>> = {};
  for (const [name, impl] of Object.entries(impls)) {
    times[name] = {
      normalize: timeMs(() => texts.forEach((t) => impl.normalize(t))),
      onehot: timeMs(() => codes.forEach((c) => impl.onehot(c))),
      kmer: timeMs(() => codes.forEach((c) => impl.kmer(c))),
      expectation: timeMs(() => expectationCodes.forEach((c) => impl.expectation(c))),
    };
  }
  if (round >= 0) rounds.push(times); // round -1 warms up JIT and memory
}

const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const ms = (impl: string, kernel: Kernel) => Math.min(...rounds.map((r) => r[impl]![kernel]));
const ratio = (slow: string, fast: string, kernel: Kernel) =>
  median(rounds.map((r) => r[slow]![kernel] / r[fast]![kernel])).toFixed(1);
console.log(
  `${COUNT} × ${LENGTH} nt, ${ROUNDS} rounds; fastest round in ms per ${COUNT} sequences (expectation: per ${EXPECTATION_COUNT})`,
);
console.log(["".padEnd(10), ...Object.keys(impls).map((n) => n.padStart(11))].join(""));
for (const kernel of KERNELS) {
  console.log([kernel.padEnd(10), ...Object.keys(impls).map((n) => ms(n, kernel).toFixed(2).padStart(11))].join(""));
}
console.log("median per-round ratios:");
console.log(
  `simd/scalar onehot=${ratio("scalar", "simd", "onehot")} kmer=${ratio("scalar", "simd", "kmer")} normalize=${ratio("scalar", "simd", "normalize")}`,
);
console.log(`speedup into JS onehot=${ratio("ts", "simd→js", "onehot")} kmer=${ratio("ts", "simd→js", "kmer")}`);
console.log(`speedup normalize=${ratio("ts", "simd", "normalize")}`);
console.log(`speedup onehot=${ratio("ts", "simd", "onehot")} kmer=${ratio("ts", "simd", "kmer")}`);
console.log(
  `expectation: simd/scalar=${ratio("scalar", "simd", "expectation")} speedup over TS=${ratio("ts", "simd", "expectation")}; ${((ms("simd", "expectation") / EXPECTATION_COUNT) * 1000).toFixed(0)} µs per 5 kb pair (SIMD)`,
);
