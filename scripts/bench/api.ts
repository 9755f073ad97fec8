// npm run bench:api [-- --duration S] [--repeats R] [--cold N] [--port P] [--out FILE]
// Measures the API through `wrangler dev` (a local workerd) and writes reports/perf.md:
//  - worker size: `wrangler deploy --dry-run --outdir`, every module raw and gzip;
//  - cold start: the first request (/v1/predict) of a freshly started workerd, N times, with the
//    engine that answered it (Server-Timing) and the request at which onnxruntime-web takes over from
//    the light engine tier; as floors, as many starts whose first request uses the cheapest model,
//    and as many with /v1/ping first;
//  - latency: p50/p99 at 1, 16 and 64 connections (autocannon) for /v1/predict (one pair, 2 kb
//    lncRNA, default model) beside the no-op GET /v1/ping, routes interleaved and repeated, medians
//    reported; plus a sequential, sub-millisecond series of both routes (and predict with the
//    cheapest model), in turn;
//  - in-worker model time (features + inference) from the Server-Timing header, and the same
//    serving path timed in Node for sub-millisecond resolution (workerd's clock ticks in ms);
//  - the cold request's work in Node (scripts/bench/ort-start.ts, a fresh process each): onnxruntime-web's
//    start and session under V8's lazy wasm compilation (workerd's) and with eager compilation;
//  - warm /v1/screen of 3,000 miRNAs (a FASTA in the request), as sent and with exhaustive: false, and, when the data dir is present,
//    of the hsa species set from local KV storage.
// The machine may be shared: every figure is a median over repeats, and the report says so.
import autocannon from "autocannon";
import { execSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { randomRna } from "../lib/generators.ts";
import { BENCH_PAIR, benchRandom, encodeBenchPair } from "./bench-pair.ts";
import { parseCli, positiveIntOption, runCli } from "../lib/cli.ts";
import { loadEncoders } from "../lib/kernels-node.ts";
import { nodeModelRegistry } from "../lib/node-runtime.ts";
import { describeCommit } from "../lib/commit.ts";
import { hasDataDir, repoRoot } from "../lib/paths.ts";
import { DEFAULT_MODEL } from "../../functions/models/default.ts";
import { measureWorkerBundle, WORKER_GZIP_LIMIT } from "../lib/worker-bundle.ts";
import { startDev, type DevServer } from "../lib/wrangler.ts";
import { sectionsOwnedByOthers } from "../lib/report-section.ts";
import { timingDuration, timingEngine } from "../lib/server-timing.ts";

const usage =
  "usage: npm run bench:api -- [--duration S (10)] [--repeats R (3)] [--cold N (5)] [--port P (8797)] [--out FILE (reports/perf.md)]";

const { mirna: MIRNA, lncrna: LNCRNA_2KB } = BENCH_PAIR;
const PREDICT_BODY = JSON.stringify({ pairs: [{ mirna: MIRNA, lncrna: LNCRNA_2KB }] });
/** The cheapest bundled model: what any served model costs at least (onnxruntime-web, evidence, I/O). */
const FLOOR_MODEL = "kmer-mlp";
const FLOOR_BODY = JSON.stringify({ model: FLOOR_MODEL, pairs: [{ mirna: MIRNA, lncrna: LNCRNA_2KB }] });
const SCREEN_FASTA = Array.from(
  { length: 3000 },
  (_, i) => `>bench-miR-${i}\n${randomRna(benchRandom, 20 + (i % 5))}`,
).join("\n");
const JSON_HEADERS = { "Content-Type": "application/json" };

const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0
    ? NaN
    : sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
};
const median = (values: number[]) => quantile(values, 0.5);
const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
const ms = (v: number, digits = 2) => (Number.isFinite(v) ? v.toFixed(digits) : "–");
const serverTiming = (response: Response, name: string) => timingDuration(response.headers.get("Server-Timing"), name);
/** The engine that ran the model (Server-Timing `engine`), "–" where none ran. */
const engineOf = (response: Response) => timingEngine(response.headers.get("Server-Timing")) ?? "–";
const ONNX_ENGINE = "onnxruntime-web";
/** Requests sent after a cold start's first, at most, waiting for onnxruntime-web to take over. */
const MAX_TAKEOVER_REQUESTS = 30;

