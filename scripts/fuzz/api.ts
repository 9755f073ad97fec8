// npm run fuzz:api [-- --cases N] [--seed S] [--concurrency C] [--out FILE]
// The full fuzz run: N (default 10^5) generated bad inputs (scripts/fuzz/bad-inputs.ts) sent over HTTP
// to the worker in a real workerd, without wrangler's dev proxy (scripts/lib/direct-worker.ts), so
// that every answer is the worker's own. Counts answers by status and kind, reads workerd's memory
// before and after, and lists every crash (no answer, 5xx, or a 4xx that is not a well-formed
// problem); exits 1 on any.
// With --out, the summary is also written to FILE (reports/fuzz.md: the last full run, then the
// earlier ones).
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { runFuzz } from "./bad-inputs.ts";
import { parseCli, positiveIntOption, runCli } from "../lib/cli.ts";
import { describeCommit } from "../lib/commit.ts";
import { startDirectWorker } from "../lib/direct-worker.ts";

const usage =
  "usage: npm run fuzz:api -- [--cases N (default 100000)] [--seed S (default 20260401)] [--concurrency C (default 8)] [--out FILE]";

runCli(async () => {
  const { values } = parseCli(usage, {
    cases: { type: "string" },
    seed: { type: "string" },
    concurrency: { type: "string" },
    out: { type: "string" },
  });
  if (values.help) return console.log(usage);
  const cases = positiveIntOption("cases", values.cases, 100_000);
  const seed = positiveIntOption("seed", values.seed, 20260401);
  const concurrency = positiveIntOption("concurrency", values.concurrency, 8);

  // the code under test, as bundled now
  const commit = describeCommit(["functions/"]);
  const worker = await startDirectWorker();
  try {
    const base = worker.url;
    const before = worker.memory();
    const started = performance.now();
    const outcomes = await runFuzz(base, seed, cases, concurrency, (done) => {
      if (done % Math.max(1, Math.floor(cases / 10)) === 0)
        console.error(`fuzz: ${done}/${cases} (${((performance.now() - started) / 1000).toFixed(0)} s)`);
    });
    const seconds = (performance.now() - started) / 1000;
    const after = worker.memory();

    const byStatus = new Map<number, number>();
    const byKind = new Map<string, number>();
    for (const o of outcomes) {
      byStatus.set(o.status, (byStatus.get(o.status) ?? 0) + 1);
      byKind.set(o.kind, (byKind.get(o.kind) ?? 0) + 1);
    }
    const faults = outcomes.filter((o) => o.fault);
    const fiveXx = outcomes.filter((o) => o.status >= 500).length;
    const summary = [
      `fuzz:api seed ${seed}: ${cases} generated bad inputs in ${seconds.toFixed(0)} s (${concurrency} concurrent, HTTP to workerd, no dev proxy)`,
      `  crashes (no answer / 5xx / malformed problem): ${faults.length}; 5xx: ${fiveXx}`,
      `  by status: ${[...byStatus]
        .sort(([a], [b]) => a - b)
        .map(([s, n]) => `${s}: ${n}`)
        .join(", ")}`,
      `  by kind: ${[...byKind]
        .sort()
        .map(([k, n]) => `${k}: ${n}`)
        .join(", ")}`,
      `  workerd RSS: ${before.rssMB.toFixed(0)} MB at start, ${after.rssMB.toFixed(0)} MB at the end (peak ${after.peakMB.toFixed(0)} MB)`,
      ...faults.slice(0, 20).map((f) => `  case ${f.index} (${f.kind}): ${f.fault}`),
    ];
    console.log(summary.join("\n"));
    if (values.out) {
      const report = [
        "# lmi-edge API fuzzing",
        "",
        `\`npm run fuzz:api -- --cases ${cases} --seed ${seed} --concurrency ${concurrency}\`, finished ${new Date().toISOString()} (commit ${commit}). Generator: scripts/fuzz/bad-inputs.ts (random bytes, wrong alphabets, huge and empty fields, wrong types, malformed JSON, FASTA and multipart, odd paths, methods and content types); each request goes over HTTP to the worker in a real workerd, straight to its socket (the upload bundle through the Miniflare API; wrangler's dev proxy would answer a lost connection with its own 503, see scripts/lib/direct-worker.ts). A crash is no answer, any 5xx, or a 4xx that is not a well-formed problem+json. 200/204 answers are inputs that were valid by chance (and CORS preflights).`,
        "",
        "```",
        ...summary,
        "```",
        "",
        ...earlierRuns(values.out),
      ];
      writeFileSync(values.out, report.join("\n"));
    }
    if (faults.length > 0) process.exitCode = 1;
  } finally {
    await worker.dispose();
  }
});

const EARLIER = "## Earlier full runs";

/**
 * The report being replaced, kept as the first entry of its "Earlier full runs" (its commit and
 * first summary lines), above the entries it already had: a new run never erases an old finding.
 */
function earlierRuns(out: string): string[] {
  if (!existsSync(out)) return [];
  const previous = readFileSync(out, "utf8");
  const commit = /\(commit ([^)]+)\)/.exec(previous)?.[1];
  const summary = /```\n([^\n]*)\n([^\n]*)\n/.exec(previous);
  const kept = previous.includes(EARLIER)
    ? previous
        .slice(previous.indexOf(EARLIER))
        .split("\n")
        .slice(1)
        .filter((line, i) => i > 0 || line !== "")
    : [];
  const entry =
    commit && summary ? [`- Commit ${commit}: ${summary[1]!.replace(/^fuzz:api /, "")}; ${summary[2]!.trim()}.`] : [];
  return entry.length + kept.length === 0 ? [] : [EARLIER, "", ...entry, ...kept];
}
