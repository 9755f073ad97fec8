// reports/screens.md from the screen benchmark's results (scripts/evaluate/screen-benchmark.ts).
import { SIMILARITY_THRESHOLD } from "./benchmarks.ts";
import { STRETCH_K, STRETCH_SHARE } from "../../functions/features/isoforms.ts";
import { BENCHMARK_MIRNAS, type CaseResult, type ScreenOptions, type ScreenScorer } from "./screen-benchmark.ts";
import { median, summarizeRanks, type RankSummary } from "./screen-ranks.ts";

const fmt = {
  rank: (x: number) => (Number.isNaN(x) ? "–" : x.toLocaleString("en", { maximumFractionDigits: 1 })),
  share: (x: number) => (Number.isNaN(x) ? "–" : `${(100 * x).toFixed(0)} %`),
  n: (x: number) => x.toLocaleString("en"),
};

const summaryCells = (s: RankSummary) =>
  `${s.partners} | ${fmt.rank(s.medianRank)} | ${fmt.share(s.hitAt10)} | ${fmt.share(s.hitAt25)} | ${fmt.share(s.top5Percent)} | ${s.significantTop25 === undefined ? "–" : fmt.share(s.significantTop25)}`;

export function screensReport(
  results: CaseResult[],
  scorers: ScreenScorer[],
  options: ScreenOptions,
  meta: { model: string; date: string; commit: string; seconds: number },
): string {
  const lines = [
    "# Screens: where validated partners rank among all miRNAs of a species",
    "",
    `Written by \`npm run evaluate:screens\` (scripts/evaluate/screens.ts) on ${meta.date}, commit ${meta.commit}, in ${meta.seconds.toFixed(0)} s; serving path in Node (AS SIMD kernels + onnxruntime-web). Options: up to ${options.lncrnas} lncRNAs per case (seed ${options.seed}), lncRNAs up to ${fmt.n(options.maxLength)} nt.`,
    "",
    `A screen is what users run: one lncRNA against every miRNA of a species. Here lncRNAs with validated partners are screened exhaustively and each partner's rank is read off: 1 = the best-scored candidate, ties share their mid-rank, partners of all screened lncRNAs of a case pooled. **Held out:** a lncRNA is screened only when its sequence is neither identical nor similar (8-mer MinHash similarity ≥ ${SIMILARITY_THRESHOLD}, or exact ${STRETCH_K}-mers shared over ≥ ${STRETCH_SHARE * 100} % of the shorter's, as a gene's isoforms share exons: the rules of the benchmark's cold splits, scripts/data/similarity.ts) to any lncRNA of the datasets \`${meta.model}\` or its members trained on, any split; the selection table says how many were left out. The human case draws from lncRNASNP2's validated pairs with LMI-INGI's NONCODE sequences: every ncRNAInter lncRNA is in the model's training. The miRNA side is not held out: the table counts the partner miRNAs that occur in the model's training pairs.`,
    "",
    `**Model** \`${meta.model}\` scores every distinct candidate (what /v1/screen does with \`exhaustive: true\`: candidates grouped by sequence, one miRNA panel, \`model.screen\`) and the candidates are ranked as /v1/screen ranks them: by the model's logit plus its card's partner prior where it has one for the species (human: \`hsa\`; functions/species/partner-prior.ts), else by the model's score. Rows a scorer has no meaning for (the prior where a species has none) are left out. ${scorers
      .slice(1)
      .map((s) => `**${s.name}**: ${s.description}.`)
      .join(" ")}`,
    "",
    `**Among**: the candidates a partner is ranked among — each species set as \`npm run species:load\` builds it (\`curated\`: miRBase release 18, the service's default; \`later-release\`: the human file of a later miRBase release; \`pmrd\`: PMRD with its predicted miRf… entries), distinct sequences; and the **${BENCHMARK_MIRNAS}**: the distinct miRNAs of the benchmark's own pairs (human: ncRNAInter's; plants: the test set's), what the pair benchmarks' negatives are drawn from. The gap between them shows how far a score leans on the benchmark's miRNA vocabulary. A partner whose sequence is not in a set is ranked as if added to it (counted below). Top 5 %: share of partners within the best 5 % of their screen's candidates. **Top 25, p < 0.05**: share of partners in the top 25 whose p-value is below 0.05 under the score's null — fitted per case over the same panel as species:load fits the service's (docs/significance.md: dinucleotide-shuffled stretches of the domain's real lncRNAs as backgrounds, per-miRNA location, ln(length) term and scale, held-out residuals); the model's on its logit, MFE and expectation on their own scale; the seed count, a small integer, has none.`,
    "",
    "## Partner ranks",
    "",
    "| case | among (distinct miRNAs) | score | partners | median rank | hit@10 | hit@25 | top 5 % | top 25, p < 0.05 |",
    "|---|---|---|---|---|---|---|---|---|",
  ];
  for (const result of results) {
    for (const view of result.views) {
      const among = `${view.label} (${fmt.n(view.distinct)})`;
      for (const scorer of scorers) {
        const summary = result.summary[scorer.name]; // absent: the scorer does not apply to the species
        if (summary)
          lines.push(`| ${result.name} | ${among} | ${scorer.name} | ${summaryCells(summary[view.label]!)} |`);
      }
    }
  }
  // every plant partner at once, each among its own species' default (curated) set
  const plants = results.filter((r) => r.domain === "plant");
  if (plants.length > 1)
    for (const scorer of scoredInAll(plants, scorers)) {
      lines.push(
        `| plants, ${plants.length} cases pooled | each case's ${plants[0]!.views[0]!.label.replace(/^\S+ \((.*)\)$/, "$1")} set | ${scorer.name} | ${summaryCells(summarizeRanks(defaultSetRanks(plants, scorer.name)))} |`,
      );
    }
  lines.push(
    "",
    "## Against the goal",
    "",
    "Validated partners of held-out lncRNAs with a median rank in the best 5 % of their species' curated set, better than the untrained scores. Written from the rows above (README: the same lines).",
    "",
    ...screenClaims(results, scorers),
    "",
    "## Which lncRNAs were screened",
    "",
    "| case | lncRNAs with partners | identical to a training lncRNA | similar (MinHash or shared stretches) | longer than the cap | eligible | screened | partners | partner miRNAs in training pairs | sets: names / distinct sequences / partners not in the set |",
    "|---|---|---|---|---|---|---|---|---|---|",
  );
  for (const r of results) {
    const e = r.exclusions;
    const partners = r.screened.reduce((n, q) => n + q.partners.length, 0);
    const sets = r.views
      .map((v) => `${v.label}: ${fmt.n(v.records)} / ${fmt.n(v.distinct)} / ${v.partnersAdded}`)
      .join("; ");
    lines.push(
      `| ${r.name} | ${fmt.n(e.withPartners)} | ${fmt.n(e.identical)} | ${fmt.n(e.similar)} | ${fmt.n(e.tooLong)} | ${fmt.n(e.eligible)} | ${e.sampled} | ${partners} | ${r.partnersSeenInTraining} | ${sets} |`,
    );
  }
  lines.push(
    "",
    `## Per lncRNA: partner ranks among the default (curated) set`,
    "",
    `| case | lncRNA | nt | among | ${scorers.map((s) => s.name).join(" | ")} |`,
    `|---|---|---|---|${scorers.map(() => "---").join("|")}|`,
  );
  for (const r of results) {
    const view = r.views[0]!;
    for (const q of r.screened) {
      const cells = scorers.map((s) => q.ranks[s.name]?.[view.label]!.map((x) => fmt.rank(x.rank)).join(", ") ?? "–");
      lines.push(
        `| ${r.name} | ${q.id.replaceAll("|", "\\|")} | ${fmt.n(q.length)} | ${view.label} (${fmt.n(view.distinct)}) | ${cells.join(" | ")} |`,
      );
    }
  }
  return lines.join("\n") + "\n";
}

