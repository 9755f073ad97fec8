// Paid routes inside workerd (one file: each worker test file pays the pool's start-up): API keys
// (401 without a valid key, 403 for a publishable one, 429 over the plan's rate, 402 over its
// quota), and batch jobs end to end — submit, shards through the queue consumer (driven with
// cloudflare:test message batches), results in input order, and the ledger billing each pair once
// through a consumer crash, redeliveries, duplicate deliveries and a cancel.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { expireJobs, requeueStalled } from "../../functions/jobs/retention.ts";
import { ingest, jobLimits } from "../../functions/jobs/ingest.ts";
import { runtime } from "../../functions/index.ts";
import { generateKey } from "../../functions/keys/format.ts";
import { randomRna, seededRandom } from "../../scripts/lib/generators.ts";
import { expectProblem, fasta, get, postJson, putSpeciesSets } from "./api.ts";
import {
  authed,
  deliver,
  deliverDead,
  jobStatus,
  pairsTsv,
  shardMessages,
  submit,
  submitForm,
  testKey,
  upload,
  usageEvents,
  type JobBody,
} from "./jobs-api.ts";

describe("API keys on paid routes", () => {
  it("answers 401 without a key, with a malformed, unknown or revoked one", async () => {
    const missing = await expectProblem(await get("/v1/usage"), 401, "unauthorized");
    expect(missing.detail).toContain("Bearer");
    const { key, id } = await testKey();
    const tampered = key.slice(0, 10) + (key[10] === "a" ? "b" : "a") + key.slice(11);
    expect((await expectProblem(await authed(tampered, "/v1/usage"), 401, "unauthorized")).reason).toBe("malformed");
    const unknown = await authed(generateKey("secret"), "/v1/usage");
    expect((await expectProblem(unknown, 401, "unauthorized")).reason).toBe("unknown");
    expect((await authed(key, "/v1/usage")).status).toBe(200);
    await env.DB.prepare("UPDATE api_keys SET revoked_at = ? WHERE id = ?").bind(new Date().toISOString(), id).run();
    expect((await expectProblem(await authed(key, "/v1/usage"), 401, "unauthorized")).reason).toBe("revoked");
  });

  it("stores only the key's hash", async () => {
    const { key, id } = await testKey();
    const row = await env.DB.prepare("SELECT * FROM api_keys WHERE id = ?").bind(id).first<Record<string, string>>();
    expect(Object.values(row!).some((v) => typeof v === "string" && v.includes(key.slice(7, 30)))).toBe(false);
  });

  it("answers 403 for a publishable key", async () => {
    const { key } = await testKey("free", "publishable");
    await expectProblem(await authed(key, "/v1/usage"), 403, "key-not-allowed");
  });

  it("answers 429 with Retry-After once the plan's rate is used up, per key", async () => {
    const { key } = await testKey("free");
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++) statuses.push((await authed(key, "/v1/usage")).status);
    expect(statuses.slice(0, 20).every((s) => s === 200)).toBe(true);
    const limited = await authed(key, "/v1/usage");
    expect(limited.headers.get("Retry-After")).toBe("60");
    await expectProblem(limited, 429, "rate-limited");
    const other = await testKey("free");
    expect((await authed(other.key, "/v1/usage")).status).toBe(200);
  });

  it("answers 402 when a job would go over the monthly quota", async () => {
    await env.DB.prepare("INSERT OR IGNORE INTO plans VALUES ('tiny', 5, NULL, 'RATE_STANDARD', 'test')").run();
    const { key } = await testKey("tiny");
    const before = await storedShards();
    const problem = await expectProblem(await submit(key, pairsTsv(6, 1).text), 402, "quota-exceeded");
    expect(problem).toMatchObject({ quota: 5, requested: 6, used: 0 });
    expect(await storedShards()).toEqual(before);
    expect((await submit(key, pairsTsv(5, 2).text)).status).toBe(202);
    await expectProblem(await submit(key, pairsTsv(1, 3).text), 402, "quota-exceeded");
  });

  it("leaves anonymous /v1/predict open", async () => {
    const response = await postJson("/v1/predict", {
      pairs: [{ mirna: "UGAGGUAGUAGGUUGUAUAGUU", lncrna: "ACGU".repeat(60) }],
    });
    expect(response.status).toBe(200);
  });
});

