// The claims of the README and the report, written from the benchmark tables: per test set, the
// default model against the best classical baseline (a win only when strictly higher at the reported
// precision; equal is a tie), the served models' cold-start table, and means that count each distinct
// test set once and only rows where the model never trained on test pairs or held-out RNAs.
import { createHash } from "node:crypto";
import { pairKey } from "../data/pairs.ts";
import type { VariantResult } from "./runner.ts";
import { blockMarkers, replaceMarkedBlock } from "../lib/marked-block.ts";

/** One scorer's line of a table, as much as the claims need. */
export interface ClaimRow {
  scorer: string;
  kind: "model" | "baseline";
  rocAuc?: number;
  /** ROC-AUC within each test lncRNA, averaged over the lncRNAs with both classes (meanAucWithin). */
  withinAuc?: number;
  /** Why the row is not a held-out score (then it counts nowhere). */
  contaminated?: string;
  /** Why the scorer did not run. */
  notApplicable?: string;
}

export interface ClaimTable {
  id: string;
  benchmark: string;
  variant: string;
  /** Equal keys = the same test pairs: such variants count once. */
  testKey: string;
  rows: ClaimRow[];
}

/** Untrained classical scorers: duplex energy, seed sites, and any complementarity (expectation) score. */
const CLASSICAL = new Set(["duplex-mfe", "rnahybrid-mfe", "seed-sites"]);
export const isClassical = (row: Pick<ClaimRow, "scorer" | "kind">) =>
  row.kind === "baseline" && (CLASSICAL.has(row.scorer) || /expectation|psrnatarget/i.test(row.scorer));

export const PRECISION = 3;
const fixed = (x: number) => x.toFixed(PRECISION);

export function claimTables(results: VariantResult[]): ClaimTable[] {
  return results.map(({ variant, results: rows }) => ({
    id: variant.id,
    benchmark: variant.benchmark,
    variant: variant.variant,
    testKey: createHash("sha256")
      .update(
        variant.folds
          .flatMap((f) => f.test.map((r) => `${pairKey(r)}\t${r.label}`))
          .sort()
          .join("\n"),
      )
      .digest("hex"),
    rows: rows.map((r) => ({
      scorer: r.scorer,
      kind: r.kind,
      rocAuc: r.metrics?.rocAuc.value,
      withinAuc: r.within?.value,
      contaminated: r.contaminated,
      notApplicable: r.notApplicable,
    })),
  }));
}

export type Outcome = "win" | "tie" | "loss";

export interface Verdict {
  table: ClaimTable;
  /** Set when a comparison was made. */
  outcome?: Outcome;
  model?: ClaimRow;
  baseline?: ClaimRow;
  /** Why no comparison was made. */
  reason?: string;
  /** The earlier table with the same test pairs (this one then counts nowhere). */
  sameAs?: string;
}

/** Strictly higher at the reported precision wins; equal at that precision ties. */
export function outcome(model: number, baseline: number): Outcome {
  const a = Number(fixed(model));
  const b = Number(fixed(baseline));
  return a > b ? "win" : a === b ? "tie" : "loss";
}

type ClaimMetric = "rocAuc" | "withinAuc";

/** Whether the row has this metric (a per-lncRNA figure is NaN where no lncRNA held both classes). */
const scoredOn = <M extends ClaimMetric>(r: ClaimRow | undefined, metric: M): r is ClaimRow & Record<M, number> =>
  typeof r?.[metric] === "number" && !Number.isNaN(r[metric]);
const scored = (r: ClaimRow | undefined) => scoredOn(r, "rocAuc");

/** The best classical baseline of a table by ROC-AUC, if any scored. */
export function bestClassical(table: ClaimTable): (ClaimRow & { rocAuc: number }) | undefined {
  return table.rows
    .filter(isClassical)
    .filter(scored)
    .reduce<(ClaimRow & { rocAuc: number }) | undefined>(
      (best, r) => (!best || r.rocAuc > best.rocAuc ? r : best),
      undefined,
    );
}

export function verdicts(tables: ClaimTable[], model: string): Verdict[] {
  const firstWithKey = new Map<string, string>();
  return tables.map((table) => {
    const sameAs = firstWithKey.get(table.testKey);
    if (!sameAs) firstWithKey.set(table.testKey, table.id);
    const row = table.rows.find((r) => r.scorer === model);
    const baseline = bestClassical(table);
    if (sameAs) return { table, sameAs, reason: `the same test pairs as ${sameAs}` };
    if (!scored(row))
      return { table, reason: `${model} did not score it${row?.notApplicable ? ` (${row.notApplicable})` : ""}` };
    if (row.contaminated) return { table, model: row, reason: `${model} ${row.contaminated}: not a held-out score` };
    if (!baseline) return { table, model: row, reason: "no classical baseline scored it" };
    return { table, model: row, baseline, outcome: outcome(row.rocAuc, baseline.rocAuc) };
  });
}