async function timed(url: string, init: RequestInit): Promise<{ ms: number; response: Response; body: ArrayBuffer }> {
  const t0 = performance.now();
  const response = await fetch(url, init);
  const body = await response.arrayBuffer();
  const elapsed = performance.now() - t0;
  if (response.status !== 200) throw new Error(`${init.method ?? "GET"} ${url} answered ${response.status}`);
  return { ms: elapsed, response, body };
}

const predictInit: RequestInit = { method: "POST", headers: JSON_HEADERS, body: PREDICT_BODY };
const floorInit: RequestInit = { method: "POST", headers: JSON_HEADERS, body: FLOOR_BODY };
const pingInit: RequestInit = { method: "GET" };

interface ColdRun {
  readyMs: number;
  firstMs: number;
  load: number;
  model: number;
  engine: string;
  secondMs: number;
  secondEngine: string;
  /** The request (1-based) that onnxruntime-web answered first; NaN if none did. */
  takeover: number;
  /** From sending the first request to the takeover request's answer. */
  takeoverMs: number;
}

/**
 * Fresh workerd starts whose first request is `first`: /v1/predict with the default model (the
 * target), with the cheapest model (onnxruntime-web's start and one small session: the floor of any
 * served model), or /v1/ping (no runtime: the floor no handler work can lower).
 */
async function coldStarts(
  port: number,
  runs: number,
  first: { path: string; init: RequestInit; label: string } = {
    path: "/v1/predict",
    init: predictInit,
    label: "predict",
  },
): Promise<ColdRun[]> {
  const results: ColdRun[] = [];
  for (let i = 0; i < runs; i++) {
    const state = mkdtempSync(join(tmpdir(), "lmi-bench-cold-"));
    let dev: DevServer | undefined;
    try {
      dev = await startDev(port, state);
      const t0 = performance.now();
      const one = await timed(`${dev.url}${first.path}`, first.init);
      const two = await timed(`${dev.url}${first.path}`, first.init);
      // back to back, as a burst would come: the request onnxruntime-web answers first, and when
      let takeover = [one, two].findIndex((r) => engineOf(r.response) === ONNX_ENGINE) + 1 || NaN;
      let takeoverMs = takeover ? performance.now() - t0 : NaN;
      const modelRan = engineOf(one.response) !== "–";
      for (let n = 3; modelRan && !takeover && n <= MAX_TAKEOVER_REQUESTS; n++) {
        const next = await timed(`${dev.url}${first.path}`, first.init);
        if (engineOf(next.response) === ONNX_ENGINE) [takeover, takeoverMs] = [n, performance.now() - t0];
      }
      results.push({
        readyMs: dev.readyMs,
        firstMs: one.ms,
        load: serverTiming(one.response, "load"),
        model: serverTiming(one.response, "model"),
        engine: engineOf(one.response),
        secondMs: two.ms,
        secondEngine: engineOf(two.response),
        takeover,
        takeoverMs,
      });
      console.error(
        `bench:api: cold ${first.label} ${i + 1}/${runs}: first request ${one.ms.toFixed(1)} ms (${engineOf(one.response)})`,
      );
    } finally {
      await dev?.stop();
      rmSync(state, { recursive: true, force: true });
    }
  }
  return results;
}

interface OrtStart {
  compileMs: number;
  loadMs: number;
  firstPredictMs: number;
  secondPredictMs: number;
}

/** Fresh Node processes doing a fresh isolate's first prediction (scripts/bench/ort-start.ts). */
function ortStarts(model: string, compilation: "lazy" | "eager", runs: number): OrtStart[] {
  const flags = compilation === "eager" ? ["--no-wasm-lazy-compilation"] : []; // --import tsx: the flag reaches the process that runs the probe
  return Array.from({ length: runs }, () => {
    const probe = spawnSync(
      process.execPath,
      [...flags, "--import", "tsx", join(repoRoot, "scripts", "bench", "ort-start.ts"), "--model", model],
      { cwd: repoRoot, encoding: "utf8" },
    );
    if (probe.status !== 0) throw new Error(`ort-start.ts --model ${model} failed: ${probe.stderr}`);
    return JSON.parse(probe.stdout.trim().split("\n").at(-1)!) as OrtStart;
  });
}

interface LoadRow {
  connections: number;
  route: string;
  p50: number[];
  p99: number[];
  rps: number[];
  errors: number;
}

