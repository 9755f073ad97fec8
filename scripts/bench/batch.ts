// npm run bench:batch [-- --pairs 100000 --local-pairs 10000 --rnahybrid-pairs 1000 --port 8799 --seed 1]
// Generated pairs (22-nt miRNAs, 1,000-nt lncRNAs) scored three ways in one run: a job through the
// queue path of `wrangler dev` (fresh local D1/R2/Queues, a dev key; submit → shards → consumer →
// results, wall clock from submit to the last result byte), the local CLI mode in this process (wall
// and CPU seconds), and RNAhybrid on the first pairs (one process per lncRNA with its miRNAs, the way
// bench:duplex runs it; wall clock). Writes its section of reports/perf.md.
import { createReadStream, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { ingest } from "../../functions/jobs/ingest.ts";
import { rnahybridMfe } from "../evaluate/rnahybrid.ts";
import { scoreLocally } from "../cli/local-score.ts";
import { createKeyIn } from "../keys/d1.ts";
import { parseCli, positiveIntOption, runCli } from "../lib/cli.ts";
import { describeCommit } from "../lib/commit.ts";
import { loadEncoders } from "../lib/kernels-node.ts";
import { randomRna, seededRandom } from "../lib/generators.ts";
import { buildDir, repoRoot } from "../lib/paths.ts";
import { writeReportSection } from "../lib/report-section.ts";
import { startDev } from "../lib/wrangler.ts";

const usage =
  "usage: npm run bench:batch -- [--pairs N] [--local-pairs N] [--rnahybrid-pairs N] [--lncrna-length NT] [--port P] [--seed S]";

const fmt = (n: number, digits = 0) => n.toLocaleString("en-US", { maximumFractionDigits: digits });

runCli(async () => {
  const { values } = parseCli(usage, {
    pairs: { type: "string" },
    "local-pairs": { type: "string" },
    "rnahybrid-pairs": { type: "string" },
    "lncrna-length": { type: "string" },
    port: { type: "string" },
    seed: { type: "string" },
  });
  if (values.help) return console.log(usage);
  const pairs = positiveIntOption("pairs", values.pairs, 100_000);
  const localPairs = Math.min(pairs, positiveIntOption("local-pairs", values["local-pairs"], 10_000));
  const hybridPairs = Math.min(pairs, positiveIntOption("rnahybrid-pairs", values["rnahybrid-pairs"], 1000));
  const length = positiveIntOption("lncrna-length", values["lncrna-length"], 1000);
  const port = positiveIntOption("port", values.port, 8799);
  const random = seededRandom(positiveIntOption("seed", values.seed, 1));

  const dir = join(buildDir, "bench-batch");
  mkdirSync(dir, { recursive: true });
  const rows = Array.from({ length: pairs }, (_, i) => ({
    id: `p${i}`,
    mirna: randomRna(random, 22),
    lncrna: randomRna(random, length),
  }));
  const tsv = (n: number) =>
    ["id\tmirna\tlncrna", ...rows.slice(0, n).map((r) => `${r.id}\t${r.mirna}\t${r.lncrna}`)].join("\n") + "\n";
  const file = join(dir, "pairs.tsv");
  const localFile = join(dir, "pairs-local.tsv");
  writeFileSync(file, tsv(pairs));
  writeFileSync(localFile, tsv(localPairs));

  // RNAhybrid first: it needs no server and the machine is quietest before workerd starts
  const hybridCache = join(mkdtempSync(join(tmpdir(), "bench-batch-")), "mfe.tsv");
  const hybridStart = performance.now();
  await rnahybridMfe(rows.slice(0, hybridPairs), { cachePath: hybridCache });
  const hybridSeconds = (performance.now() - hybridStart) / 1000;
  console.log(`RNAhybrid: ${hybridPairs} pairs in ${hybridSeconds.toFixed(1)} s`);

  // local CLI mode
  const cpuBefore = process.cpuUsage();
  const local = await scoreLocally(localFile, "tsv", join(dir, "local.scores.tsv"));
  const cpu = process.cpuUsage(cpuBefore);
  const localCpu = (cpu.user + cpu.system) / 1e6;
  if (local.errorCount > 0 || local.pairs !== localPairs)
    throw new Error(`local scoring went wrong: ${JSON.stringify(local.errors[0])}`);
  console.log(`local: ${localPairs} pairs in ${local.seconds.toFixed(1)} s wall, ${localCpu.toFixed(1)} s CPU`);

  // what accepting the body costs: the same row checks and sharding in this process, shards dropped
  const encoders = loadEncoders();
  const ingestBefore = process.cpuUsage();
  const ingested = await ingest(
    Readable.toWeb(createReadStream(file)) as never,
    "tsv",
    encoders,
    async () => undefined,
  );
  const ingestCpu = process.cpuUsage(ingestBefore);
  const ingestSeconds = (ingestCpu.user + ingestCpu.system) / 1e6;
  if (ingested.pairs !== pairs) throw new Error(`ingest read ${ingested.pairs} pairs of ${pairs}`);
  console.log(`ingest: ${fmt(ingested.bytes)} bytes in ${ingestSeconds.toFixed(1)} s CPU`);

  // the queue path through wrangler dev, fresh local storage
  const persist = mkdtempSync(join(tmpdir(), "bench-batch-state-"));
  const { key } = await createKeyIn({ persistTo: persist }, { name: "bench", plan: "dev", kind: "secret" });
  const server = await startDev(port, persist);
  let queue: { submitSeconds: number; totalSeconds: number; shards: number };
  try {
    const auth = { Authorization: `Bearer ${key}` };
    const started = performance.now();
    const response = await fetch(`${server.url}/v1/jobs`, {
      method: "POST",
      headers: { ...auth, "Content-Type": "text/tab-separated-values" },
      body: Readable.toWeb(createReadStream(file)) as never,
      duplex: "half",
    } as RequestInit);
    if (response.status !== 202) throw new Error(`submit answered ${response.status}: ${await response.text()}`);
    const job = (await response.json()) as { id: string; shards: { total: number } };
    const submitSeconds = (performance.now() - started) / 1000;
    console.log(`queue: job ${job.id}, ${job.shards.total} shards, accepted in ${submitSeconds.toFixed(1)} s`);
    let state = "queued";
    let last = -1;
    while (state !== "succeeded") {
      await new Promise((resolve) => setTimeout(resolve, 2000));
      const view = (await (await fetch(`${server.url}/v1/jobs/${job.id}`, { headers: auth })).json()) as {
        state: string;
        pairs: { done: number };
      };
      state = view.state;
      if (state === "cancelled") throw new Error("the job was cancelled");
      if (view.pairs.done !== last) console.log(`queue: ${view.pairs.done}/${pairs} pairs`);
      last = view.pairs.done;
    }
    const results = await (await fetch(`${server.url}/v1/jobs/${job.id}/results`, { headers: auth })).text();
    const totalSeconds = (performance.now() - started) / 1000;
    const lines = results.trimEnd().split("\n").slice(1);
    if (lines.length !== pairs || lines.some((l, i) => !l.startsWith(`${i}\tp${i}\t`)))
      throw new Error(`the results do not hold every pair once in input order (${lines.length} lines)`);
    queue = { submitSeconds, totalSeconds, shards: job.shards.total };
  } finally {
    await server.stop();
    rmSync(persist, { recursive: true, force: true });
  }

  const queueRate = pairs / queue.totalSeconds;
  const localRate = localPairs / local.seconds;
  const localCpuRate = localPairs / localCpu;
  const hybridRate = hybridPairs / hybridSeconds;
  const section = [
    "## Batch scoring (bench:batch)",
    "",
    `Measured on ${new Date().toISOString().slice(0, 10)} at ${describeCommit(["functions", "scripts", "models", "assembly"])}, ${cpus().length} CPU cores shared with other work, default model; generated pairs: 22-nt miRNAs, ${fmt(length)}-nt lncRNAs.`,
    "",
    "| path | pairs | seconds | pairs/s |",
    "|---|---|---|---|",
    `| queue: \`wrangler dev\` job, submit to last result byte (${queue.shards} shards; accepting the body took ${queue.submitSeconds.toFixed(1)} s) | ${fmt(pairs)} | ${queue.totalSeconds.toFixed(1)} | ${fmt(queueRate)} |`,
    `| local CLI mode (\`lmi-edge score\`), wall | ${fmt(localPairs)} | ${local.seconds.toFixed(1)} | ${fmt(localRate)} |`,
    `| local CLI mode, per CPU second (one core) | ${fmt(localPairs)} | ${localCpu.toFixed(1)} CPU | ${fmt(localCpuRate)} |`,
    `| RNAhybrid (MFE only, one process at a time), wall | ${fmt(hybridPairs)} | ${hybridSeconds.toFixed(1)} | ${fmt(hybridRate, 1)} |`,
    "",
    `Accepting the ${fmt(ingested.bytes / 1e6, 1)} MB body (row checks and sharding, the code of POST /v1/jobs run in Node): ${ingestSeconds.toFixed(1)} s CPU.`,
    "",
    `Local CLI mode against RNAhybrid, wall: ${fmt(localRate / hybridRate, 1)}×; the queue path: ${fmt(queueRate / hybridRate, 1)}×.`,
    "",
  ].join("\n");
  console.log(`\n${section}`);
  writeReportSection(join(repoRoot, "reports", "perf.md"), "## Batch scoring (bench:batch)", section);
});