/** Shard objects of every job in the bucket: a refused job must add none. */
const storedShards = async () =>
  (await env.JOBS_BUCKET.list({ prefix: "jobs/" })).objects.map((o) => o.key).filter((k) => k.includes("/shards/"));

const resultsTsv = async (key: string, id: string) => {
  const response = await authed(key, `/v1/jobs/${id}/results`);
  expect(response.status).toBe(200);
  return (await response.text()).trimEnd().split("\n");
};

describe("POST /v1/jobs", () => {
  it("scores every pair once, in input order, billed once per pair", async () => {
    const { key, id: keyId } = await testKey();
    const { text, ids } = pairsTsv(10, 11);
    const response = await submit(key, text);
    expect(response.status).toBe(202);
    const job = (await response.json()) as JobBody;
    expect(response.headers.get("Location")).toBe(`/v1/jobs/${job.id}`);
    expect(job).toMatchObject({ state: "queued", pairs: { total: 10, done: 0 }, shards: { total: 3, done: 0 } });
    await expectProblem(await authed(key, `/v1/jobs/${job.id}/results`), 409, "job-not-ready");

    const result = await deliver(shardMessages(job));
    expect(result.explicitAcks.length).toBe(3);
    const done = await jobStatus(key, job.id);
    expect(done).toMatchObject({ state: "succeeded", pairs: { total: 10, done: 10 }, shards: { done: 3 } });

    const lines = await resultsTsv(key, job.id);
    expect(lines[0]!.split("\t")).toEqual([
      "index",
      "id",
      "mirna_id",
      "lncrna_id",
      "score",
      "label",
      "threshold",
      "model",
      "mfe",
      "seed_sites",
      "model_score",
    ]);
    const rows = lines.slice(1).map((l) => l.split("\t"));
    expect(rows.map((r) => r[0])).toEqual(ids.map((_, i) => String(i)));
    expect(rows.map((r) => r[1])).toEqual(ids);
    for (const r of rows) expect(Number(r[4])).toBeGreaterThanOrEqual(0);

    // the same scores as /v1/predict gives for the first pair
    const first = text.split("\n")[1]!.split("\t");
    const predicted = (await (
      await authed(key, "/v1/predict", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ pairs: [{ mirna: first[1], lncrna: first[2] }] }),
      })
    ).json()) as { results: Array<{ score: number; duplex: { energy: number } }> };
    expect(Number(rows[0]![4])).toBeCloseTo(predicted.results[0]!.score, 6);

    const ndjson = await (await authed(key, `/v1/jobs/${job.id}/results?format=ndjson`)).text();
    expect(
      ndjson
        .trimEnd()
        .split("\n")
        .map((l) => JSON.parse(l).id),
    ).toEqual(ids);
    const gzip = await authed(key, `/v1/jobs/${job.id}/results?compress=gzip`);
    expect(gzip.headers.get("Content-Type")).toBe("application/gzip");
    const unzipped = await new Response(gzip.body!.pipeThrough(new DecompressionStream("gzip"))).text();
    expect(unzipped.trimEnd().split("\n")).toEqual(lines);

    expect((await usageEvents(job.id)).map((e) => e.pairs)).toEqual([4, 4, 2]);
    const usage = (await (await authed(key, "/v1/usage")).json()) as Record<string, unknown>;
    expect(usage).toMatchObject({ key: keyId, pairs: 10, pending: 0 });
  });

  it("gives the same job for the same Idempotency-Key and body, refuses another body", async () => {
    const { key } = await testKey();
    const { text } = pairsTsv(3, 12);
    const first = await submit(key, text, { "Idempotency-Key": "batch-1" });
    expect(first.status).toBe(202);
    const again = await submit(key, text, { "Idempotency-Key": "batch-1" });
    expect(again.status).toBe(200);
    expect(again.headers.get("Idempotent-Replayed")).toBe("true");
    expect(((await again.json()) as JobBody).id).toBe(((await first.json()) as JobBody).id);
    await expectProblem(
      await submit(key, pairsTsv(3, 13).text, { "Idempotency-Key": "batch-1" }),
      422,
      "idempotency-key-reused",
    );
    // another key may use the same Idempotency-Key for its own job
    const other = await testKey();
    expect((await submit(other.key, text, { "Idempotency-Key": "batch-1" })).status).toBe(202);
  });

  it("refuses malformed rows with their line numbers and stores nothing", async () => {
    const { key } = await testKey();
    const before = await storedShards();
    const good = pairsTsv(6, 14).text.split("\n");
    const lines = [
      good[0]!,
      good[1]!,
      "bad1\tUGAGGUAGUAGGUUGUAUAGUU\tACGUZACGU" + "A".repeat(40),
      good[2]!,
      "bad2\tACGU\t" + "A".repeat(200),
      "bad3\tonly-two-fields",
      good[3]!,
    ];
    const problem = await expectProblem(await submit(key, lines.join("\r\n")), 422, "invalid-rows");
    expect(problem.errors.map((e: { line: number }) => e.line)).toEqual([3, 5, 6]);
    expect(problem.errors[0].detail).toMatch(/^line 3: .*Z/);
    expect(problem.errors[1].detail).toContain("mature miRNA");
    expect(problem.errorCount).toBe(3);
    expect(await storedShards()).toEqual(before);

    const ndjson =
      '{"mirna": "UGAGGUAGUAGGUUGUAUAGUU", "lncrna": "' + "ACGU".repeat(50) + '"}\n{"mirna": 5}\nnot json\n';
    const nd = await expectProblem(
      await submit(key, ndjson, { "Content-Type": "application/x-ndjson" }),
      422,
      "invalid-rows",
    );
    expect(nd.errors.map((e: { line: number }) => e.line)).toEqual([2, 2, 3]);
  });

  it("stops reading a body whose pairs would make more shards than a job may", async () => {
    const stored: number[] = [];
    const limits = { ...jobLimits(), shardPairs: 2, maxShards: 3 };
    const read = (count: number) =>
      ingest(
        new Response(pairsTsv(count, 16).text).body!,
        "tsv",
        runtime().encoders,
        async (n) => stored.push(n),
        limits,
      );
    expect(await read(6)).toMatchObject({ pairs: 6, shards: [2, 2, 2] });
    const over = await read(7);
    expect(over.tooLarge).toContain("more than 3 shards");
  });

  it("counts the isoform nt the gene head may score in each shard's work", async () => {
    // 200-nt lncRNAs: three pairs fit a shard of 600 nt alone, one with 300 nt of isoforms each
    const limits = { ...jobLimits(), shardWork: 600 };
    const read = (isoformNt?: (lncrna: Uint8Array) => number) =>
      ingest(
        new Response(pairsTsv(6, 17).text).body!,
        "tsv",
        runtime().encoders,
        async () => undefined,
        limits,
        isoformNt,
      );
    expect(await read()).toMatchObject({ pairs: 6, shards: [3, 3] });
    expect(await read(() => 300)).toMatchObject({ pairs: 6, shards: [1, 1, 1, 1, 1, 1] });
  });

  it("accepts CSV and NDJSON rows", async () => {
    const { key } = await testKey();
    const tsv = pairsTsv(2, 15)
      .text.trimEnd()
      .split("\n")
      .map((l) => l.split("\t"));
    const csv = tsv.map((cells) => cells.map((c) => `"${c}"`).join(",")).join("\n");
    const viaCsv = await submit(key, csv, { "Content-Type": "text/csv" });
    expect(viaCsv.status).toBe(202);
    const ndjson = tsv
      .slice(1)
      .map(([id, mirna, lncrna]) => JSON.stringify({ id, mirna, lncrna }))
      .join("\n");
    const viaNdjson = await submit(key, ndjson, { "Content-Type": "application/x-ndjson" });
    expect(((await viaNdjson.json()) as JobBody).pairs.total).toBe(2);
  });
});

