// npm run bench:load [-- --connections C (200)] [--duration S (30)] [--out FILE (reports/perf.md)]
// The worker under many connections without wrangler's dev proxy (scripts/lib/direct-worker.ts says
// why): the upload bundle runs in workerd through the Miniflare API. First C
// distinct /v1/predict requests are sent one after another, then all at once, and every concurrent
// answer must equal its sequential one; then autocannon holds C connections on /v1/predict (the
// bench pair, default model) for S seconds, then on /v1/ping (no work: what workerd and the client add
// alone). workerd's RSS is read before and after. Fails on any
// error, non-2xx answer or differing answer. Writes (or replaces) its section of reports/perf.md.
import autocannon from "autocannon";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { DEFAULT_MODEL } from "../../functions/models/default.ts";
import { parseCli, positiveIntOption, runCli } from "../lib/cli.ts";
import { describeCommit } from "../lib/commit.ts";
import { startDirectWorker, type DirectWorker } from "../lib/direct-worker.ts";
import { randomRna, seededRandom } from "../lib/generators.ts";
import { repoRoot } from "../lib/paths.ts";
import { writeReportSection } from "../lib/report-section.ts";
import { BENCH_PAIR } from "./bench-pair.ts";

const usage = "usage: npm run bench:load -- [--connections C (200)] [--duration S (30)] [--out FILE (reports/perf.md)]";
const HEADING = "## Load without the dev proxy (bench:load)";
const JSON_HEADERS = { "Content-Type": "application/json" };

/** `count` distinct predict bodies: generated pairs of varied lengths. */
function distinctBodies(count: number): string[] {
  const random = seededRandom(777);
  return Array.from({ length: count }, () =>
    JSON.stringify({
      pairs: [{ mirna: randomRna(random, 22), lncrna: randomRna(random, 200 + Math.floor(random() * 3000)) }],
    }),
  );
}

async function answer(base: URL, body: string): Promise<{ status: number; text: string }> {
  const response = await fetch(new URL("/v1/predict", base), { method: "POST", headers: JSON_HEADERS, body });
  return { status: response.status, text: await response.text() };
}

type HoldResult = autocannon.Result & { errorKinds: Record<string, number> };

/** autocannon's closed loop: `connections` clients, each sending its next request when answered; error kinds counted. */
async function hold(
  url: URL,
  connections: number,
  duration: number,
  request: Pick<autocannon.Options, "method" | "headers" | "body">,
): Promise<HoldResult> {
  const errorKinds: Record<string, number> = {};
  return new Promise((resolve, reject) => {
    const instance = autocannon({ url: url.href, ...request, connections, duration }, (error, result) =>
      error ? reject(error as Error) : resolve({ ...result, errorKinds }),
    );
    instance.on("reqError", (error: NodeJS.ErrnoException) => {
      const kind = error.code ?? error.message;
      errorKinds[kind] = (errorKinds[kind] ?? 0) + 1;
    });
  });
}

const kinds = (counts: Record<string, number>) => {
  const listed = Object.entries(counts).map(([kind, n]) => `${n} ${kind}`);
  return listed.length ? `: ${listed.join(", ")}` : "";
};
const latencies = ({ latency: l }: autocannon.Result) => `${l.p50} / ${l.p90} / ${l.p99} / ${l.max}`;