async function loadTest(base: string, connections: number[], duration: number, repeats: number): Promise<LoadRow[]> {
  const routes = {
    "GET /v1/ping": { url: `${base}/v1/ping`, method: "GET" as const },
    "POST /v1/predict": {
      url: `${base}/v1/predict`,
      method: "POST" as const,
      headers: JSON_HEADERS,
      body: PREDICT_BODY,
    },
  };
  const rows: LoadRow[] = [];
  for (const c of connections) {
    const byRoute = new Map<string, LoadRow>();
    for (let r = 0; r < repeats; r++) {
      const order = r % 2 === 0 ? Object.keys(routes) : Object.keys(routes).reverse(); // interleaved
      for (const name of order) {
        const result = await autocannon({ ...routes[name as keyof typeof routes], connections: c, duration });
        const row = byRoute.get(name) ?? { connections: c, route: name, p50: [], p99: [], rps: [], errors: 0 };
        row.p50.push(result.latency.p50);
        row.p99.push(result.latency.p99);
        row.rps.push(result.requests.average);
        row.errors += result.errors + result.timeouts + result.non2xx;
        byRoute.set(name, row);
        console.error(
          `bench:api: ${name} c=${c} run ${r + 1}: p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, ${result.requests.average} req/s`,
        );
      }
    }
    rows.push(...byRoute.values());
  }
  return rows;
}

/** Alternating single requests, timed with performance.now: sub-millisecond c=1 latency. */
async function sequential(base: string, count: number) {
  const ping: number[] = [];
  const predict: number[] = [];
  const model: number[] = [];
  const floor: number[] = [];
  // Server-Timing `total`: the worker's own time per request (the timing middleware's span)
  const inWorker = { ping: [] as number[], predict: [] as number[], floor: [] as number[] };
  const engines = new Map<string, number>();
  for (let i = 0; i < count; i++) {
    const g = await timed(`${base}/v1/ping`, pingInit);
    ping.push(g.ms);
    inWorker.ping.push(serverTiming(g.response, "total"));
    const p = await timed(`${base}/v1/predict`, predictInit);
    predict.push(p.ms);
    model.push(serverTiming(p.response, "model"));
    engines.set(engineOf(p.response), (engines.get(engineOf(p.response)) ?? 0) + 1);
    inWorker.predict.push(serverTiming(p.response, "total"));
    const f = await timed(`${base}/v1/predict`, floorInit);
    floor.push(f.ms);
    inWorker.floor.push(serverTiming(f.response, "total"));
  }
  return { ping, predict, model, floor, inWorker, engines };
}

interface ScreenTimes {
  wall: number[];
  model: number[];
  /** From the last answer: candidates sent, distinct, scored by the model, and whether the ranking is complete. */
  count: number;
  distinct: number;
  scored: number;
  complete: boolean;
}

/** A screen as sent (the default: every candidate where the work budget allows) and with exhaustive: false. */
interface ScreenModes {
  byDefault: ScreenTimes;
  firstPass: ScreenTimes;
}

async function screens(base: string, body: object, count: number): Promise<ScreenTimes> {
  const init: RequestInit = { method: "POST", headers: JSON_HEADERS, body: JSON.stringify(body) };
  for (let i = 0; i < 3; i++) await timed(`${base}/v1/screen`, init); // warm: sessions, set cache
  const wall: number[] = [];
  const model: number[] = [];
  let last = new ArrayBuffer(0);
  for (let i = 0; i < count; i++) {
    const { ms: elapsed, response, body } = await timed(`${base}/v1/screen`, init);
    wall.push(elapsed);
    model.push(serverTiming(response, "model"));
    last = body;
  }
  const answer = JSON.parse(new TextDecoder().decode(last)) as {
    candidates: { count: number; distinct: number; scored: number };
    ranking: { complete: boolean };
  };
  return { wall, model, ...answer.candidates, complete: answer.ranking.complete };
}

async function nodeModelTime(count: number, name?: string): Promise<number[]> {
  const encoders = loadEncoders();
  const registry = nodeModelRegistry();
  const model = await registry.get(name ?? registry.defaultName);
  const pair = () => encodeBenchPair(encoders); // a fresh encoding per call, as each request has
  for (let i = 0; i < 50; i++) await model.predict([pair()]);
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const input = pair();
    const t0 = performance.now();
    await model.predict([input]);
    times.push(performance.now() - t0);
  }
  return times;
}