describe("lncRNAs × a species set", () => {
  it("pairs each lncRNA of a FASTA with every miRNA of the set, lncRNA-major", async () => {
    const random = seededRandom(31);
    const mirnas = ["m1", "m2", "m3"].map((id) => ({ id: `jbs-${id}`, sequence: randomRna(random, 22) }));
    await putSpeciesSets([{ name: "jbs", latinName: "Jobus testii", mirnas }]);
    const { key } = await testKey();
    const fastaBody = `>lncA first\n${randomRna(random, 150)}\n${randomRna(random, 100)}\n>lncB\n${randomRna(random, 300)}\n`;
    const response = await submit(key, fastaBody, { "Content-Type": "text/x-fasta" }, "?species=Jobus%20testii");
    expect(response.status).toBe(202);
    const job = (await response.json()) as JobBody;
    expect(job.pairs.total).toBe(6);
    await deliver(shardMessages(job));
    const rows = (await resultsTsv(key, job.id)).slice(1).map((l) => l.split("\t"));
    const sorted = [...mirnas].sort((a, b) => a.sequence.localeCompare(b.sequence)).map((m) => m.id);
    expect(rows.map((r) => r[3])).toEqual(["lncA", "lncA", "lncA", "lncB", "lncB", "lncB"]);
    expect(new Set(rows.slice(0, 3).map((r) => r[2]))).toEqual(new Set(sorted));

    const bad = await expectProblem(
      await submit(key, `>ok\n${"ACGU".repeat(50)}\n>bad\nACGU\nACGXACGU\n`, {}, "?species=jbs&format=fasta"),
      422,
      "invalid-rows",
    );
    expect(bad.errors.map((e: { line: number }) => e.line)).toEqual([5]);
    await expectProblem(await submit(key, ">x\nACGU\n", {}, "?species=nosuch"), 422, "unknown-species");
  });

  it("scores pairs with the head of the species they name, as /v1/predict does", async () => {
    const random = seededRandom(53);
    await putSpeciesSets([
      { name: "jbq", source: "pmrd", mirnas: [{ id: "jbq-m1", sequence: randomRna(random, 21) }] },
    ]);
    const { key } = await testKey();
    const { text } = pairsTsv(8, 57);
    const pairs = text
      .trimEnd()
      .split("\n")
      .slice(1)
      .map((line) => line.split("\t"))
      .map(([, mirna, lncrna]) => ({ mirna: mirna!, lncrna: lncrna! }));
    const predict = async (named: object) => {
      const response = await authed(key, "/v1/predict", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ pairs, ...named }),
      });
      expect(response.status).toBe(200);
      return ((await response.json()) as { results: Array<{ score: number; domainFrom?: string }> }).results;
    };
    const named = await predict({ species: "jbq", source: "pmrd" });
    const gated = await predict({});
    expect(named.every((r) => r.domainFrom === "species")).toBe(true);
    // the plant head alone scores these pairs otherwise than the gate's mixture does
    expect(Math.max(...named.map((r, i) => Math.abs(r.score - gated[i]!.score)))).toBeGreaterThan(1e-3);

    const scoresOf = async (query: string, headers: Record<string, string> = {}) => {
      const response = await submit(key, text, headers, query);
      expect(response.status).toBe(202);
      const job = (await response.json()) as JobBody & { species: unknown };
      await deliver(shardMessages(job));
      const rows = (await resultsTsv(key, job.id)).slice(1).map((l) => l.split("\t"));
      return { species: job.species, scores: rows.map((r) => Number(r[4])) };
    };
    const job = await scoresOf("?species=jbq&source=pmrd");
    expect(job.species).toEqual({ name: "jbq", domain: "plant" });
    job.scores.forEach((score, i) => expect(score).toBeCloseTo(named[i]!.score, 6));
    const unnamed = await scoresOf("");
    expect(unnamed.species).toBeNull();
    unnamed.scores.forEach((score, i) => expect(score).toBeCloseTo(gated[i]!.score, 6));
    // pair rows sent as CSV name their format by Content-Type: species= does not make them FASTA
    const csv = text.replaceAll("\t", ",");
    const viaCsv = await submit(key, csv, { "Content-Type": "text/csv" }, "?species=jbq&source=pmrd");
    expect(((await viaCsv.json()) as JobBody).pairs.total).toBe(8);
  });
});

