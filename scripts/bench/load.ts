// npm run bench:load [-- --connections C (200)] [--duration S (30)] [--out FILE (reports/perf.md)]
// The worker under many connections without wrangler's dev proxy (scripts/lib/direct-worker.ts says
// why): the upload bundle runs in workerd through the Miniflare API. First C distinct /v1/predict
// requests are sent one after another, then all at once, and every concurrent answer must equal its
// sequential one; then autocannon holds C connections on /v1/predict (the bench pair, default model)
// for S seconds, then on /v1/ping (no work: what workerd and the client add alone). workerd's RSS is
// read before and after. Fails on any error, non-2xx answer, request lost to a closed connection or
// differing answer. Writes (or replaces) its section of reports/perf.md.
import autocannon from "autocannon";
import { execFile } from "node:child_process";
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

/** Losses this close together came from one look of workerd's event loop at its sockets. */
const BURST_MS = 100;

/** A request lost with its connection: how, and when in the run. */
interface Loss {
  kind: string;
  atMs: number;
}

/** The part of autocannon's client it keeps to itself: the socket, replaced on each reconnect. */
interface ClientInternals {
  conn: NodeJS.EventEmitter;
  destroyed: boolean;
  _connect(): void;
}

type HoldResult = autocannon.Result & {
  losses: Loss[];
  closed: number;
  answersPerClient: number[];
  /** The most connections workerd's listening socket held not yet accepted; undefined without `ss`. */
  acceptQueue: number | undefined;
};

/** Samples the accept queue of the socket listening on `port` each second (Linux `ss`); call to stop. */
function watchAcceptQueue(port: string): () => number | undefined {
  let most: number | undefined;
  const timer = setInterval(() => {
    execFile("ss", ["-Htln", `sport = :${port}`], (error, stdout) => {
      const queued = Number(stdout.trim().split(/\s+/)[1]);
      if (!error && Number.isFinite(queued)) most = Math.max(most ?? 0, queued);
    });
  }, 1000);
  return () => {
    clearInterval(timer);
    return most;
  };
}

/**
 * autocannon's closed loop: `connections` clients, each sending its next request when answered.
 * Every connection lost with a request on it is recorded: autocannon counts a reset as an error but
 * reconnects silently when the server closes a connection cleanly, forgetting the request it had
 * sent there (a closed loop always has one).
 */
async function hold(
  url: URL,
  connections: number,
  duration: number,
  request: Pick<autocannon.Options, "method" | "headers" | "body">,
): Promise<HoldResult> {
  const losses: Loss[] = [];
  const answersPerClient: number[] = [];
  let closed = 0;
  let running = true;
  const start = performance.now();
  const acceptQueue = watchAcceptQueue(url.port);
  const setupClient = (client: autocannon.Client) => {
    const internals = client as unknown as ClientInternals;
    const index = answersPerClient.push(0) - 1;
    client.on("response", () => answersPerClient[index]!++);
    const connect = internals._connect.bind(internals);
    internals._connect = () => {
      connect();
      let closedLoss: Loss | undefined;
      const loss = (kind: string): Loss => ({ kind, atMs: performance.now() - start });
      internals.conn.on("end", () => {
        if (!running || internals.destroyed) return;
        closed++;
        closedLoss = loss("closed");
        losses.push(closedLoss);
      });
      internals.conn.on("error", (error: NodeJS.ErrnoException) => {
        if (!running) return;
        const kind = error.code ?? error.message;
        if (closedLoss) {
          // autocannon counts this reset as an error: the same request is not counted again as closed
          closed--;
          closedLoss.kind = kind;
          closedLoss = undefined;
        } else losses.push(loss(kind));
      });
    };
  };
  return new Promise((resolve, reject) => {
    autocannon({ url: url.href, ...request, connections, duration, setupClient }, (error, result) => {
      running = false;
      const mostQueued = acceptQueue();
      if (error) reject(error as Error);
      else resolve({ ...result, losses, closed, answersPerClient, acceptQueue: mostQueued });
    });
  });
}