runCli(async () => {
  const { values } = parseCli(usage, {
    duration: { type: "string" },
    repeats: { type: "string" },
    cold: { type: "string" },
    port: { type: "string" },
    out: { type: "string" },
  });
  if (values.help) return console.log(usage);
  const duration = positiveIntOption("duration", values.duration, 10);
  const repeats = positiveIntOption("repeats", values.repeats, 3);
  const coldRuns = positiveIntOption("cold", values.cold, 5);
  const port = positiveIntOption("port", values.port, 8797);
  const out = values.out ?? join(repoRoot, "reports", "perf.md");
  const loadBefore = loadavg();
  const startedAt = new Date();

  console.error("bench:api: worker bundle (wrangler deploy --dry-run)");
  const bundle = measureWorkerBundle();

  console.error(`bench:api: cold starts ×${coldRuns}`);
  const cold = await coldStarts(port, coldRuns);
  const coldFloor = await coldStarts(port, coldRuns, { path: "/v1/predict", init: floorInit, label: FLOOR_MODEL });
  const coldPing = await coldStarts(port, coldRuns, { path: "/v1/ping", init: pingInit, label: "ping" });
  console.error(`bench:api: the cold request's work in Node ×${coldRuns}`);
  const ortStart = [FLOOR_MODEL, DEFAULT_MODEL].flatMap((model) =>
    (["lazy", "eager"] as const).map((compilation) => ({
      model,
      compilation,
      runs: ortStarts(model, compilation, coldRuns),
    })),
  );

  const state = mkdtempSync(join(tmpdir(), "lmi-bench-state-"));
  const withSpecies = hasDataDir();
  if (withSpecies) {
    const load = spawnSync(
      process.execPath,
      [
        join(repoRoot, "node_modules", "tsx", "dist", "cli.mjs"),
        join(repoRoot, "scripts", "species", "load.ts"),
        "--persist-to",
        state,
      ],
      { cwd: repoRoot, encoding: "utf8" },
    );
    if (load.status !== 0) throw new Error(`species:load failed: ${load.stderr}`);
  }
  let dev: DevServer | undefined;
  let rows: LoadRow[],
    seq: Awaited<ReturnType<typeof sequential>>,
    screenFasta: ScreenModes,
    screenHsa: ScreenModes | undefined;
  try {
    dev = await startDev(port, state);
    for (let i = 0; i < 200; i++) {
      await timed(`${dev.url}/v1/ping`, pingInit);
      await timed(`${dev.url}/v1/predict`, predictInit);
    }
    console.error("bench:api: sequential series");
    seq = await sequential(dev.url, 1000);
    console.error("bench:api: autocannon");
    rows = await loadTest(dev.url, [1, 16, 64], duration, repeats);
    console.error("bench:api: screens");
    const modes = async (body: object): Promise<ScreenModes> => ({
      byDefault: await screens(dev!.url, body, 20),
      firstPass: await screens(dev!.url, { ...body, exhaustive: false }, 20),
    });
    screenFasta = await modes({ lncrna: LNCRNA_2KB, mirnaFasta: SCREEN_FASTA, topK: 25 });
    if (withSpecies) screenHsa = await modes({ lncrna: LNCRNA_2KB, species: "hsa", topK: 25 });
  } finally {
    await dev?.stop();
    rmSync(state, { recursive: true, force: true });
  }
  const nodeModel = await nodeModelTime(2000);
  // every served model, for callers who trade the ensemble's accuracy for latency
  const perModel: { name: string; times: number[] }[] = [];
  for (const name of nodeModelRegistry().names()) perModel.push({ name, times: await nodeModelTime(300, name) });
  const loadAfter = loadavg();

  const report = renderReport({
    startedAt,
    duration,
    repeats,
    bundle,
    cold,
    coldFloor,
    coldPing,
    ortStart,
    rows,
    seq,
    screenFasta,
    screenHsa,
    nodeModel,
    perModel,
    loadBefore,
    loadAfter,
    port,
  });
  mkdirSync(dirname(out), { recursive: true });
  const kept = existsSync(out) ? sectionsOwnedByOthers(readFileSync(out, "utf8"), "bench:api") : "";
  writeFileSync(out, kept ? `${report.trimEnd()}\n\n${kept}\n` : report);
  console.log(report);
  console.error(`bench:api: wrote ${relative(process.cwd(), out)}`);
});

interface ReportInput {
  startedAt: Date;
  duration: number;
  repeats: number;
  port: number;
  bundle: ReturnType<typeof measureWorkerBundle>;
  cold: ColdRun[];
  coldFloor: ColdRun[];
  coldPing: ColdRun[];
  ortStart: { model: string; compilation: "lazy" | "eager"; runs: OrtStart[] }[];
  rows: LoadRow[];
  seq: Awaited<ReturnType<typeof sequential>>;
  screenFasta: ScreenModes;
  screenHsa?: ScreenModes;
  nodeModel: number[];
  perModel: { name: string; times: number[] }[];
  loadBefore: number[];
  loadAfter: number[];
}

