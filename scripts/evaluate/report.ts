// reports/benchmark.md: one table per benchmark variant (rows: models and baselines; metric columns
// with bootstrap 95 % CIs; the split named; published numbers beside ours), plus the negatives study.
import type { Interval } from "./metrics.ts";
import type { ScorerResult, VariantResult } from "./runner.ts";

const f3 = (v: number) => v.toFixed(3);
export const interval = (i: Interval) => `${f3(i.value)} [${f3(i.lo)}, ${f3(i.hi)}]`;
const cell = (i: Interval) => `${f3(i.value)} <sub>${f3(i.lo)}–${f3(i.hi)}</sub>`;

const COLUMNS = [
  ["rocAuc", "ROC-AUC"],
  ["averagePrecision", "PR-AUC (AP)"],
  ["accuracy", "accuracy"],
  ["precision", "precision"],
  ["recall", "recall"],
  ["specificity", "specificity"],
  ["f1", "F1"],
  ["mcc", "MCC"],
] as const;

/** The note of a contaminated row: it says what the model trained on and that the row counts nowhere. */
export const contaminatedNote = (reason: string) =>
  `⚠ ${reason}: not a held-out score (not cold); left out of every mean and claim`;

/** ROC-AUC within each test lncRNA, averaged (runner's `within`), where the variant computed it. */
const WITHIN_HEADER = "per-lncRNA ROC-AUC";
const withinCell = (r: ScorerResult) => (r.within && r.within.groups > 0 ? cell(r.within) : "—");

function resultRow(r: ScorerResult, perLncrna: boolean): string {
  const name = r.kind === "model" ? `**${r.scorer}**${r.contaminated ? " ⚠ trained on test data" : ""}` : r.scorer;
  const dashes = (n: number) => Array.from({ length: n }, () => "—").join(" | ");
  if (!r.metrics) return `| ${name} | ${dashes(COLUMNS.length + (perLncrna ? 1 : 0))} | — | n/a: ${r.notApplicable} |`;
  const thresholds = r.thresholds!.length === 1 ? r.thresholds![0]!.toPrecision(3) : `${r.thresholds!.length} folds`;
  const note = [r.contaminated && contaminatedNote(r.contaminated), r.note].filter(Boolean).join("; ");
  const cells = COLUMNS.map(([k]) => cell(r.metrics![k]));
  if (perLncrna) cells.splice(1, 0, withinCell(r));
  return `| ${name} | ${cells.join(" | ")} | ${thresholds} | ${note} |`;
}

/**
 * One variant's table. Where the run computed it, a per-lncRNA ROC-AUC column follows the pooled one:
 * how well a score ranks each lncRNA's partners among its own rows, which the pooled figure mixes with
 * telling lncRNAs of many partners from lncRNAs of few.
 */
export function variantSection(v: VariantResult, svgPath: string | undefined): string {
  const { variant, results } = v;
  const first = results.find((r) => r.n !== undefined);
  const perLncrna = results.some((r) => r.within);
  const headers: string[] = COLUMNS.map(([, h]) => h);
  if (perLncrna) headers.splice(1, 0, WITHIN_HEADER);
  const lines = [
    `#### ${variant.variant}`,
    "",
    `Split: ${variant.split}.${first ? ` Scored pairs: ${first.n} (${first.positives} positive).` : ""}`,
    ...variant.notes.filter(Boolean).map((n) => `Note: ${n}.`),
    ...(variant.resampleBy
      ? [
          `Intervals: the bootstrap draws whole test ${variant.resampleBy.units}, not pairs (each unit's pairs are not independent).`,
        ]
      : []),
    ...(perLncrna
      ? [
          `${WITHIN_HEADER}: ROC-AUC within each test lncRNA's own rows, averaged over the lncRNAs that have both classes (${first?.within?.groups ?? 0} here).`,
        ]
      : []),
    "",
    `| scorer | ${headers.join(" | ")} | threshold | note |`,
    `|---|${headers.map(() => "---").join("|")}|---|---|`,
    ...results.map((r) => resultRow(r, perLncrna)),
    ...variant.anchors.map(
      (a) =>
        `| *published: ${a.method}* | ${headers.map((h) => (h.startsWith(a.metric) ? `*${a.value}*` : "")).join(" | ")} | | ${a.where} |`,
    ),
  ];
  if (svgPath) lines.push("", `ROC and precision–recall curves: [${svgPath}](${svgPath})`);
  return lines.join("\n");
}

/** The negatives study as grids: training negatives (rows) × test sets (columns), per scorer. */
export function negativesGrid(results: VariantResult[], scorer: string): string {
  const parse = (label: string) => label.match(/^train: (.*) → (.*)$/)!.slice(1) as [string, string];
  const trains = [...new Set(results.map((r) => parse(r.variant.variant)[0]))];
  const tests = [...new Set(results.map((r) => parse(r.variant.variant)[1]))];
  const lookup = new Map(results.map((r) => [r.variant.variant, r.results.find((x) => x.scorer === scorer)]));
  return [
    `| ${scorer}: training negatives ↓ / test → | ${tests.join(" | ")} |`,
    `|---|${tests.map(() => "---").join("|")}|`,
    ...trains.map(
      (t) =>
        `| ${t} | ${tests
          .map((s) => {
            const r = lookup.get(`train: ${t} → ${s}`);
            return r?.metrics ? interval(r.metrics.rocAuc) : "—";
          })
          .join(" | ")} |`,
    ),
  ].join("\n");
}