/** autocannon's `errors` already include its timeouts. */
const failures = (r: HoldResult) => r.errors + r.non2xx + r.closed;

const lossKinds = (r: HoldResult) => {
  const counts: Record<string, number> = {};
  for (const { kind } of r.losses) if (kind !== "closed") counts[kind] = (counts[kind] ?? 0) + 1;
  return counts;
};

/** How evenly the server answered its clients: a closed loop gives each the same share if it is fair. */
const fairness = ({ answersPerClient: a }: HoldResult) => {
  const sorted = [...a].sort((x, y) => x - y);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return `${at(0)} / ${at(0.5)} / ${at(1)}; ${sorted.filter((n) => n === 0).length} of ${sorted.length} never answered`;
};

/** When the lost connections went, and in how many bursts. */
const lossTiming = (r: HoldResult) => {
  if (!r.losses.length) return "none";
  const at = r.losses.map((l) => l.atMs).sort((x, y) => x - y);
  const bursts = at.filter((t, i) => i === 0 || t - at[i - 1]! > BURST_MS).length;
  return `${at.length} at ${(at[0]! / 1000).toFixed(1)}–${(at.at(-1)! / 1000).toFixed(1)} s into the run, in ${bursts} burst${bursts === 1 ? "" : "s"} (losses under ${BURST_MS} ms apart)`;
};

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
    const errors = failures(result);
    console.error(
      `bench:load: c=${connections} ${duration} s: ${result.requests.total} requests, ${errors} errors / non-2xx / lost (${lossTiming(result)}), p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms; /v1/ping: ${failures(ping)}`,
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
      `| errors, timeouts, non-2xx, requests lost to a connection workerd closed | **${errors}** (${result.errors} errors${kinds(lossKinds(result))}, ${result.timeouts} of them timeouts; ${result.closed} closed; ${result.non2xx} non-2xx) |`,
      `| connections lost with a request on them (reset or closed) | ${lossTiming(result)} |`,
      `| latency p50 / p90 / p99 / max (ms, autocannon's whole ms) | ${latencies(result)} |`,
      `| answers per client: min / median / max | ${fairness(result)} |`,
      `| connections waiting for workerd to accept them, most at once (\`ss\`, each second) | ${result.acceptQueue ?? "not read"} |`,
      `| the same ${connections} connections × ${duration} s on GET /v1/ping (no work): requests; errors; p50 / p90 / p99 / max | ${ping.requests.total}; ${failures(ping)}${kinds({ ...lossKinds(ping), ...(ping.closed ? { closed: ping.closed } : {}) })}; ${latencies(ping)} |`,
      `| workerd RSS after the first predict → after the run (peak) | ${fresh.rssMB.toFixed(0)} MB → ${after.rssMB.toFixed(0)} MB (${after.peakMB.toFixed(0)} MB) |`,
      "",
      `A request is lost when its connection is reset or closed before its answer: autocannon counts a reset as an error but reconnects silently after a clean close, so the bench watches each connection for both. workerd's event loop (kj) looks at its sockets and timers only when nothing else is queued, and its timers' clock moves only then. Under a closed loop that saturates it, the connections it is serving can keep it busy for many seconds: it then neither accepts new connections nor reads the requests waiting on others, which go unanswered past autocannon's 10 s timeout (some clients are never answered, and the reconnections after their timeouts wait to be accepted); when the loop does look, the timer for workerd's 5 s wait for a kept-alive connection's next request (kj's pipeline timeout, counted from the loop's last look, so it can expire at once) may fire before the request already there is read: the connection is closed with it unanswered, reset if its bytes were not yet read. Such losses come in bursts, one per look. autocannon removes its listeners before closing its connections at the end of a run, so nothing after that is counted.`,
      "",
    ].join("\n");
    writeReportSection(out, HEADING, section);
    console.log(`wrote ${out}`);
    if (errors > 0 || failures(ping) > 0 || differing > 0 || sequentialFaults > 0) process.exitCode = 1;
  } finally {
    await worker?.dispose();
  }
});
