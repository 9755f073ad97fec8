// The work budget of one request, in the unit that drives its CPU time: model-scored pairs × lncRNA
// nucleotides (the duplex kernel and the k-mer features are linear in each). A screen's first pass
// costs a fraction of that per candidate × nucleotide. The budget and the fraction are measured by
// `npm run bench:budget` (reports/perf.md) so that the largest accepted request stays well inside
// the platform's 30 s of CPU.
import { FIRST_PASS_SIGNALS } from "../inference/shortlist.ts";
import { LIMITS, SCREEN_SHORTLIST } from "./limits.ts";
import { ProblemError } from "./problems.ts";

const fmt = (n: number) => Math.round(n).toLocaleString("en-US");

function overBudget(work: number, what: string, howToSplit: string): never {
  throw new ProblemError(
    "work-too-large",
    `${what} is ${fmt(work)} units of work (model-scored pairs × lncRNA nt); one request may do ${fmt(LIMITS.maxWork)}. ${howToSplit}`,
    { work, limit: LIMITS.maxWork },
  );
}

/** The words for the isoform nt the gene head scores, where there are any. */
const isoformWords = (nt: number) =>
  nt > 0 ? ` (with ${fmt(nt)} nt of isoforms in the deployment's reference that the gene head scores)` : "";

/**
 * A predict request's work: the sum over its pairs of the lncRNA's length, plus the nt of the
 * isoforms the gene head scores for it (`isoformNt`, pair by pair).
 */
export function checkPredictWork(lncrnaLengths: number[], isoformNt: number[] = []): void {
  const gene = isoformNt.reduce((sum, nt) => sum + nt, 0);
  const lengths = lncrnaLengths.map((length, i) => length + (isoformNt[i] ?? 0));
  const work = lengths.reduce((sum, length) => sum + length, 0);
  if (work <= LIMITS.maxWork) return;
  const longest = Math.max(...lengths);
  const perRequest = Math.max(1, Math.floor(LIMITS.maxWork / longest));
  overBudget(
    work,
    `${lncrnaLengths.length} pairs with ${fmt(work)} lncRNA nt in all${isoformWords(gene)}`,
    `Split the pairs into requests of at most ${fmt(LIMITS.maxWork)} lncRNA nt in all (e.g. ${fmt(perRequest)} pairs with the ${fmt(longest)}-nt lncRNA each).`,
  );
}

export interface ScreenPlan {
  /** Candidates the model scores per first-pass signal (undefined: every candidate, no first pass). */
  perSignal?: number;
  work: number;
}

/**
 * How a screen fits the budget. `exhaustive` true scores every distinct candidate or refuses; false
 * always runs the first pass; undefined (the default) scores every candidate whenever that fits the
 * budget, else runs the first pass. A first pass over all candidates keeps each signal's best
 * perSignal — max(offset + topK, the default shortlist), cut down towards offset + topK as far as the
 * budget needs — and the model scores their union (at most signals × perSignal). Over budget even at
 * perSignal = offset + topK: a work-too-large problem. The model scores each candidate against the
 * lncRNA and, where the gene head applies, against its isoforms with a site of the candidate
 * (`isoformNt`, candidate by candidate: their nt); a shortlist counts the most of them it could hold.
 * The first pass reads the lncRNA alone.
 */
export function planScreen(input: {
  candidates: number;
  lncrnaLength: number;
  topK: number;
  offset?: number;
  exhaustive: boolean | undefined;
  signals: number;
  shortlist: number;
  isoformNt?: readonly number[];
}): ScreenPlan {
  const { candidates, lncrnaLength: length, signals } = input;
  // the isoform nt of the n candidates that have most: the most a shortlist of n can add
  const most = [0];
  for (const nt of [...(input.isoformNt ?? [])].sort((a, b) => b - a)) most.push(most.at(-1)! + nt);
  const isoformNtOf = (n: number) => most[Math.min(n, most.length - 1)]!;
  const meanIsoformNt = isoformNtOf(candidates) / Math.max(1, candidates);
  // the deepest rank the answer lists: a page further down needs the model's scores that far
  const depth = (input.offset ?? 0) + input.topK;
  const exhaustiveWork = candidates * length + isoformNtOf(candidates);
  const wanted = Math.max(depth, input.shortlist);
  const fitsExhaustive = exhaustiveWork <= LIMITS.maxWork;
  if (input.exhaustive === true || candidates <= wanted || (input.exhaustive === undefined && fitsExhaustive)) {
    if (fitsExhaustive) return { work: exhaustiveWork };
    return overBudget(
      exhaustiveWork,
      `scoring ${fmt(candidates)} distinct candidates against a ${fmt(length)}-nt lncRNA${isoformWords(isoformNtOf(candidates))}`,
      howToSplit(
        Math.floor(LIMITS.maxWork / (length + meanIsoformNt)),
        Math.floor(LIMITS.maxWork / candidates - meanIsoformNt),
        input.exhaustive ? "or leave exhaustive unset for a first-pass screen." : "",
      ),
    );
  }
  const share = LIMITS.firstPassWorkShare;
  const firstPassWork = Math.ceil(candidates * length * share);
  const workAt = (perSignal: number) => {
    const scored = Math.min(candidates, signals * perSignal);
    return firstPassWork + scored * length + isoformNtOf(scored);
  };
  // the deepest shortlist up to `wanted` that fits, but never shallower than the page asked for
  let perSignal = wanted;
  while (perSignal > depth && workAt(perSignal) > LIMITS.maxWork) perSignal--;
  const work = workAt(perSignal);
  if (work <= LIMITS.maxWork) return { perSignal, work };
  // the least a screen to this depth needs per lncRNA nucleotide: the first pass, and the model on signals × depth
  const perNt = (c: number) => c * share + Math.min(c, signals * depth);
  const modelNt = isoformNtOf(Math.min(candidates, signals * perSignal));
  return overBudget(
    work,
    `a first pass over ${fmt(candidates)} distinct candidates and the model on the best ${fmt(signals * perSignal)} at most, against a ${fmt(length)}-nt lncRNA${isoformWords(modelNt)}`,
    howToSplit(
      Math.floor(((LIMITS.maxWork - modelNt) / length - signals * depth) / share),
      Math.floor((LIMITS.maxWork - modelNt) / perNt(candidates)),
      "or a lower topK or offset.",
    ),
  );
}

/**
 * The longest lncRNA a first-pass screen of `candidates`, listing down to rank `depth`, may have and
 * still give the model each signal's full shortlist, max(depth, SCREEN_SHORTLIST): the largest such
 * screen the budget accepts.
 */
export function longestFullShortlistLncrna(candidates: number, depth: number): number {
  const perNt = candidates * LIMITS.firstPassWorkShare + FIRST_PASS_SIGNALS * Math.max(depth, SCREEN_SHORTLIST);
  return Math.floor(LIMITS.maxWork / perNt);
}

/** The detail's advice: candidates per request at this lncRNA length, or lncRNA windows for these candidates. */
function howToSplit(maxCandidates: number, maxLength: number, otherwise: string): string {
  const parts = [
    maxCandidates >= 1
      ? `Send the candidates in chunks of at most ${fmt(maxCandidates)} (a FASTA per request)`
      : "Send fewer candidates per request",
    maxLength >= LIMITS.minLncrnaLength
      ? `or the lncRNA in overlapping windows of at most ${fmt(maxLength)} nt`
      : "or the lncRNA in shorter overlapping windows",
  ];
  return `${parts.join(", ")}${otherwise ? `, ${otherwise}` : "."}`;
}