const title = (t: ClaimTable) => `${t.benchmark} — ${t.variant}`;

function verdictLine(v: Verdict, model: string): string {
  if (!v.outcome) return `- ${title(v.table)}: no claim — ${v.reason}.`;
  const word = { win: "**win**", tie: "tie", loss: "**loss**" }[v.outcome];
  return `- ${title(v.table)}: ${word} — \`${model}\` ${fixed(v.model!.rocAuc!)} vs \`${v.baseline!.scorer}\` ${fixed(v.baseline!.rocAuc!)}.`;
}

/** Per scorer: mean ROC-AUC over the distinct test sets where its row is clean, beside the best classical there. */
export function cleanMeans(tables: ClaimTable[], scorers: string[]): string[] {
  const distinct = tables.filter((t, i) => tables.findIndex((u) => u.testKey === t.testKey) === i);
  const lines = [
    "| model | distinct test sets where it is clean | mean ROC-AUC there | best classical baseline on the same sets (mean) | sets left out (trained on test data) |",
    "|---|---|---|---|---|",
  ];
  for (const scorer of scorers) {
    const pairs: [number, number][] = [];
    let contaminated = 0;
    for (const t of distinct) {
      const row = t.rows.find((r) => r.scorer === scorer);
      const baseline = bestClassical(t);
      if (!scored(row) || !baseline) continue;
      if (row.contaminated) contaminated++;
      else pairs.push([row.rocAuc, baseline.rocAuc]);
    }
    const mean = (i: 0 | 1) => (pairs.length ? fixed(pairs.reduce((s, p) => s + p[i], 0) / pairs.length) : "—");
    lines.push(`| \`${scorer}\` | ${pairs.length} | ${mean(0)} | ${mean(1)} | ${contaminated} |`);
  }
  return lines;
}

/** The four human cold-start columns of the served models' summary. */
export const COLD_COLUMNS = [
  ["warm", "ncrnainter-human-official"],
  ["lncRNA-cold", "ncrnainter-human-cold"],
  ["miRNA-cold", "ncrnainter-human-cold-mirna"],
  ["both-cold", "ncrnainter-human-cold-both"],
] as const;

/**
 * Per served model, ROC-AUC (or, with `metric` withinAuc, the per-lncRNA ROC-AUC) on the human warm and
 * cold folds: its own row when clean, else the clean row of a fold model standing in for it (trained
 * without the held-out RNAs), else "—" with the reason.
 */
export function coldStartTable(
  tables: ClaimTable[],
  served: string[],
  foldModels: { name: string; servedAs: string }[],
  metric: ClaimMetric = "rocAuc",
): string[] {
  const byId = new Map(tables.map((t) => [t.id, t]));
  const has = (row: ClaimRow | undefined) => scoredOn(row, metric);
  const cell = (model: string, id: string) => {
    const table = byId.get(id);
    if (!table) return "— (not run)";
    const row = table.rows.find((r) => r.scorer === model);
    if (has(row) && !row.contaminated) return fixed(row[metric]);
    for (const fold of foldModels.filter((f) => f.servedAs === model)) {
      const stand = table.rows.find((r) => r.scorer === fold.name);
      if (has(stand) && !stand.contaminated) return `${fixed(stand[metric])} (fold model \`${fold.name}\`)`;
    }
    if (row?.contaminated) return `— (${row.contaminated}; no fold model)`;
    return `— (${row?.notApplicable ?? "not scored"})`;
  };
  const best = (id: string) => {
    const table = byId.get(id);
    const baselines = table?.rows.filter((r) => r.kind === "baseline").filter(has) ?? [];
    if (!baselines.length) return "—";
    const top = baselines.reduce((a, b) => (b[metric] > a[metric] ? b : a));
    return `${fixed(top[metric])} (\`${top.scorer}\`)`;
  };
  return [
    `| model | ${COLD_COLUMNS.map(([h]) => h).join(" | ")} |`,
    `|---|${COLD_COLUMNS.map(() => "---").join("|")}|`,
    ...served.map((m) => `| \`${m}\` | ${COLD_COLUMNS.map(([, id]) => cell(m, id)).join(" | ")} |`),
    `| *best baseline, same fold* | ${COLD_COLUMNS.map(([, id]) => best(id)).join(" | ")} |`,
  ];
}

