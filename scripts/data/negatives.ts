// Negative sampling variants (issue: "Negatives"). The published plant negatives never share a lncRNA
// with a positive, so a model can score by lncRNA identity alone; these samplers re-draw negatives so
// that each lncRNA has as many negatives as positives (shared-lncRNA), optionally with miRNAs drawn in
// proportion to their positive degree (degree-matched, so miRNA degree stops being a shortcut too),
// and optionally never drawing a pair that looks positive (reliable negatives, rule below).
import { seededRandom } from "../lib/random.ts";
import { pairKey, type PairRow } from "./pairs.ts";

/** Why a candidate negative looks positive, or undefined when it is a reliable negative. */
export type LooksPositive = (mirnaId: string, lncrnaId: string) => string | undefined;

export interface SampleOptions {
  seed: number;
  /** Draw miRNAs in proportion to their number of positive pairs (+1) instead of uniformly. */
  degreeMatched?: boolean;
  /** Reliable-negative rule: candidates it flags are never drawn. */
  looksPositive?: LooksPositive;
}

export interface SampleReport {
  drawn: number;
  /** Candidates refused by the reliable-negative rule, by reason. */
  refused: Record<string, number>;
  /** lncRNAs that got fewer negatives than positives (too few admissible miRNAs). */
  shortLncrnas: number;
}

/**
 * For every lncRNA with positives, as many negatives as it has positives: (m′, lncRNA) with m′ from
 * `mirnaPool`, never a known positive pair (`known`, all splits), never the same miRNA twice for one
 * lncRNA. Deterministic for a seed: lncRNAs and miRNAs are taken in sorted order.
 */
export function sampleSharedLncrnaNegatives(
  positives: PairRow[],
  mirnaPool: string[],
  known: Set<string>,
  options: SampleOptions,
): { negatives: PairRow[]; report: SampleReport } {
  const random = seededRandom(options.seed);
  const pool = [...new Set(mirnaPool)].sort();
  const degree = new Map<string, number>();
  for (const p of positives) degree.set(p.mirnaId, (degree.get(p.mirnaId) ?? 0) + 1);
  const weightOf = (m: string) => (options.degreeMatched ? (degree.get(m) ?? 0) + 1 : 1);
  const byLncrna = new Map<string, PairRow[]>();
  for (const p of positives) byLncrna.set(p.lncrnaId, [...(byLncrna.get(p.lncrnaId) ?? []), p]);
  const report: SampleReport = { drawn: 0, refused: {}, shortLncrnas: 0 };
  const negatives: PairRow[] = [];
  for (const lncrnaId of [...byLncrna.keys()].sort()) {
    const rows = byLncrna.get(lncrnaId)!;
    const candidates = pool.filter((m) => !known.has(pairKey({ mirnaId: m, lncrnaId })));
    const weights = candidates.map(weightOf);
    let total = weights.reduce((a, b) => a + b, 0);
    let drawn = 0;
    while (drawn < rows.length && total > 0) {
      // weighted draw without replacement
      let r = random() * total;
      let i = 0;
      while (i < weights.length - 1 && (r -= weights[i]!) >= 0) i++;
      const mirnaId = candidates[i]!;
      total -= weights[i]!;
      weights[i] = 0;
      const reason = options.looksPositive?.(mirnaId, lncrnaId);
      if (reason) {
        report.refused[reason] = (report.refused[reason] ?? 0) + 1;
        continue;
      }
      const template = rows[drawn]!;
      negatives.push({
        mirnaId,
        lncrnaId,
        label: 0,
        species: template.species,
        source: `${template.source} (negative re-drawn)`,
        split: template.split,
      });
      drawn++;
    }
    if (drawn < rows.length) report.shortLncrnas++;
    report.drawn += drawn;
  }
  return { negatives, report };
}

/** Drops the negatives the rule flags (for fixed, published negatives), counting each reason. */
export function filterReliableNegatives(
  pairs: PairRow[],
  looksPositive: LooksPositive,
): { pairs: PairRow[]; dropped: Record<string, number> } {
  const dropped: Record<string, number> = {};
  const kept = pairs.filter((p) => {
    if (p.label === 1) return true;
    const reason = looksPositive(p.mirnaId, p.lncrnaId);
    if (reason) dropped[reason] = (dropped[reason] ?? 0) + 1;
    return !reason;
  });
  return { pairs: kept, dropped };
}

/** Uniform random negatives among all unobserved pairs of the given RNAs (link-prediction sets). */
export function sampleUniformNegatives(
  lncrnas: string[],
  mirnas: string[],
  known: Set<string>,
  count: number,
  seed: number,
  template: Omit<PairRow, "mirnaId" | "lncrnaId" | "label">,
): PairRow[] {
  const random = seededRandom(seed);
  const ls = [...lncrnas].sort();
  const ms = [...mirnas].sort();
  if (ls.length * ms.length - known.size < count)
    throw new Error(`cannot draw ${count} negatives from ${ls.length} × ${ms.length} pairs with ${known.size} known`);
  const drawn = new Set<string>();
  const negatives: PairRow[] = [];
  while (negatives.length < count) {
    const pair = { mirnaId: ms[Math.floor(random() * ms.length)]!, lncrnaId: ls[Math.floor(random() * ls.length)]! };
    const key = pairKey(pair);
    if (known.has(key) || drawn.has(key)) continue;
    drawn.add(key);
    negatives.push({ ...pair, label: 0, ...template });
  }
  return negatives;
}