runCli(async () => {
  const { values } = parseCli(usage, {
    connections: { type: "string" },
    duration: { type: "string" },
    out: { type: "string" },
  });
  if (values.help) return console.log(usage);
  const connections = positiveIntOption("connections", values.connections, 200);
  const duration = positiveIntOption("duration", values.duration, 30);
  const out = values.out ?? join(repoRoot, "reports", "perf.md");

  let worker: DirectWorker | undefined;
  try {
    worker = await startDirectWorker();
    const base = worker.url;
    const loadBefore = loadavg();

    const warm = await answer(base, JSON.stringify({ pairs: [BENCH_PAIR] }));
    if (warm.status !== 200) throw new Error(`the warm-up predict answered ${warm.status}: ${warm.text}`);
    const fresh = worker.memory();

    const bodies = distinctBodies(connections);
    const sequential: { status: number; text: string }[] = [];
    for (const body of bodies) sequential.push(await answer(base, body));
    const concurrent = await Promise.all(bodies.map((body) => answer(base, body)));
    const differing = concurrent.filter((a, i) => a.status !== 200 || a.text !== sequential[i]!.text).length;
    const sequentialFaults = sequential.filter((a) => a.status !== 200).length;
    console.error(
      `bench:load: ${connections} distinct requests at once: ${differing} differ from the sequential answers`,
    );

    const result = await hold(new URL("/v1/predict", base), connections, duration, {
      method: "POST",
      headers: JSON_HEADERS,
      body: JSON.stringify({ pairs: [BENCH_PAIR] }),
    });
    const after = worker.memory();
    // the same load on a route that does no work: what workerd and the client add on their own
    const ping = await hold(new URL("/v1/ping", base), connections, duration, { method: "GET" });
    const errors = result.errors + result.timeouts + result.non2xx;
    console.error(
      `bench:load: c=${connections} ${duration} s: ${result.requests.total} requests, ${errors} errors / non-2xx, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms`,
    );

    const load = (l: number[]) => l.map((v) => v.toFixed(2)).join(" / ");
    const section = [
      HEADING,
      "",
      `\`npm run bench:load -- --connections ${connections} --duration ${duration}\` — ${describeCommit(["functions", "models", "assembly"])}, ${new Date().toISOString().slice(0, 10)}. The upload bundle (\`wrangler deploy --dry-run\`) in workerd through the Miniflare API (miniflare's own entry worker routes to it; no wrangler dev proxy), bindings from wrangler.toml; client: autocannon and Node's fetch in one Node process. **Machine: ${cpus().length} × ${cpus()[0]?.model.trim() ?? "CPU"} shared with other engineers' builds and tests** (load average 1/5/15 min: ${load(loadBefore)} before, ${load(loadavg())} after): latencies are noisy, the error count is not.`,
      "",
      "| check | result |",
      "|---|---|",
      `| ${connections} distinct /v1/predict requests (generated pairs, 200–3,200-nt lncRNAs), sent at once: answers equal to the same requests sent one by one | ${connections - differing} of ${connections} equal; ${connections - sequentialFaults} of ${connections} answered 200 when sent alone |`,
      `| ${connections} connections × ${duration} s, POST /v1/predict (one 2 kb pair, ${DEFAULT_MODEL}): requests | ${result.requests.total} (${result.requests.average.toFixed(0)} req/s) |`,
      `| errors, timeouts, non-2xx | **${errors}** (${result.errors} errors${kinds(result.errorKinds)}, ${result.timeouts} timeouts, ${result.non2xx} non-2xx) |`,
      `| latency p50 / p90 / p99 / max (ms, autocannon's whole ms) | ${latencies(result)} |`,
      `| the same ${connections} connections × ${duration} s on GET /v1/ping (no work): requests; errors; p50 / p90 / p99 / max | ${ping.requests.total}; ${ping.errors + ping.timeouts + ping.non2xx}${kinds(ping.errorKinds)}; ${latencies(ping)} |`,
      `| workerd RSS after the first predict → after the run (peak) | ${fresh.rssMB.toFixed(0)} MB → ${after.rssMB.toFixed(0)} MB (${after.peakMB.toFixed(0)} MB) |`,
      "",
    ].join("\n");
    writeReportSection(out, HEADING, section);
    console.log(`wrote ${out}`);
    if (errors > 0 || differing > 0 || sequentialFaults > 0) process.exitCode = 1;
  } finally {
    await worker?.dispose();
  }
});
