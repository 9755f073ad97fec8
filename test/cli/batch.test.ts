// `lmi-edge batch` end to end against a real local worker (wrangler dev: local D1, R2 and Queues,
// the queue consumer scoring shards): submit, interrupt, resume from the state file beside the
// output, results in input order and billed once; a body over the single-request limit goes up in
// parts and a half-done upload resumes where it stopped. Small job limits (--var) keep it quick.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createKeyIn } from "../../scripts/keys/d1.ts";
import { generatedPairs } from "../../scripts/lib/fixture-pairs.ts";
import { randomRna, seededRandom } from "../../scripts/lib/generators.ts";
import { repoRoot } from "../../scripts/lib/paths.ts";
import { startDev, type DevServer } from "../../scripts/lib/wrangler.ts";
import { putGeneratedSpecies } from "../local-species.ts";

const PORT = 8823;
const MIB = 1024 * 1024;
let server: DevServer;
let key: string;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "lmi-batch-"));
  const persist = join(dir, "state");
  ({ key } = await createKeyIn({ persistTo: persist }, { name: "cli test", plan: "dev", kind: "secret" }));
  // a generated animal set ("cli" is no plant's prefix): its pairs take the human head
  const random = seededRandom(73);
  const mirnas = Array.from({ length: 3 }, (_, i) => ({ id: `cli-miR${i + 1}`, sequence: randomRna(random, 21) }));
  await putGeneratedSpecies(persist, "cli", "Clius testii", mirnas);
  server = await startDev(PORT, persist, 180_000, { JOB_MAX_BODY_BYTES: String(MIB), JOB_SHARD_PAIRS: "10" });
}, 240_000);

afterAll(async () => {
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Runs the CLI; `until` may stop it early (SIGKILL: an interruption) once it returns true. */
function cli(args: string[], until?: () => boolean): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(repoRoot, "scripts/cli/lmi-edge.mjs"), ...args], {
      cwd: dir,
      env: { ...process.env, LMI_URL: server.url, LMI_KEY: key },
    });
    let output = "";
    for (const stream of [child.stdout, child.stderr]) stream.on("data", (chunk: Buffer) => (output += chunk));
    const poll = until && setInterval(() => until() && child.kill("SIGKILL"), 20);
    child.on("exit", (code) => {
      if (poll) clearInterval(poll);
      resolve({ code, output });
    });
  });
}

const api = async (path: string, init: RequestInit = {}) =>
  fetch(`${server.url}${path}`, { ...init, headers: { Authorization: `Bearer ${key}`, ...init.headers } });
const usedPairs = async () => ((await (await api("/v1/usage")).json()) as { pairs: number; pending: number }).pairs;
const resultRows = (file: string) =>
  readFileSync(file, "utf8")
    .trimEnd()
    .split("\n")
    .slice(1)
    .map((l) => l.split("\t"));

