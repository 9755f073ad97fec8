// npm run fuzz:api [-- --cases N] [--seed S] [--concurrency C]
// The full fuzz run: N (default 10^5) generated bad inputs (test/fuzz/bad-inputs.ts) sent over HTTP
// to the worker in a real workerd (wrangler's startWorker). Counts answers by status and kind and
// lists every crash (no answer, 5xx, or a 4xx that is not a well-formed problem); exits 1 on any.
import { unstable_startWorker } from "wrangler";
import { runFuzz } from "../../test/fuzz/bad-inputs.ts";
import { fail, parseCli, runCli } from "../lib/cli.ts";
import { repoRoot } from "../lib/paths.ts";

const usage = "usage: npm run fuzz:api -- [--cases N (default 100000)] [--seed S (default 20260401)] [--concurrency C (default 8)]";

runCli(async () => {
  const { values } = parseCli(usage, { cases: { type: "string" }, seed: { type: "string" }, concurrency: { type: "string" } });
  if (values.help) return console.log(usage);
  const count = (name: string, value: string | undefined, fallback: number) => {
    const n = value === undefined ? fallback : Number(value);
    if (!Number.isInteger(n) || n < 1) fail(`--${name} must be a positive integer, got ${value}`);
    return n;
  };
  const cases = count("cases", values.cases, 100_000);
  const seed = count("seed", values.seed, 20260401);
  const concurrency = count("concurrency", values.concurrency, 8);

  process.env.WRANGLER_SEND_METRICS = "false";
  process.env.CLOUDFLARE_CF_FETCH_ENABLED = "false";
  const worker = await unstable_startWorker({
    config: `${repoRoot}/wrangler.toml`,
    dev: { server: { hostname: "127.0.0.1", port: 0 }, inspector: false, watch: false, persist: false, logLevel: "error" },
  });
  try {
    const base = await worker.url;
    const started = performance.now();
    const outcomes = await runFuzz(base, seed, cases, concurrency, (done) => {
      if (done % Math.max(1, Math.floor(cases / 10)) === 0) console.error(`fuzz: ${done}/${cases} (${((performance.now() - started) / 1000).toFixed(0)} s)`);
    });
    const seconds = (performance.now() - started) / 1000;

    const byStatus = new Map<number, number>();
    const byKind = new Map<string, number>();
    for (const o of outcomes) {
      byStatus.set(o.status, (byStatus.get(o.status) ?? 0) + 1);
      byKind.set(o.kind, (byKind.get(o.kind) ?? 0) + 1);
    }
    const faults = outcomes.filter((o) => o.fault);
    const fiveXx = outcomes.filter((o) => o.status >= 500).length;
    console.log(`fuzz:api seed ${seed}: ${cases} generated bad inputs in ${seconds.toFixed(0)} s (${concurrency} concurrent, HTTP to workerd)`);
    console.log(`  crashes (no answer / 5xx / malformed problem): ${faults.length}; 5xx: ${fiveXx}`);
    console.log(`  by status: ${[...byStatus].sort(([a], [b]) => a - b).map(([s, n]) => `${s}: ${n}`).join(", ")}`);
    console.log(`  by kind: ${[...byKind].sort().map(([k, n]) => `${k}: ${n}`).join(", ")}`);
    for (const f of faults.slice(0, 20)) console.log(`  case ${f.index} (${f.kind}): ${f.fault}`);
    if (faults.length > 0) process.exitCode = 1;
  } finally {
    await worker.dispose();
  }
});