const screenMode = (t: ScreenTimes) =>
  t.complete
    ? `every candidate scored`
    : `${t.scored.toLocaleString("en-US")} of ${t.distinct.toLocaleString("en-US")} scored`;

function screenRows(what: string, modes: ScreenModes): string[] {
  return [modes.byDefault, modes.firstPass].map(
    (t, i) =>
      `| ${what}: ${t.count.toLocaleString("en-US")} miRNAs, ${t.distinct.toLocaleString("en-US")} distinct | ${i === 0 ? "default" : "`exhaustive: false`"}: ${screenMode(t)} | ${ms(median(t.wall), 1)} | ${ms(quantile(t.wall, 0.99), 1)} | ${ms(median(t.model), 0)} |`,
  );
}

function renderReport(r: ReportInput): string {
  const mib = (bytes: number) => (bytes / 2 ** 20).toFixed(2);
  const version = (cmd: string) => {
    try {
      return execSync(cmd, { cwd: repoRoot, encoding: "utf8" }).trim();
    } catch {
      return "?";
    }
  };
  const commit = describeCommit([
    "functions/",
    "assembly/",
    "models/",
    "scripts/bench/",
    "wrangler.toml",
    "package-lock.json",
  ]);
  const cpu = cpus()[0]?.model ?? "?";
  const load = (l: number[]) => l.map((v) => v.toFixed(2)).join(" / ");
  const rowsFor = (c: number) => r.rows.filter((row) => row.connections === c);
  const ratio = (c: number) => {
    const [ping, predict] = [
      rowsFor(c).find((x) => x.route.includes("ping"))!,
      rowsFor(c).find((x) => x.route.includes("predict"))!,
    ];
    return median(predict.p50) / median(ping.p50);
  };
  const seqRatio = median(r.seq.predict) / median(r.seq.ping);
  const modelP50 = median(r.seq.model);
  const coldMedian = median(r.cold.map((c) => c.firstMs));
  const coldPingMedian = median(r.coldPing.map((c) => c.firstMs));
  const tally = (values: string[]) =>
    [...new Set(values)].map((v) => `${v} ${values.filter((x) => x === v).length}/${values.length}`).join(", ");
  const takeover = median(r.cold.map((c) => c.takeover));
  const takeoverMs = median(r.cold.map((c) => c.takeoverMs));
  const seqEngines = [...r.seq.engines].map(([engine, n]) => `${engine} ${n}/${r.seq.model.length}`).join(", ");
  const ortLoad = (compilation: "lazy" | "eager") =>
    ms(
      median(
        r.ortStart.find((x) => x.model === FLOOR_MODEL && x.compilation === compilation)?.runs.map((x) => x.loadMs) ??
          [],
      ),
      0,
    );
  const lines = [
    "# lmi-edge API performance",
    "",
    `Measured ${r.startedAt.toISOString()} by \`npm run bench:api\` (commit ${commit}, --duration ${r.duration} s, --repeats ${r.repeats}) through \`wrangler dev\` (local workerd, wrangler ${version("node -p \"require('wrangler/package.json').version\"")}) on 127.0.0.1:${r.port}.`,
    "",
    `**Machine: ${cpus().length} × ${cpu}, shared with other engineers' builds and tests while this ran** (load average 1/5/15 min: ${load(r.loadBefore)} before, ${load(r.loadAfter)} after). The client (autocannon, Node) runs on the same cores as workerd. Figures are medians over repeats; treat differences of a few tens of percent as noise.`,
    "",
    "## Summary against the latency targets",
    "",
    "| target | measured | |",
    "|---|---|---|",
    `| /v1/predict p50 ≤ 1.5 × no-op p50 | ${[1, 16, 64].map((c) => `${ratio(c).toFixed(2)}× at ${c}`).join(", ")} (autocannon, ms resolution); ${seqRatio.toFixed(2)}× sequential (µs resolution); the cheapest model (${FLOOR_MODEL}) ${(median(r.seq.floor) / median(r.seq.ping)).toFixed(2)}× sequential; in the worker itself predict ${ms(mean(r.seq.inWorker.predict))} ms vs ping ${ms(mean(r.seq.inWorker.ping))} ms (means) | ${[1, 16, 64].every((c) => ratio(c) <= 1.5) ? "met" : "not met at every concurrency (see below)"} |`,
    `| in-worker model time p50 ≤ 3 ms (2 kb) | ${ms(modelP50, 1)} ms in workerd (Server-Timing, 1 ms clock; engine: ${seqEngines}); ${ms(median(r.nodeModel), 3)} ms same path in Node | ${modelP50 <= 3 ? "met" : "not met"} |`,
    `| cold first request (default model) ≤ 150 ms | median ${ms(coldMedian, 0)} ms over ${r.cold.length} fresh workerd starts, answered by ${tally(r.cold.map((c) => c.engine))}; /v1/ping's first request ${ms(coldPingMedian, 0)} ms in the same run; onnxruntime-web took over at request ${ms(takeover, 0)} (median; ${ms(takeoverMs, 0)} ms after the first was sent, requests back to back); with the cheapest model (no light tier) ${ms(median(r.coldFloor.map((c) => c.firstMs)), 0)} ms; onnxruntime-web's start and the cheapest model's session alone, in Node: ${ortLoad("lazy")} ms with V8's lazy wasm compilation (workerd's), ${ortLoad("eager")} ms with every function compiled ahead | ${coldMedian <= 150 ? "met" : "not met"} |`,
    `| worker ≤ 10 MiB gzip | ${mib(r.bundle.gzipBytes)} MiB | ${r.bundle.gzipBytes <= WORKER_GZIP_LIMIT ? "met" : "NOT met"} |`,
    `| warm screen of 3,000 miRNAs ≤ 1 s | first pass (\`exhaustive: false\`): p50 ${ms(median(r.screenFasta.firstPass.wall), 0)} ms (FASTA in the request)${r.screenHsa ? `, ${ms(median(r.screenHsa.firstPass.wall), 0)} ms (hsa set)` : ""}; the default, ${screenMode(r.screenFasta.byDefault)}: p50 ${ms(median(r.screenFasta.byDefault.wall), 0)} ms${r.screenHsa ? `, ${ms(median(r.screenHsa.byDefault.wall), 0)} ms (hsa set, ${screenMode(r.screenHsa.byDefault)})` : ""} | ${median(r.screenFasta.firstPass.wall) <= 1000 ? "met by the first pass" : "not met"}${median(r.screenFasta.byDefault.wall) <= 1000 ? "" : "; not by the default's complete ranking"} |`,
    "",
    "## Latency under load (autocannon)",
    "",
    `Each cell: median over ${r.repeats} runs of ${r.duration} s, routes interleaved (ping, predict, then predict, ping, …). /v1/predict: one pair, 22-nt miRNA, 2,000-nt lncRNA, default model (${DEFAULT_MODEL}). /v1/ping: the documented no-op route (same router, CORS and timing middleware; no runtime). autocannon records whole milliseconds.`,
    "",
    "| connections | route | p50 ms | p99 ms | req/s | errors / non-2xx |",
    "|---|---|---|---|---|---|",
    ...r.rows.map(
      (row) =>
        `| ${row.connections} | ${row.route} | ${median(row.p50)} | ${median(row.p99)} | ${median(row.rps).toFixed(0)} | ${row.errors} |`,
    ),
    "",
    "Raw p50 per run (ms): " +
      r.rows.map((row) => `${row.route} c=${row.connections}: ${row.p50.join(", ")}`).join("; ") +
      ".",
    ...(r.rows.some((row) => row.errors > 0)
      ? [
          "",
          "Non-2xx answers under load are 503s from wrangler's local dev proxy when its queue backs up (workers-sdk#6517, open); the worker has no 503 for /v1/predict, and every request sent sequentially or at c=1 got its 200.",
        ]
      : []),
    "",
    "## Sequential requests (one connection, sub-millisecond timing)",
    "",
    `${r.seq.ping.length} requests of each, in turn (ping, predict, predict with \`model: "${FLOOR_MODEL}"\`), timed in the client with performance.now() over keep-alive. ${FLOOR_MODEL}, the cheapest bundled model (k-mer/CTD/seed features and a small MLP), shows what any served model costs at least: the request's handling and evidence (seed scan, best duplex) and one onnxruntime-web run.`,
    "",
    "| route | p50 ms | p99 ms | in the worker, mean ms (Server-Timing total) |",
    "|---|---|---|---|",
    `| GET /v1/ping | ${ms(median(r.seq.ping))} | ${ms(quantile(r.seq.ping, 0.99))} | ${ms(mean(r.seq.inWorker.ping))} |`,
    `| POST /v1/predict | ${ms(median(r.seq.predict))} | ${ms(quantile(r.seq.predict, 0.99))} | ${ms(mean(r.seq.inWorker.predict))} |`,
    `| POST /v1/predict, model ${FLOOR_MODEL} | ${ms(median(r.seq.floor))} | ${ms(quantile(r.seq.floor, 0.99))} | ${ms(mean(r.seq.inWorker.floor))} |`,
    "",
    `The rest of each request's time is the local HTTP path the no-op pays too (client, wrangler's dev proxy, workerd's HTTP): predict's p50 is ${ms(median(r.seq.predict) - median(r.seq.ping))} ms above ping's, of which ${ms(mean(r.seq.inWorker.predict) - mean(r.seq.inWorker.ping))} ms are spent in the worker (means; workerd's clock ticks in whole ms).`,
    "",
    "## In-worker model time (features + inference, one 2 kb pair)",
    "",
    `From the \`Server-Timing: model;dur=…\` header of the ${r.seq.model.length} sequential predicts: p50 ${ms(modelP50, 1)} ms, p99 ${ms(quantile(r.seq.model, 0.99), 1)} ms, mean ${ms(mean(r.seq.model), 3)} ms. workerd's clock advances in whole milliseconds, so single values are 0 or 1 ms and the mean is the better estimate. (On Cloudflare itself the clock only moves at I/O, so there these durations read 0.)`,
    "",
    `The same serving path (AS SIMD kernels + onnxruntime-web wasm, 1 thread) timed in Node with performance.now(), ${r.nodeModel.length} runs: p50 ${ms(median(r.nodeModel), 3)} ms, p99 ${ms(quantile(r.nodeModel, 0.99), 3)} ms.`,
    "",
    `Each served model on the same pair in Node (${r.perModel[0]?.times.length ?? 0} runs each, a fresh encoding per call so no duplex is cached; \`model\` in the request picks one):`,
    "",
    "| model | p50 ms | p99 ms |",
    "|---|---|---|",
    ...r.perModel.map((m) => `| ${m.name} | ${ms(median(m.times), 3)} | ${ms(quantile(m.times, 0.99), 3)} |`),
    "",
    "## Cold start: first request of a fresh workerd",
    "",
    "Each run starts `wrangler dev` anew (a new workerd process, empty local storage), waits for \"Ready on\", then sends /v1/predict with the default model as the very first request, and then the same request back to back until onnxruntime-web answers one. The first pays the isolate's start, the runtime (encoders) and the light engine tier's start (`load` in Server-Timing: tfjs's wasm backend and the model's device weights); the tier answers it (`engine` in Server-Timing) and onnxruntime-web's initialization and the model session start after the answer is out, in the background (ctx.waitUntil). onnxruntime's start does not yield while it compiles and opens the session, so a request sent right after the first waits for it and is then answered by onnxruntime-web: that is the second request's time below; a request arriving later finds the session open.",
    "",
    "| run | wrangler ready (ms) | first request (ms) | of which load (ms) | of which model (ms) | engine | second request (ms) | engine | onnxruntime-web from request | at (ms after the first was sent) |",
    "|---|---|---|---|---|---|---|---|---|---|",
    ...r.cold.map(
      (c, i) =>
        `| ${i + 1} | ${ms(c.readyMs, 0)} | ${ms(c.firstMs, 1)} | ${ms(c.load, 0)} | ${ms(c.model, 0)} | ${c.engine} | ${ms(c.secondMs, 1)} | ${c.secondEngine} | ${ms(c.takeover, 0)} | ${ms(c.takeoverMs, 0)} |`,
    ),
    `| median | ${ms(median(r.cold.map((c) => c.readyMs)), 0)} | ${ms(coldMedian, 1)} | ${ms(median(r.cold.map((c) => c.load)), 0)} | ${ms(median(r.cold.map((c) => c.model)), 0)} | | ${ms(median(r.cold.map((c) => c.secondMs)), 1)} | | ${ms(takeover, 0)} | ${ms(takeoverMs, 0)} |`,
    "",
    `The floors, ${r.coldPing.length} more fresh starts each: first request /v1/predict with \`model: "${FLOOR_MODEL}"\` (the runtime, onnxruntime-web's start and one small session) ${r.coldFloor.map((c) => ms(c.firstMs, 1)).join(", ")} ms (median ${ms(median(r.coldFloor.map((c) => c.firstMs)), 1)}, of which load ${ms(median(r.coldFloor.map((c) => c.load)), 0)}); first request /v1/ping (no runtime, no model) ${r.coldPing.map((c) => ms(c.firstMs, 1)).join(", ")} ms (median ${ms(median(r.coldPing.map((c) => c.firstMs)), 1)}).`,
    "",
    "### The light engine tier, and the module-scope route",
    "",
    `The first request of the default model is answered by the light engine tier: the same model's forward pass on tfjs-core with its wasm backend (the widget's executor and device weights; its wasm is ${mib(r.bundle.files.find((f) => f.name.includes("tfjs-backend-wasm"))?.bytes ?? NaN)} MiB beside onnxruntime's ${mib(r.bundle.files.find((f) => f.name.includes("ort-wasm"))?.bytes ?? NaN)} MiB). Its scores agree with the session's within 1e-5 (test/worker/tier.test.ts, 200 generated pairs). Tried beside it: opening onnxruntime-web's session at module scope (a top-level await in functions/index.ts), which workerd accepts and runs before "Ready on". It was not taken: the platform runs the global scope when an isolate starts, i.e. on a cold request's path or during its TLS handshake, within a 1 s startup limit, and it would put onnxruntime's whole start there (${ortLoad("lazy")} ms for the cheapest model alone, in Node, below) for every isolate, including those that never predict; the session's first run still compiles lazily afterwards. The light tier keeps the startup as it was and moves onnxruntime's start behind the first answer.`,
    "",
    "### Where the cold request's time goes",
    "",
    `The same work in Node, ${r.ortStart[0]?.runs.length} fresh processes per row (\`scripts/bench/ort-start.ts\`): onnxruntime-web's wasm precompiled into a module (workerd does that at startup, before the first request), then the model's first use (onnxruntime-web's start and the session: \`load\`) and two predicts of the bench pair. Under V8's default, lazy wasm compilation, each function of onnxruntime's module is compiled when it is first called (workerd's \`load\` above matches this row, not the eager one); \`--no-wasm-lazy-compilation\` compiles every function up front instead — a V8 flag a Worker cannot set — and what remains is onnxruntime's own start (its environment, kernel registry and the session).`,
    "",
    "| model | V8 wasm compilation | module compile ms | load ms (onnxruntime start + session) | first predict ms | second predict ms |",
    "|---|---|---|---|---|---|",
    ...r.ortStart.map(
      ({ model, compilation, runs }) =>
        `| ${model} | ${compilation} | ${ms(median(runs.map((x) => x.compileMs)), 0)} | ${ms(median(runs.map((x) => x.loadMs)), 0)} | ${ms(median(runs.map((x) => x.firstPredictMs)), 1)} | ${ms(median(runs.map((x) => x.secondPredictMs)), 1)} |`,
    ),
    "",
    "## Warm /v1/screen",
    "",
    "20 sequential requests after 3 warm-up requests per row; 2,000-nt lncRNA, top 25 listed. Each set as sent (the default: the model scores every candidate whenever the work budget allows, a complete ranking) and with `exhaustive: false` (a first pass shortlists, the model scores the shortlist).",
    "",
    "| candidates | mode | p50 ms | p99 ms | model p50 ms |",
    "|---|---|---|---|---|",
    ...screenRows("generated miRNAs sent as mirnaFasta (parsed, checked and featurized per request)", r.screenFasta),
    ...(r.screenHsa
      ? screenRows("species hsa from local KV (miRNA features cached in the isolate)", r.screenHsa)
      : ["| species hsa | not measured: no data dir, so no species sets were loaded | | | |"]),
    "",
    "## Worker size",
    "",
    `\`wrangler deploy --dry-run --outdir\`, each uploaded module gzipped at level 9 (wrangler's own line: ${r.bundle.wranglerSummary}). The test test/e2e/bundle-size.test.ts fails the build above ${mib(WORKER_GZIP_LIMIT)} MiB.`,
    "",
    "| module | raw bytes | gzip bytes |",
    "|---|---|---|",
    ...r.bundle.files.map(
      (f) => `| ${f.name} | ${f.bytes.toLocaleString("en")} | ${f.gzipBytes.toLocaleString("en")} |`,
    ),
    `| **total** | ${r.bundle.bytes.toLocaleString("en")} (${mib(r.bundle.bytes)} MiB) | ${r.bundle.gzipBytes.toLocaleString("en")} (${mib(r.bundle.gzipBytes)} MiB) |`,
    "",
  ];
  return lines.join("\n");
}