describe("FASTA pairs (multipart/form-data, as /v1/predict takes them)", () => {
  const random = seededRandom(41);
  const mirnaFasta = fasta([
    ["mA", randomRna(random, 22)],
    ["mB", randomRna(random, 21)],
  ]);
  const lncrnaFasta = `>l1 first\n${randomRna(random, 120)}\n${randomRna(random, 90)}\n>l2\n${randomRna(random, 250)}\n>l3\n${randomRna(random, 300)}\n`;
  const rowsOf = async (key: string, job: JobBody) => {
    await deliver(shardMessages(job));
    expect((await jobStatus(key, job.id)).state).toBe("succeeded");
    return (await resultsTsv(key, job.id)).slice(1).map((l) => l.split("\t"));
  };

  it("pairs every lncRNA with every miRNA, lncRNA-major, streamed into shards", async () => {
    const { key } = await testKey();
    const response = await submitForm(key, [
      ["mirna", mirnaFasta],
      ["lncrna", lncrnaFasta],
    ]);
    expect(response.status).toBe(202);
    const job = (await response.json()) as JobBody & { format: string };
    expect(job).toMatchObject({ format: "fasta pairs (all)", pairs: { total: 6 }, shards: { total: 2 } });
    const rows = await rowsOf(key, job);
    expect(rows.map((r) => `${r[3]}×${r[2]}`)).toEqual(["l1×mA", "l1×mB", "l2×mA", "l2×mB", "l3×mA", "l3×mB"]);
    expect(rows.map((r) => r[0])).toEqual(["0", "1", "2", "3", "4", "5"]);
  });

  it("pairs the k-th lncRNA with the k-th miRNA with pairing zip (form part or query)", async () => {
    const { key } = await testKey();
    const zipped = `>l1\n${randomRna(random, 200)}\n>l2\n${randomRna(random, 200)}\n`;
    const viaPart = await submitForm(key, [
      ["mirna", mirnaFasta],
      ["pairing", "zip"],
      ["lncrna", zipped],
    ]);
    expect(viaPart.status).toBe(202);
    const rows = await rowsOf(key, (await viaPart.json()) as JobBody);
    expect(rows.map((r) => `${r[3]}×${r[2]}`)).toEqual(["l1×mA", "l2×mB"]);
    const viaQuery = await submitForm(
      key,
      [
        ["mirna", mirnaFasta],
        ["lncrna", zipped],
      ],
      {},
      "?pairing=zip",
    );
    expect(((await viaQuery.json()) as JobBody).pairs.total).toBe(2);
    const uneven = await expectProblem(
      await submitForm(
        key,
        [
          ["mirna", mirnaFasta],
          ["lncrna", lncrnaFasta],
        ],
        {},
        "?pairing=zip",
      ),
      422,
      "invalid-rows",
    );
    expect(uneven.errors[0]).toMatchObject({ part: "lncrna", line: 6 });
    expect(uneven.errors[0].detail).toContain("no miRNA record to pair with");
  });

  it("refuses faults by part and line, stores nothing, and needs the miRNAs first", async () => {
    const { key } = await testKey();
    const before = await storedShards();
    const badLncrnas = `>ok\n${"ACGU".repeat(50)}\n>bad\nACGU\nACGXACGU\n>\n${"ACGU".repeat(50)}\n`;
    const badMirnas = `>m1\nUGAGGUAGUAGGUUGUAUAGUU\n>m2\nACGU\n`;
    const problem = await expectProblem(
      await submitForm(key, [
        ["mirna", badMirnas],
        ["lncrna", badLncrnas],
      ]),
      422,
      "invalid-rows",
    );
    expect(problem.errors.map((e: { part: string; line: number }) => `${e.part}:${e.line}`)).toEqual([
      "mirna:3",
      "lncrna:5",
      "lncrna:6",
    ]);
    expect(problem.errors[1].detail).toMatch(/^lncrna line 5: .*X/);
    expect(await storedShards()).toEqual(before);

    const reversed = await expectProblem(
      await submitForm(key, [
        ["lncrna", lncrnaFasta],
        ["mirna", mirnaFasta],
      ]),
      422,
      "invalid-rows",
    );
    expect(reversed.detail).toContain("the mirna part must come first");
    const unknown = await expectProblem(
      await submitForm(key, [
        ["mirna", mirnaFasta],
        ["model", "x"],
        ["lncrna", lncrnaFasta],
      ]),
      422,
      "invalid-rows",
    );
    expect(unknown.detail).toContain("?model=");
    const unpaired = await expectProblem(
      await submit(key, ">x\nACGU\n", { "Content-Type": "text/x-fasta" }),
      422,
      "invalid-request",
    );
    expect(unpaired.detail).toContain("species=");
  });

  it("gives the same job for a resubmission whose form has another boundary", async () => {
    const { key } = await testKey();
    const body = (boundary: string) =>
      [
        `--${boundary}`,
        'Content-Disposition: form-data; name="mirna"; filename="m.fa"',
        "",
        mirnaFasta.trimEnd(),
        `--${boundary}`,
        'Content-Disposition: form-data; name="lncrna"; filename="l.fa"',
        "",
        lncrnaFasta.trimEnd(),
        `--${boundary}--`,
        "",
      ].join("\r\n");
    const send = (boundary: string) =>
      submit(key, body(boundary), {
        "Content-Type": `multipart/form-data; boundary=${boundary}`,
        "Idempotency-Key": "form-1",
      });
    const first = await send("first-boundary-1234");
    expect(first.status).toBe(202);
    const again = await send("another-boundary-98765");
    expect(again.status).toBe(200);
    expect(((await again.json()) as JobBody).id).toBe(((await first.json()) as JobBody).id);
  });
});