/** The scorers every result has rows for (a scorer may not apply to a species). */
const scoredInAll = (results: CaseResult[], scorers: ScreenScorer[]) =>
  scorers.filter((s) => results.every((r) => r.summary[s.name]));

/** One scorer's partner ranks over several cases, each among its case's default (first) set. */
const defaultSetRanks = (results: CaseResult[], scorer: string) =>
  results.flatMap((r) => r.screened.flatMap((q) => q.ranks[scorer]![r.views[0]!.label]!));

/** Where `a` stands against `b` by median rank at the report's precision: lower is better, equal a tie. */
const versus = (a: number, b: number) => {
  const [x, y] = [Number(a.toFixed(1)), Number(b.toFixed(1))];
  return x < y ? "better" : x > y ? "worse" : "a tie";
};

/**
 * The screen figures against the goal — validated partners of held-out lncRNAs with a median rank in
 * the best 5 % of their species' curated set, better than every untrained score — written from the
 * summaries, for the report and the README alike. Each case's partners are ranked among its own
 * species' default set; plant cases are pooled.
 */
export function screenClaims(results: CaseResult[], scorers: ScreenScorer[]): string[] {
  const model = scorers[0]!.name;
  const groups = [
    ...results.filter((r) => r.domain !== "plant").map((r) => ({ name: r.name, results: [r] })),
    { name: "plants, every case pooled", results: results.filter((r) => r.domain === "plant") },
  ].filter((g) => g.results.length > 0);
  const lines: string[] = [];
  for (const group of groups) {
    const summary = (scorer: string) => summarizeRanks(defaultSetRanks(group.results, scorer));
    const own = summary(model);
    const fifth = median(defaultSetRanks(group.results, model).map((r) => r.rank / r.candidates));
    const sets = group.results.map((r) => `${r.views[0]!.label} (${fmt.n(r.views[0]!.distinct)})`);
    const others = scoredInAll(group.results, scorers).filter((s) => s.name !== model);
    lines.push(
      `- **${group.name}** — ${fmt.n(own.partners)} validated partners of ${group.results.reduce((n, r) => n + r.screened.length, 0)} held-out lncRNAs, each among ${[...new Set(sets)].join(", ")}: \`${model}\` median rank **${fmt.rank(own.medianRank)}**, the median partner within the best ${(100 * fifth).toFixed(1)} % of its set (goal ≤ 5 %: ${fifth <= 0.05 ? "met" : "not met"}); hit@10 ${fmt.share(own.hitAt10)}, hit@25 ${fmt.share(own.hitAt25)}, top 25 with p < 0.05 ${own.significantTop25 === undefined ? "–" : fmt.share(own.significantTop25)}.`,
      `  Against each other score on the same partners, by median rank (lower is better, equal is a tie; its hit@25 beside it): ${others
        .map((s) => {
          const other = summary(s.name);
          return `${versus(own.medianRank, other.medianRank)} than \`${s.name}\` (${fmt.rank(other.medianRank)}; ${fmt.share(other.hitAt25)})`;
        })
        .join("; ")}.`,
    );
  }
  return lines;
}
