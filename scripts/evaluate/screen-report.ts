// reports/screens.md from the screen benchmark's results (scripts/evaluate/screen-benchmark.ts).
import { SIMILARITY_THRESHOLD } from "./benchmarks.ts";
import { PENDING_SCORERS, type CaseResult, type ScreenOptions, type ScreenScorer } from "./screen-benchmark.ts";
import type { RankSummary } from "./screen-ranks.ts";

const fmt = {
  rank: (x: number) => (Number.isNaN(x) ? "–" : x.toLocaleString("en", { maximumFractionDigits: 1 })),
  share: (x: number) => (Number.isNaN(x) ? "–" : `${(100 * x).toFixed(0)} %`),
  n: (x: number) => x.toLocaleString("en"),
};

const summaryCells = (s: RankSummary) =>
  `${fmt.rank(s.medianRank)} | ${fmt.share(s.hitAt10)} | ${fmt.share(s.hitAt25)} | ${fmt.share(s.top5Percent)}`;

export function screensReport(
  results: CaseResult[],
  scorers: ScreenScorer[],
  options: ScreenOptions,
  meta: { model: string; date: string; commit: string; seconds: number },
): string {
  const lines = [
    "# Screens: where validated partners rank among all miRNAs of a species",
    "",
    `Written by \`npm run evaluate:screens\` (scripts/evaluate/screens.ts) on ${meta.date}, commit ${meta.commit}, in ${meta.seconds.toFixed(0)} s; serving path in Node (AS SIMD kernels + onnxruntime-web). Options: ${options.lncrnas} lncRNAs per case (seed ${options.seed}), lncRNAs up to ${fmt.n(options.maxLength)} nt.`,
    "",
    `A screen is what users run: one lncRNA against every miRNA of a species. Here, lncRNAs with validated partners are screened exhaustively against every distinct miRNA of the species set the service loads (\`npm run species:load\`), and each partner's rank is read off: 1 = the best-scored candidate, ties share their mid-rank. **Held out:** a lncRNA is screened only when its sequence is neither identical to nor similar to (8-mer MinHash similarity ≥ ${SIMILARITY_THRESHOLD}, the threshold of the benchmark's cold splits, scripts/data/similarity.ts) any lncRNA of the datasets \`${meta.model}\` or its members trained on, any split; the selection table says how many were left out. The human cases draw from lncRNASNP2's validated pairs with LMI-INGI's NONCODE sequences; every ncRNAInter lncRNA is in the model's training, so none of those can be used. The miRNA side is not held out: the partner miRNAs are mostly the benchmark's, and the table counts how many occur in training pairs.`,
    "",
    `**Model** \`${meta.model}\` scores every distinct candidate (what /v1/screen does with \`exhaustive: true\`: candidates grouped by sequence, one miRNA panel, \`model.screen\`). ${scorers
      .slice(1)
      .map((s) => `**${s.name}**: ${s.description}.`)
      .join(" ")} ${PENDING_SCORERS.map((s) => `**${s.name}**: ${s.description}.`).join(" ")}`,
    "",
    "**Among the species set**: ranks among every distinct miRNA of the set (partners whose sequence is not in the set are added to it and counted). **Among the benchmark's miRNAs**: ranks among the distinct miRNAs of the benchmark's own pairs (human: the 266 of ncRNAInter; plants: the test set's), which is what the pair benchmarks' negatives are drawn from — the gap between the two shows how far a model leans on the benchmark's miRNA vocabulary. Top 5 %: share of partners ranked within the best 5 % of their screen's candidates.",
    "",
    "## Partner ranks",
    "",
    "| case | score | partners | median rank | hit@10 | hit@25 | top 5 % | median rank | hit@10 | hit@25 | top 5 % |",
    "|---|---|---|---|---|---|---|---|---|---|---|",
    "| | | | **among the species set** | | | | **among the benchmark's miRNAs** | | | |",
  ];
  for (const result of results) {
    const label = `${result.name} vs \`${result.species}\` (${fmt.n(result.speciesDistinct)})`;
    for (const scorer of scorers) {
      const s = result.summary[scorer.name]!;
      lines.push(
        `| ${label} | ${scorer.name} | ${s.species.partners} | ${summaryCells(s.species)} | ${summaryCells(s.vocabulary)} |`,
      );
    }
    for (const pending of PENDING_SCORERS) lines.push(`| ${label} | ${pending.name} | pending | | | | | | | | |`);
  }
  lines.push(
    "",
    "## Which lncRNAs were screened",
    "",
    "| case | lncRNAs with partners | identical to a training lncRNA | similar (≥ threshold) | longer than the cap | eligible | screened | partners | partners not in the set (added) | partner miRNAs in training pairs | species set: records / distinct | benchmark miRNAs |",
    "|---|---|---|---|---|---|---|---|---|---|---|---|",
  );
  for (const r of results) {
    const e = r.exclusions;
    const partners = r.screened.reduce((n, q) => n + q.partners.length, 0);
    lines.push(
      `| ${r.name} | ${fmt.n(e.withPartners)} | ${fmt.n(e.identical)} | ${fmt.n(e.similar)} | ${fmt.n(e.tooLong)} | ${fmt.n(e.eligible)} | ${e.sampled} | ${partners} | ${r.partnersAdded} | ${r.partnersSeenInTraining} | ${fmt.n(r.speciesRecords)} / ${fmt.n(r.speciesDistinct)} | ${fmt.n(r.vocabularyDistinct)} |`,
    );
  }
  lines.push(
    "",
    "## Per lncRNA: partner ranks among the species set",
    "",
    `| case | lncRNA | nt | ${scorers.map((s) => s.name).join(" | ")} |`,
    `|---|---|---|${scorers.map(() => "---").join("|")}|`,
  );
  for (const r of results) {
    for (const q of r.screened) {
      const cells = scorers.map((s) => q.ranks[s.name]!.species.map((x) => fmt.rank(x.rank)).join(", "));
      lines.push(`| ${r.name} | ${q.id.replaceAll("|", "\\|")} | ${fmt.n(q.length)} | ${cells.join(" | ")} |`);
    }
  }
  return lines.join("\n") + "\n";
}
