// The pair every latency figure in reports/perf.md is measured on: a 22-nt miRNA and a generated
// 2,000-nt lncRNA, the latency targets' "one pair, 2 kb lncRNA".
import type { Encoders } from "../../functions/kernels/encoders.ts";
import { randomRna, seededRandom } from "../../test/generators.ts";

/** The generator the pair was drawn from; bench:api draws its screen candidates after it. */
export const benchRandom = seededRandom(2024);
export const BENCH_PAIR = { mirna: "UGAGGUAGUAGGUUGUAUAGUU", lncrna: randomRna(benchRandom, 2000) } as const;

/** The pair as a request has it: freshly normalized codes (the encoders' duplex cache is keyed by the array). */
export const encodeBenchPair = (encoders: Encoders) => ({
  mirna: encoders.normalize(BENCH_PAIR.mirna).codes,
  lncrna: encoders.normalize(BENCH_PAIR.lncrna).codes,
});