export interface ClaimsInput {
  tables: ClaimTable[];
  /** The default model, whose claims are written. */
  model: string;
  served: string[];
  foldModels: { name: string; servedAs: string }[];
  /** Whether RNAhybrid was left out of the run (then its MFE is among no classical baselines). */
  noRnahybrid?: boolean;
  /** The default's row with each pair's species named in the request, when the run scored one. */
  speciesNamed?: string;
  /** The default's row with reference lncRNAs loaded (its gene head), when the run scored one. */
  geneHead?: string;
}

/** "**W wins, T ties, L losses** over N distinct clean test sets" of the verdicts with an outcome. */
function tally(all: Verdict[]): string {
  const compared = all.filter((v) => v.outcome);
  const count = (o: Outcome) => compared.filter((v) => v.outcome === o).length;
  return `**${count("win")} wins, ${count("tie")} ties, ${count("loss")} losses** over ${compared.length} distinct clean test sets`;
}

/** The tally with each pair's species named, and the test sets whose outcome it changes. */
function speciesNamedLines(tables: ClaimTable[], model: string, speciesNamed: string): string[] {
  const named = verdicts(tables, speciesNamed);
  if (!named.some((v) => v.outcome)) return [];
  const plain = new Map(verdicts(tables, model).map((v) => [v.table, v]));
  const changed = named.filter((v) => v.outcome && plain.get(v.table)?.outcome !== v.outcome);
  return [
    "",
    `With each pair's species named in the request (\`species\`; \`${speciesNamed}\` rows: the head of the species' domain, the gate not asked): ${tally(named)}.${changed.length ? " Changed outcomes:" : " No outcome changes."}`,
    ...(changed.length ? ["", ...changed.map((v) => verdictLine(v, speciesNamed))] : []),
  ];
}

/** The claims block (markdown, no markers). */
export function writeClaims({
  tables,
  model,
  served,
  foldModels,
  noRnahybrid,
  speciesNamed,
  geneHead,
}: ClaimsInput): string {
  const all = verdicts(tables, model);
  const excluded = all.filter((v) => v.model?.contaminated).length;
  return [
    `Written by \`npm run evaluate\` from the tables of [reports/benchmark.md](reports/benchmark.md); do not edit by hand. ROC-AUC at ${PRECISION} decimals; a win is strictly higher at that precision and an equal value is a tie. A row where a model trained on test pairs, or on test RNAs of the kind the variant holds out, is left out of every claim and mean; variants with the same test pairs count once.${noRnahybrid ? " RNAhybrid was left out of this run (`--no-rnahybrid`): the duplex MFE baseline is our kernel's alone." : ""}`,
    "",
    `The default model \`${model}\` against the best classical baseline (duplex MFE, seed-site count, complementarity) on each test set: ${tally(all)}; ${excluded} left out because \`${model}\` trained on their test data.`,
    "",
    ...all.map((v) => verdictLine(v, model)),
    ...(speciesNamed ? speciesNamedLines(tables, model, speciesNamed) : []),
    "",
    "Means over the distinct test sets where each served model is clean (each model's own set of test sets, so compare a model with the baseline column beside it, not with another model):",
    "",
    ...cleanMeans(tables, served),
    "",
    `Human cold start (ncRNAInter, ROC-AUC; each cold column scores the first fold of its split; the lncRNA-cold figure over all ten folds is in reports/cold.md): a served model's cell only where it never trained on the held-out RNAs, a fold model's where one was trained on the fold without them, otherwise — with the reason.${geneHead ? ` \`${geneHead}\` is the default as a deployment with reference lncRNAs scores human pairs whose species is named: its gene head revises a new lncRNA's score by the model's best score over the transcript and its isoforms with a canonical seed site of the miRNA, and by where the sites lie; the lncRNA-cold fold model's head was fitted on the other nine folds' rows only, the both-cold fold model's on the lncRNA-cold folds' rows that hold none of its test lncRNAs (by similarity group) or miRNAs. Where the lncRNAs are known (warm, miRNA-cold), its cells are the species-named scores.` : ""}`,
    "",
    ...coldStartTable(tables, served, foldModels),
    "",
    "The same per lncRNA: ROC-AUC within each test lncRNA's own rows, averaged over the lncRNAs that have both classes. It measures how well a score ranks one lncRNA's partners above its non-partners, which is what a screen does. The pooled figures above also reward telling lncRNAs with many partners from those with few, since the negatives are random pairings (reports/cold.md, `npm run evaluate:cold`, counts how far a partner-blind score gets that way):",
    "",
    ...coldStartTable(tables, served, foldModels, "withinAuc"),
  ].join("\n");
}

export const { begin: CLAIMS_BEGIN, end: CLAIMS_END } = blockMarkers("claims");

/** The document with the text between the claims markers replaced by the block. */
export const replaceClaims = (document: string, block: string): string => replaceMarkedBlock(document, "claims", block);