describe("bodies over the single-request limit, as an upload in parts (R2 multipart)", () => {
  const MIB = 1024 * 1024;
  // 20 kb lncRNAs: a little over 5 MiB in 263 rows; the test config allows 200,000 bytes per request
  const big = pairsTsv(263, 51, 20_000);
  const shardIds = async (job: string) => {
    const ids: string[] = [];
    const keys = (await env.JOBS_BUCKET.list({ prefix: `jobs/${job}/shards/` })).objects.map((o) => o.key).sort();
    for (const key of keys)
      for (const line of (await (await env.JOBS_BUCKET.get(key))!.text()).trimEnd().split("\n"))
        ids.push(JSON.parse(line).id);
    return ids;
  };

  it("makes a job of an upload whose parts came in any order, once, with every row", async () => {
    const { key } = await testKey();
    expect(big.text.length).toBeGreaterThan(5 * MIB);
    await expectProblem(await submit(key, big.text), 413, "job-too-large");
    const [first, second] = [big.text.slice(0, 5 * MIB), big.text.slice(5 * MIB)];
    const id = await upload(key, [
      { part: 2, text: second },
      { part: 1, text: "x".repeat(5 * MIB) },
      { part: 1, text: first },
    ]);
    const usage = (await (await authed(key, "/v1/usage")).json()) as { limits: { maxBodyBytes: number } };
    expect(usage.limits.maxBodyBytes).toBe(200_000);

    const made = await submit(key, "", { "Idempotency-Key": "upload-1" }, `?upload=${id}`);
    expect(made.status).toBe(202);
    const job = (await made.json()) as JobBody;
    expect(job.pairs.total).toBe(263);
    expect(await shardIds(job.id)).toEqual(big.ids);
    expect(await env.JOBS_BUCKET.head(`uploads/${id}/body`)).toBeNull(); // the shards hold it now

    const again = await submit(key, "", { "Idempotency-Key": "upload-1" }, `?upload=${id}`);
    expect(again.status).toBe(200);
    expect(((await again.json()) as JobBody).id).toBe(job.id);
    await expectProblem(
      await authed(key, `/v1/uploads/${id}/parts/1`, { method: "PUT", body: "x" }),
      422,
      "invalid-upload",
    );
    const stranger = await testKey();
    await expectProblem(await submit(stranger.key, "", {}, `?upload=${id}`), 404, "not-found");
  });

  it("reads an uploaded FASTA-pairs form by the Content-Type of the job request", async () => {
    const { key } = await testKey();
    const random = seededRandom(52);
    const form = new FormData();
    form.append("mirna", new File([fasta([["m1", randomRna(random, 22)]])], "m.fa"));
    form.append("lncrna", new File([fasta([1, 2, 3].map((i) => [`l${i}`, randomRna(random, 200)]))], "l.fa"));
    const request = new Request("http://x/", { method: "POST", body: form });
    const id = await upload(key, [await request.text()]);
    const made = await submit(key, "", { "Content-Type": request.headers.get("Content-Type")! }, `?upload=${id}`);
    expect(made.status).toBe(202);
    expect(await made.json()).toMatchObject({ format: "fasta pairs (all)", pairs: { total: 3 } });
  });

  it("deletes an upload that never became a job after the retention", async () => {
    const { key } = await testKey();
    const id = await upload(key, [big.text.slice(0, 5 * MIB)]);
    expect(await env.DB.prepare("SELECT part FROM upload_parts WHERE upload_id = ?").bind(id).first()).not.toBeNull();
    const past = new Date(Date.now() - 8 * 86_400_000).toISOString();
    await env.DB.prepare("UPDATE uploads SET created_at = ? WHERE id = ?").bind(past, id).run();
    await expireJobs(env);
    expect(await env.DB.prepare("SELECT id FROM uploads WHERE id = ?").bind(id).first()).toBeNull();
    expect(await env.DB.prepare("SELECT part FROM upload_parts WHERE upload_id = ?").bind(id).first()).toBeNull();
    await expectProblem(await submit(key, "", {}, `?upload=${id}`), 404, "not-found");
  });

  it("refuses parts that cannot make one body, and rows that fail, by line", async () => {
    const { key } = await testKey();
    const gap = await upload(key, [{ part: 2, text: big.text.slice(5 * MIB) }]);
    const missing = await expectProblem(await submit(key, "", {}, `?upload=${gap}`), 422, "invalid-upload");
    expect(missing.detail).toContain("part 1 is missing");
    const small = await upload(key, [big.text.slice(0, 1000), big.text.slice(1000)]);
    const uneven = await expectProblem(await submit(key, "", {}, `?upload=${small}`), 422, "invalid-upload");
    expect(uneven.detail).toContain(`at least ${5 * MIB} bytes`);

    const lines = big.text.split("\n");
    lines[200] = lines[200]!.replace(/\t[ACGU]/, "\tZ");
    const bad = lines.join("\n");
    const faulty = await upload(key, [bad.slice(0, 5 * MIB), bad.slice(5 * MIB)]);
    const problem = await expectProblem(await submit(key, "", {}, `?upload=${faulty}`), 422, "invalid-rows");
    expect(problem.errors.map((e: { line: number }) => e.line)).toEqual([201]);
  });
});

