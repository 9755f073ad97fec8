// Where a known partner lands when one lncRNA is screened against every candidate miRNA, and the
// summaries the screen benchmark reports (median rank, hit@k, share in the top 5 %).

/**
 * The 1-based rank of candidate `target` by score among the candidates `among` (all when omitted),
 * higher scores first. Ties share their mid-rank (the expected rank under a random tie-break), so a
 * score that cannot tell candidates apart — a seed count of 0 for most of a set — gets no credit for
 * where its ties happen to be listed.
 */
export function rankAmong(scores: ArrayLike<number>, target: number, among?: readonly number[]): number {
  const own = scores[target]!;
  if (Number.isNaN(own)) throw new Error(`candidate ${target} has no score`);
  let higher = 0;
  let tied = 0;
  const visit = (i: number) => {
    if (i === target) return;
    const s = scores[i]!;
    if (s > own) higher++;
    else if (s === own || Number.isNaN(s)) tied++;
  };
  if (among) {
    if (!among.includes(target)) throw new Error(`candidate ${target} is not among the ranked candidates`);
    among.forEach(visit);
  } else for (let i = 0; i < scores.length; i++) visit(i);
  return 1 + higher + tied / 2;
}

/** One known partner's rank in one screen, and how many candidates that screen ranked. */
export interface PartnerRank {
  rank: number;
  candidates: number;
  /** The partner's p-value under the scorer's null (scripts/species/significance.ts), when it has one. */
  pValue?: number;
}

export interface RankSummary {
  partners: number;
  medianRank: number;
  /** Shares of partners ranked within the best 10 / 25 / 5 % of their screen's candidates. */
  hitAt10: number;
  hitAt25: number;
  top5Percent: number;
  /** Share of partners in the top 25 with p < 0.05 (undefined when the scorer has no null). */
  significantTop25?: number;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function summarizeRanks(ranks: readonly PartnerRank[]): RankSummary {
  const share = (hit: (r: PartnerRank) => boolean) =>
    ranks.length === 0 ? Number.NaN : ranks.filter(hit).length / ranks.length;
  return {
    partners: ranks.length,
    medianRank: median(ranks.map((r) => r.rank)),
    hitAt10: share((r) => r.rank <= 10),
    hitAt25: share((r) => r.rank <= 25),
    top5Percent: share((r) => r.rank <= 0.05 * r.candidates),
    ...(ranks.length > 0 && ranks.every((r) => r.pValue !== undefined)
      ? { significantTop25: share((r) => r.rank <= 25 && r.pValue! < 0.05) }
      : {}),
  };
}