describe("lmi-edge batch against wrangler dev", () => {
  it("resumes an interrupted FASTA-pairs job from its state file: one job, input order, billed once", async () => {
    const random = seededRandom(71);
    const mirnas = ["mA", "mB", "mC"];
    const lncrnas = Array.from({ length: 40 }, (_, i) => `l${i}`);
    writeFileSync(join(dir, "mirnas.fa"), mirnas.map((id) => `>${id}\n${randomRna(random, 22)}\n`).join(""));
    writeFileSync(
      join(dir, "lncrnas.fa"),
      lncrnas.map((id) => `>${id} generated\n${randomRna(random, 300)}\n`).join(""),
    );
    const args = ["batch", "submit", "lncrnas.fa", "--mirnas", "mirnas.fa", "--out", "pairs.tsv"];
    const state = join(dir, "pairs.tsv.lmi-job.json");
    const before = await usedPairs();

    const hasJob = () => existsSync(state) && readFileSync(state, "utf8").includes('"job"');
    const interrupted = await cli(args, hasJob);
    expect(interrupted.code).toBeNull(); // killed
    const { job } = JSON.parse(readFileSync(state, "utf8")) as { job: string };
    expect(existsSync(join(dir, "pairs.tsv"))).toBe(false);

    const resumed = await cli(args);
    expect(resumed.output).toContain(`resuming job ${job}`);
    expect(resumed.output).toMatch(/120\/120 pairs · succeeded/); // the progress bar's last line
    expect(resumed.code).toBe(0);
    expect(existsSync(state)).toBe(false);
    const rows = resultRows(join(dir, "pairs.tsv"));
    expect(rows.map((r) => `${r[3]}×${r[2]}`)).toEqual(lncrnas.flatMap((l) => mirnas.map((m) => `${l}×${m}`)));
    expect(rows.map((r) => Number(r[0]))).toEqual(rows.map((_, i) => i));
    expect((await usedPairs()) - before).toBe(120);
  });

  it("uploads a body over the single-request limit in parts and resumes a half-done upload", async () => {
    const random = seededRandom(72);
    const ids = Array.from({ length: 270 }, (_, i) => `p${i}`);
    const text = [
      "id\tmirna\tlncrna",
      ...ids.map((id) => `${id}\t${randomRna(random, 22)}\t${randomRna(random, 20_000)}`),
    ]
      .join("\n")
      .concat("\n");
    expect(text.length).toBeGreaterThan(5 * MIB);
    writeFileSync(join(dir, "big.tsv"), text);

    // as if an earlier run had uploaded part 1, then stopped
    const upload = (await (await api("/v1/uploads", { method: "POST" })).json()) as { id: string };
    const part1 = await api(`/v1/uploads/${upload.id}/parts/1`, { method: "PUT", body: text.slice(0, 5 * MIB) });
    expect(part1.status).toBe(200);
    const state = join(dir, "big.scores.tsv.lmi-job.json");
    const saved = {
      idempotencyKey: "cli-test-upload",
      url: server.url,
      file: "big.tsv",
      size: text.length,
      upload: { id: upload.id, partBytes: 5 * MIB, done: [1] },
    };
    writeFileSync(state, JSON.stringify(saved));
    const before = await usedPairs();

    const args = ["batch", "submit", "big.tsv", "--out", "big.scores.tsv"];
    const run = await cli(args);
    expect(run.output).toContain(`resuming upload ${upload.id} (1 parts done)`);
    expect(run.output).toContain("part 2/2 uploaded");
    expect(run.output).not.toContain("part 1/2 uploaded");
    expect(run.code).toBe(0);
    const job = /job (job_\w+)/.exec(run.output)![1];
    expect(resultRows(join(dir, "big.scores.tsv")).map((r) => r[1])).toEqual(ids);
    expect((await usedPairs()) - before).toBe(270);

    // stopped after asking for the job but before its id was kept: asking again gives the same job
    writeFileSync(state, JSON.stringify({ ...saved, upload: { ...saved.upload, done: [1, 2] } }));
    const again = await cli(args);
    expect(again.code).toBe(0);
    expect(again.output).toContain(`job ${job}`);
    expect((await usedPairs()) - before).toBe(270);
  });

  it("names the pairs' species with --species, in a job or scored here: its head scores them, as /v1/predict does", async () => {
    const pairs = generatedPairs(6, 74);
    const tsv = ["id\tmirna\tlncrna", ...pairs.map((p, i) => `q${i}\t${p.mirna}\t${p.lncrna}`)].join("\n") + "\n";
    writeFileSync(join(dir, "named.tsv"), tsv);
    const scoresOf = async (extra: string[], out: string) => {
      const run = await cli(["batch", "submit", "named.tsv", ...extra, "--out", out]);
      expect(run.code, run.output).toBe(0);
      return resultRows(join(dir, out)).map((r) => Number(r[4]));
    };
    const predicted = async (body: object) => {
      const response = await api("/v1/predict", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ pairs: pairs.map(({ mirna, lncrna }) => ({ mirna, lncrna })), ...body }),
      });
      return ((await response.json()) as { results: { score: number }[] }).results.map((r) => r.score);
    };
    const [named, gated] = [
      await scoresOf(["--species", "cli"], "named.scores.tsv"),
      await scoresOf([], "gated.scores.tsv"),
    ];
    const [namedApi, gatedApi] = [await predicted({ species: "cli" }), await predicted({})];
    named.forEach((s, i) => expect(s).toBeCloseTo(namedApi[i]!, 6));
    gated.forEach((s, i) => expect(s).toBeCloseTo(gatedApi[i]!, 6));
    expect(Math.max(...named.map((s, i) => Math.abs(s - gated[i]!)))).toBeGreaterThan(1e-3);

    // on this machine, by miRBase 18 prefix: hsa is an animal, as the set "cli" is
    const local = await cli(["score", "named.tsv", "--species", "hsa", "--out", "local.scores.tsv"]);
    expect(local.code, local.output).toBe(0);
    resultRows(join(dir, "local.scores.tsv")).forEach((r, i) => expect(Number(r[4])).toBeCloseTo(namedApi[i]!, 6));
    const unknown = await cli(["score", "named.tsv", "--species", "cli"]);
    expect(unknown.code).not.toBe(0);
    expect(unknown.output).toContain("miRBase 18 prefix");
  });
});
