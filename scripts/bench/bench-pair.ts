// The pair every latency figure in reports/perf.md is measured on: a 22-nt miRNA and a generated
// 2,000-nt lncRNA (issue 4's "one pair, 2 kb lncRNA").
import { randomRna, seededRandom } from "../../test/generators.ts";

/** The generator the pair was drawn from; bench:api draws its screen candidates after it. */
export const benchRandom = seededRandom(2024);
export const BENCH_PAIR = { mirna: "UGAGGUAGUAGGUUGUAUAGUU", lncrna: randomRna(benchRandom, 2000) } as const;