describe("exactly once through the queue", () => {
  it("a consumer that crashes mid-shard, redeliveries and duplicates still score and bill each pair once", async () => {
    const { key } = await testKey();
    const { ids, text } = pairsTsv(12, 21);
    const job = (await (await submit(key, text)).json()) as JobBody;
    const [s0, s1, s2] = shardMessages(job);

    // crash after shard 1's results are written, before its completion is recorded
    const crashed = await deliver([s0!, s1!], {
      afterResultsWritten: (m) => {
        if (m.shard === 1) throw new Error("crash between result write and ledger");
      },
    });
    expect(crashed.explicitAcks.length).toBe(1);
    expect(crashed.retryMessages.length).toBe(1);
    expect((await usageEvents(job.id)).map((e) => e.id)).toEqual([`${job.id}:0`]);
    expect((await jobStatus(key, job.id)).state).toBe("running");

    // the redelivery, shard 0 delivered again, and shard 2 twice in one batch and once more
    const redelivered = await deliver([{ ...s1!, attempts: 2 }, s0!, s2!, s2!]);
    expect(redelivered.explicitAcks.length).toBe(4);
    expect((await deliver([s2!, s1!])).explicitAcks.length).toBe(2);

    const status = await jobStatus(key, job.id);
    expect(status).toMatchObject({ state: "succeeded", pairs: { total: 12, done: 12 } });
    const rows = (await resultsTsv(key, job.id)).slice(1).map((l) => l.split("\t")[1]);
    expect(rows).toEqual(ids);
    const events = await usageEvents(job.id);
    expect(events.map((e) => e.id)).toEqual([0, 1, 2].map((s) => `${job.id}:${s}`));
    expect(events.reduce((sum, e) => sum + e.pairs, 0)).toBe(12);
  });

  it("cancel stops scoring and billing", async () => {
    const { key } = await testKey();
    const job = (await (await submit(key, pairsTsv(12, 22).text)).json()) as JobBody;
    const [s0, s1, s2] = shardMessages(job);
    await deliver([s0!]);
    const cancelled = await authed(key, `/v1/jobs/${job.id}`, { method: "DELETE" });
    expect(((await cancelled.json()) as JobBody).state).toBe("cancelled");
    const late = await deliver([s1!, s2!]);
    expect(late.explicitAcks.length).toBe(2);
    expect((await usageEvents(job.id)).map((e) => e.pairs)).toEqual([4]);
    expect(await jobStatus(key, job.id)).toMatchObject({ state: "cancelled", pairs: { done: 4 } });
    await expectProblem(await authed(key, `/v1/jobs/${job.id}/results`), 409, "job-not-ready");
    expect((await env.JOBS_BUCKET.list({ prefix: `jobs/${job.id}/results/` })).objects.length).toBe(1);
  });

  it("shows a job only to its key, and exports usage events with their deterministic ids", async () => {
    const { key } = await testKey();
    const job = (await (await submit(key, pairsTsv(4, 23).text)).json()) as JobBody;
    await deliver(shardMessages(job));
    const stranger = await testKey();
    await expectProblem(await authed(stranger.key, `/v1/jobs/${job.id}`), 404, "not-found");
    await expectProblem(await authed(key, "/v1/admin/usage-events"), 401, "unauthorized");
    const events: Array<{ identifier: string; payload: { value: string } }> = [];
    let after: string | null = "";
    while (after !== null) {
      const page = (await (
        await authed("test-admin-token", `/v1/admin/usage-events?limit=2${after ? `&after=${after}` : ""}`)
      ).json()) as { events: typeof events; next: string | null };
      events.push(...page.events);
      after = page.next;
    }
    expect(events.filter((e) => e.identifier.startsWith(job.id))).toEqual([
      expect.objectContaining({
        identifier: `${job.id}:0`,
        event_name: "lmi_pairs_scored",
        payload: expect.objectContaining({ value: "4" }),
      }),
    ]);
    expect(new Set(events.map((e) => e.identifier)).size).toBe(events.length);
  });

  it("forgets a job after its retention but keeps its usage events", async () => {
    const { key } = await testKey();
    const job = (await (await submit(key, pairsTsv(3, 24).text)).json()) as JobBody;
    await deliver(shardMessages(job));
    const past = new Date(Date.now() - 1000).toISOString();
    await env.DB.prepare("UPDATE jobs SET expires_at = ? WHERE id = ?").bind(past, job.id).run();
    expect((await expectProblem(await authed(key, `/v1/jobs/${job.id}`), 404, "not-found")).detail).toContain(
      "expired",
    );
    expect(await expireJobs(env)).toBeGreaterThanOrEqual(1);
    expect((await env.JOBS_BUCKET.list({ prefix: `jobs/${job.id}/` })).objects).toEqual([]);
    expect(await env.DB.prepare("SELECT id FROM jobs WHERE id = ?").bind(job.id).first()).toBeNull();
    expect((await usageEvents(job.id)).map((e) => e.pairs)).toEqual([3]);
  });

  it("a shard out of retries fails its job; shards done stay billed, none after", async () => {
    const { key } = await testKey();
    const job = (await (await submit(key, pairsTsv(8, 25).text)).json()) as JobBody;
    const [s0, s1] = shardMessages(job);
    await deliver([s0!]);
    expect((await deliverDead([s0!])).explicitAcks.length).toBe(1); // done meanwhile: no failure
    expect((await jobStatus(key, job.id)).state).toBe("running");
    await deliverDead([s1!]);
    const failed = (await jobStatus(key, job.id)) as JobBody & { error?: string };
    expect(failed).toMatchObject({ state: "failed", pairs: { done: 4 } });
    expect(failed.error).toContain("shard 1");
    await deliver([s1!]);
    expect((await usageEvents(job.id)).map((e) => e.pairs)).toEqual([4]);
    await expectProblem(await authed(key, `/v1/jobs/${job.id}/results`), 409, "job-not-ready");
  });

  it("queues again the missing shards of a job without progress for an hour", async () => {
    const { key } = await testKey();
    const job = (await (await submit(key, pairsTsv(12, 26).text)).json()) as JobBody;
    const [s0] = shardMessages(job);
    await deliver([s0!]);
    expect((await requeueStalled(env)).filter((m) => m.job === job.id)).toEqual([]);
    const hoursAgo = new Date(Date.now() - 2 * 3600_000).toISOString();
    await env.DB.prepare("UPDATE jobs SET created_at = ? WHERE id = ?").bind(hoursAgo, job.id).run();
    await env.DB.prepare("UPDATE shard_completions SET completed_at = ? WHERE job_id = ?").bind(hoursAgo, job.id).run();
    const resent = (await requeueStalled(env)).filter((m) => m.job === job.id);
    expect(resent).toEqual([1, 2].map((shard) => ({ job: job.id, shard })));
    await deliver(resent);
    expect((await jobStatus(key, job.id)).state).toBe("succeeded");
  });
});
