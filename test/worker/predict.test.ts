// POST /v1/predict inside workerd: scores through the bundled model, and every documented fault
// answered with its own problem type.
import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { featureLength, type FeatureEncoding } from "../../functions/features/pair-features.ts";
import { DEFAULT_MODEL } from "../../functions/models/default.ts";
import { randomRna, reverseComplement, seededRandom } from "../../scripts/lib/generators.ts";
import {
  expectProblem as expectAnyProblem,
  fasta,
  fastaFile,
  get,
  postForm,
  postJson,
  expectStacked,
  type ModelsBody,
} from "./api.ts";

const random = seededRandom(42);
const MIRNA = "UGAGGUAGUAGGUUGUAUAGUU";
const site8mer = reverseComplement(MIRNA.slice(1, 8)) + "A";

const predict = (body: unknown, headers?: Record<string, string>) => postJson("/v1/predict", body, headers);
const expectProblem = (response: Response, status: number, type: string) =>
  expectAnyProblem(response, status, type, "/v1/predict");
type Result = Record<string, any>;
const resultsOf = async (response: Response) => {
  const text = await response.text();
  expect(response.status, text).toBe(200);
  return JSON.parse(text) as { model: string; members: string[]; pairing?: string; results: Result[] };
};

describe("POST /v1/predict", () => {
  it("scores pairs in request order with threshold, label and seed sites", async () => {
    const background = randomRna(random, 1500);
    const withSites =
      background.slice(0, 300) + site8mer + background.slice(300, 900) + site8mer + background.slice(900);
    const response = await predict({
      pairs: [
        { id: "planted", mirna: MIRNA, lncrna: withSites.toLowerCase().replace(/u/g, "t") },
        { mirna: MIRNA, lncrna: randomRna(random, 800) },
      ],
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { model: string; results: Array<Record<string, any>> };
    expect(body.model).toBe(DEFAULT_MODEL);
    expect(body.results.map((r) => r.index)).toEqual([0, 1]);
    const [planted, other] = body.results;
    expect(planted).toMatchObject({ id: "planted", model: DEFAULT_MODEL, lengths: { mirna: 22, lncrna: 1516 } });
    expect(other!.id).toBeUndefined();
    for (const r of body.results) {
      expect(r.score).toBeGreaterThanOrEqual(0);
      expect(r.score).toBeLessThanOrEqual(1);
      expect(r.label).toBe(r.score >= r.threshold ? 1 : 0);
    }
    expect(planted!.seed.counts["8mer"]).toBeGreaterThanOrEqual(2);
    expect(planted!.seed.sites).toContainEqual({ start: 301, end: 308, type: "8mer", wobble: 0 });
    expect(planted!.seed.best).toEqual({ start: 301, end: 308, type: "8mer", wobble: 0 });
    expect(planted!.attention).toBeUndefined(); // no served model has an attention layer yet
    expect(planted!.duplex.energy).toBeLessThan(0);
  });

  it("explains with the best duplex: a planted full complement is found where it is", async () => {
    const background = randomRna(random, 1200);
    const lncrna = background.slice(0, 500) + reverseComplement(MIRNA) + background.slice(522);
    const [result] = (await resultsOf(await predict({ pairs: [{ mirna: MIRNA, lncrna }] }))).results;
    const { energy, best } = result!.duplex;
    expect(energy).toBeLessThan(-30); // 22 stacked pairs
    expect(best).toMatchObject({ energy, targetStart: 501, targetEnd: 522, mirnaStart: 1, mirnaEnd: 22 });
    expect(best.diagram).toHaveLength(4);
    expect(best.diagram[1].trim()).toBe(reverseComplement(MIRNA));
  });

  it("explains with the plant-style site: psRNATarget's expectation, alignment, call and mimicry", async () => {
    const background = randomRna(random, 1200);
    const site = reverseComplement(MIRNA);
    // miRNA nt 4 (G) faces U: a G:U pair in the seed region; nt 15 (G) faces A: a mismatch
    const edited = site.slice(0, 22 - 15) + "A" + site.slice(22 - 14, 22 - 4) + "U" + site.slice(22 - 3);
    const lncrna = background.slice(0, 600) + edited + background.slice(600);
    const [result] = (await resultsOf(await predict({ pairs: [{ mirna: MIRNA, lncrna }] }))).results;
    expect(result!.plantTarget.scoredLength).toBe(19);
    expect(result!.plantTarget.best).toEqual({
      expectation: 1.75,
      start: 604,
      end: 622,
      mismatches: [15],
      wobbles: [4],
      unpaired: [],
      targetBulges: [],
      seedMismatches: 0,
      cleavageSite: true,
      inhibition: "cleavage",
      called: true,
    });
    // a mimic of the same miRNA: three nt between the partners of nt 10 and 11
    const mimic = site.slice(0, 12) + "CUC" + site.slice(12);
    const [other] = (
      await resultsOf(await predict({ pairs: [{ mirna: MIRNA, lncrna: background.slice(0, 300) + mimic }] }))
    ).results;
    expect(other!.plantTarget.mimicry.best).toEqual({ start: 301, end: 325, bulgeAfter: 10, mispairs: 0 });
    expect(other!.plantTarget.best.cleavageSite).toBe(false);
    expect(other!.plantTarget.best.inhibition).toBe("translation");
  });

  it("scores with the model the request names, duplex evidence included", async () => {
    const lncrna = randomRna(random, 500);
    const kmer = await resultsOf(await predict({ model: "kmer-mlp", pairs: [{ mirna: MIRNA, lncrna }] }));
    const duplex = await resultsOf(await predict({ pairs: [{ mirna: MIRNA, lncrna }] }));
    expect(kmer.model).toBe("kmer-mlp");
    expect(kmer.results[0]!.score).not.toBe(duplex.results[0]!.score);
    // the explanation does not depend on the model
    expect(kmer.results[0]!.duplex).toEqual(duplex.results[0]!.duplex);
  });

  it("reports the in-worker model time in a Server-Timing header", async () => {
    const response = await predict({ pairs: [{ mirna: MIRNA, lncrna: randomRna(random, 2000) }] });
    expect(response.status).toBe(200);
    expect(response.headers.get("Server-Timing")).toMatch(/(^|,)model;dur=[\d.]+;desc="features \+ inference"/);
  });

  // ensemble runs each member's session, then the stacker's; ensemble-lite is fused (one graph, one run)
  for (const name of ["ensemble", "ensemble-lite"]) {
    it(`${name}: the per-model breakdown gives each member's own score, combined by its stacker`, async () => {
      const models = (await (await get("/v1/models")).json()) as ModelsBody;
      const card = models.models.find((m) => m.name === name)!;
      const pairs = [
        { mirna: MIRNA, lncrna: randomRna(random, 900) },
        { mirna: MIRNA, lncrna: randomRna(random, 1200) },
        { mirna: MIRNA, lncrna: randomRna(random, 300) + reverseComplement(MIRNA) },
      ];
      const alone = await Promise.all(
        card.members!.map(async (member) => resultsOf(await predict({ pairs, model: member }))),
      );
      const ensemble = await resultsOf(await predict({ pairs, model: name }));
      expect(ensemble).toMatchObject({ model: name, members: card.members });
      for (const a of alone) for (const r of a.results) expect(r.members).toBeUndefined(); // a single model has no breakdown
      ensemble.results.forEach((r, i) => {
        expect(r.model).toBe(name);
        expect(r.members).toEqual(
          alone.map((a, k) => ({
            model: card.members![k],
            score: a.results[i]!.score,
            label: a.results[i]!.label,
            threshold: a.results[i]!.threshold,
            ...(a.results[i]!.attention ? { attention: a.results[i]!.attention } : {}),
          })),
        );
        const domains = r.domains as Record<string, number>;
        expect(Object.values(domains).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
        expectStacked(card, {
          score: r.score,
          members: r.members as { score: number }[],
          domains,
          lncrnaKnown: r.lncrnaKnown as boolean | undefined,
        });
        expect(r.threshold).toBe(card.threshold);
        expect(r.label).toBe(r.score >= r.threshold ? 1 : 0);
      });
    });
  }

  it("shows premli's attention over its lncRNA window, centred on the best duplex, alone and as an ensemble member", async () => {
    type Attention = { model: string; start: number; resolution: number; values: number[] };
    const site = reverseComplement(MIRNA);
    const long = randomRna(random, 1500) + site + randomRna(random, 1500); // the window lies inside
    const short = randomRna(random, 90) + site; // shorter than the 200-nt window
    const alone = await resultsOf(
      await predict({
        pairs: [
          { mirna: MIRNA, lncrna: long },
          { mirna: MIRNA, lncrna: short },
        ],
        model: "premli",
      }),
    );
    const [inLong, inShort] = alone.results.map((r) => r.attention as Attention);
    for (const [a, length] of [
      [inLong!, long.length],
      [inShort!, short.length],
    ] as const) {
      expect(a.model).toBe("premli");
      expect(a.resolution).toBe(4);
      expect(a.values.reduce((x, y) => x + y, 0)).toBeCloseTo(1, 3);
      expect(Math.min(...a.values)).toBeGreaterThanOrEqual(0);
      expect(a.start).toBeGreaterThanOrEqual(1);
      expect(a.start + a.resolution * (a.values.length - 1)).toBeLessThanOrEqual(length);
    }
    // the 200-nt window is centred on the best duplex (the planted site), 49 steps of 4 nt
    const best = alone.results[0]!.duplex.best as { targetStart: number; targetEnd: number };
    expect(best).toMatchObject({ targetStart: 1501, targetEnd: 1522 });
    expect(inLong!.start).toBe(Math.floor((best.targetStart + best.targetEnd - 1) / 2) - 100 + 1);
    expect(inLong!.values).toHaveLength(49);
    expect(inShort!.start).toBe(1);
    expect(inShort!.values.length).toBeLessThan(49);
    // the ensemble carries its premli member's profile; models without attention carry none
    const ensemble = await resultsOf(await predict({ pairs: [{ mirna: MIRNA, lncrna: long }], model: "ensemble" }));
    const members = ensemble.results[0]!.members as { model: string; attention?: Attention }[];
    expect(members.find((m) => m.model === "premli")!.attention).toEqual(inLong);
    expect(members.filter((m) => m.attention).map((m) => m.model)).toEqual(["premli"]);
    const plain = await resultsOf(await predict({ pairs: [{ mirna: MIRNA, lncrna: long }], model: "duplex-mlp" }));
    expect(plain.results[0]!.attention).toBeUndefined();
  });

  it("accepts FASTA-style wrapping, mixed case and N", async () => {
    const lncrna = randomRna(random, 600)
      .replace(/(.{60})/g, "$1\r\n")
      .replace(/^(.{10})./, "$1N");
    const response = await predict({ pairs: [{ mirna: MIRNA.toLowerCase(), lncrna }] });
    expect(response.status).toBe(200);
    const [result] = ((await response.json()) as { results: Array<Record<string, any>> }).results;
    expect(result).toMatchObject({ lengths: { lncrna: 600 }, ambiguous: { lncrna: 1, mirna: 0 } });
  });

  it("names an invalid symbol with its 1-based position", async () => {
    const problem = await expectProblem(
      await predict({ pairs: [{ mirna: MIRNA, lncrna: "ACGU\nAC*GU" }] }),
      422,
      "invalid-symbol",
    );
    expect(problem.errors).toEqual([expect.objectContaining({ pointer: "/pairs/0/lncrna", position: 8, symbol: "*" })]);
  });

  it("lists every bad sequence, each with its pointer", async () => {
    const problem = await expectProblem(
      await predict({
        pairs: [
          { mirna: MIRNA, lncrna: "ACGU".repeat(50) },
          { mirna: "ACGUX", lncrna: " " },
        ],
      }),
      422,
      "invalid-symbol",
    );
    expect(problem.errorCount).toBe(2);
    expect((problem.errors as Array<{ pointer: string; type: string }>).map((e) => [e.pointer, e.type])).toEqual([
      ["/pairs/1/mirna", "/v1/problems/invalid-symbol"],
      ["/pairs/1/lncrna", "/v1/problems/empty-sequence"],
    ]);
  });

  it("rejects an empty sequence", async () => {
    await expectProblem(await predict({ pairs: [{ mirna: MIRNA, lncrna: "" }] }), 422, "empty-sequence");
  });

  it("rejects a lncRNA over 100,000 nt", async () => {
    const problem = await expectProblem(
      await predict({ pairs: [{ mirna: MIRNA, lncrna: "A".repeat(100_001) }] }),
      422,
      "lncrna-too-long",
    );
    expect(problem.errors).toEqual([expect.objectContaining({ length: 100_001, limit: 100_000 })]);
    expect((await predict({ pairs: [{ mirna: MIRNA, lncrna: "ACGU".repeat(25_000) }] })).status).toBe(200);
  });

  it("rejects a miRNA outside 15–30 nt", async () => {
    await expectProblem(await predict({ pairs: [{ mirna: "ACGUACGUACGUAC", lncrna: "ACGU" }] }), 422, "mirna-length");
    await expectProblem(await predict({ pairs: [{ mirna: "A".repeat(31), lncrna: "ACGU" }] }), 422, "mirna-length");
    expect((await predict({ pairs: [{ mirna: "ACGUACGUACGUACG", lncrna: "ACGU".repeat(50) }] })).status).toBe(200);
  });

  it("rejects more than 1,000 pairs", async () => {
    const pair = { mirna: MIRNA, lncrna: "ACGUACGU" };
    await expectProblem(await predict({ pairs: Array.from({ length: 1001 }, () => pair) }), 422, "too-many-pairs");
  });

  it("rejects malformed JSON", async () => {
    const problem = await expectProblem(await predict('{"pairs": [ {"mirna": "ACGU", '), 400, "malformed-json");
    expect(problem.detail).toMatch(/not valid JSON/);
  });

  it("rejects a body that is not JSON by content type", async () => {
    await expectProblem(await predict(">mir\nACGU", { "Content-Type": "text/plain" }), 415, "unsupported-media-type");
    await expectProblem(
      await predict("mirna=ACGU", { "Content-Type": "application/x-www-form-urlencoded" }),
      415,
      "unsupported-media-type",
    );
    await expectProblem(await predict("{}", {}), 415, "unsupported-media-type");
  });

  it("rejects a body over 5 MB", async () => {
    const big = JSON.stringify({ pairs: [{ mirna: MIRNA, lncrna: "A".repeat(5 * 1024 * 1024) }] });
    await expectProblem(await predict(big), 413, "body-too-large");
  });

  it("rejects a request that does not match the schema, naming the field", async () => {
    const problem = await expectProblem(await predict({ pairs: [{ mirna: MIRNA }] }), 422, "invalid-request");
    expect(problem.errors).toEqual([expect.objectContaining({ pointer: "/pairs/0/lncrna" })]);
    await expectProblem(await predict({ pairs: [] }), 422, "invalid-request");
    await expectProblem(await predict([1, 2]), 422, "invalid-request");
  });

  it("rejects an unknown model, listing the available ones", async () => {
    const problem = await expectProblem(
      await predict({ model: "nope", pairs: [{ mirna: MIRNA, lncrna: "ACGU" }] }),
      422,
      "unknown-model",
    );
    const models = (await (await get("/v1/models")).json()) as ModelsBody;
    expect(problem.available).toEqual(models.models.map((m) => m.name));
    expect(problem.available).toContain("ensemble");
  });
});

describe("POST /v1/predict with FASTA", () => {
  const mirnas: Array<[string, string]> = [
    ["mir-a", MIRNA],
    ["mir-b", randomRna(random, 21)],
  ];
  const lncrnas: Array<[string, string]> = [
    ["lnc-1", randomRna(random, 700)],
    ["lnc-2", randomRna(random, 1100)],
    ["lnc-3", randomRna(random, 400)],
  ];
  const wrapped = (records: Array<[string, string]>) =>
    records.map(([id, s]) => `>${id} a description\r\n${s.replace(/(.{60})/g, "$1\r\n")}\r\n\r\n`).join("");
  const asPairs = (combos: Array<[number, number]>) =>
    combos.map(([i, j]) => ({ mirna: mirnas[i]![1], lncrna: lncrnas[j]![1] }));

  it("pairs every miRNA with every lncRNA, miRNA-major, scored as the same JSON pairs", async () => {
    const body = await resultsOf(await predict({ mirnaFasta: wrapped(mirnas), lncrnaFasta: wrapped(lncrnas) }));
    expect(body.pairing).toBe("all");
    expect(body.results.map((r) => [r.index, r.mirnaId, r.lncrnaId])).toEqual([
      [0, "mir-a", "lnc-1"],
      [1, "mir-a", "lnc-2"],
      [2, "mir-a", "lnc-3"],
      [3, "mir-b", "lnc-1"],
      [4, "mir-b", "lnc-2"],
      [5, "mir-b", "lnc-3"],
    ]);
    const json = await resultsOf(
      await predict({
        pairs: asPairs([
          [0, 0],
          [0, 1],
          [0, 2],
          [1, 0],
          [1, 1],
          [1, 2],
        ]),
      }),
    );
    body.results.forEach((r, i) => expect(r.score).toBe(json.results[i]!.score));
    expect(body.results[4]!.lengths).toEqual({ mirna: 21, lncrna: 1100 });
  });

  it("pairs record i with record i when pairing is zip, and needs equal counts for it", async () => {
    const body = await resultsOf(
      await predict({ mirnaFasta: fasta(mirnas), lncrnaFasta: fasta(lncrnas.slice(0, 2)), pairing: "zip" }),
    );
    expect(body.results.map((r) => [r.mirnaId, r.lncrnaId])).toEqual([
      ["mir-a", "lnc-1"],
      ["mir-b", "lnc-2"],
    ]);
    const problem = await expectProblem(
      await predict({ mirnaFasta: fasta(mirnas), lncrnaFasta: fasta(lncrnas), pairing: "zip" }),
      422,
      "invalid-request",
    );
    expect(problem.errors[0].pointer).toBe("/pairing");
  });

  it("takes two uploaded FASTA files (multipart/form-data) with the same result", async () => {
    const json = await resultsOf(
      await predict({ mirnaFasta: fasta(mirnas), lncrnaFasta: fasta(lncrnas), model: "ensemble" }),
    );
    const upload = await resultsOf(
      await postForm("/v1/predict", {
        mirna: fastaFile("mirnas.fa", wrapped(mirnas)),
        lncrna: fastaFile("lncrnas.fa", fasta(lncrnas)),
        model: "ensemble",
      }),
    );
    expect(upload.results).toEqual(json.results);
    const zip = await resultsOf(
      await postForm("/v1/predict", { mirna: fasta(mirnas), lncrna: fasta(lncrnas.slice(1)), pairing: "zip" }),
    );
    expect(zip.results.map((r) => r.lncrnaId)).toEqual(["lnc-2", "lnc-3"]);
  });

  it("counts miRNA × lncRNA combinations against the 1,000-pair limit", async () => {
    const many = (n: number, length: number) =>
      fasta(Array.from({ length: n }, (_, i) => [`r${i}`, "ACGU".repeat(length / 4)]));
    const problem = await expectProblem(
      await predict({ mirnaFasta: many(40, 20), lncrnaFasta: many(26, 40) }),
      422,
      "too-many-pairs",
    );
    expect(problem).toMatchObject({ pairs: 1040, limit: 1000 });
    expect(problem.detail).toContain("40 miRNAs × 26 lncRNAs");
    expect((await predict({ mirnaFasta: many(40, 20), lncrnaFasta: many(25, 40) })).status).toBe(200);
  });

  it("names malformed FASTA: sequence before a header, a header without id, no record", async () => {
    const before = await expectProblem(
      await predict({ mirnaFasta: `${MIRNA}\n>x\n${MIRNA}`, lncrnaFasta: fasta(lncrnas) }),
      422,
      "invalid-fasta",
    );
    expect(before.errors[0]).toMatchObject({ pointer: "/mirnaFasta", line: 1 });
    const noId = await expectProblem(
      await predict({ mirnaFasta: fasta(mirnas), lncrnaFasta: `>lnc\nACGU\n>  \nACGU` }),
      422,
      "invalid-fasta",
    );
    expect(noId.errors[0]).toMatchObject({ pointer: "/lncrnaFasta", line: 3 });
    await expectProblem(await predict({ mirnaFasta: " \n", lncrnaFasta: fasta(lncrnas) }), 422, "invalid-fasta");
    await expectProblem(
      await predict({ mirnaFasta: `>${"x".repeat(257)}\n${MIRNA}`, lncrnaFasta: fasta(lncrnas) }),
      422,
      "invalid-fasta",
    );
  });

  it("locates a bad symbol and an empty record by record, id, line and column", async () => {
    const problem = await expectProblem(
      await predict({ mirnaFasta: fasta(mirnas), lncrnaFasta: `>lnc-1\nACGUACGU\nACG-U\n>lnc-2\n\n` }),
      422,
      "invalid-symbol",
    );
    expect(problem.errorCount).toBe(2);
    expect(problem.errors[0]).toMatchObject({
      pointer: "/lncrnaFasta",
      record: 1,
      id: "lnc-1",
      line: 3,
      column: 4,
      symbol: "-",
    });
    expect(problem.errors[1]).toMatchObject({ type: "/v1/problems/empty-sequence", record: 2, id: "lnc-2" });
  });

  it("needs either pairs or both FASTA fields", async () => {
    await expectProblem(
      await predict({ pairs: [{ mirna: MIRNA, lncrna: "ACGU" }], mirnaFasta: fasta(mirnas) }),
      422,
      "invalid-request",
    );
    const problem = await expectProblem(await predict({ mirnaFasta: fasta(mirnas) }), 422, "invalid-request");
    expect(problem.errors[0].pointer).toBe("/lncrnaFasta");
    await expectProblem(
      await predict({ pairs: [{ mirna: MIRNA, lncrna: "ACGU" }], pairing: "zip" }),
      422,
      "invalid-request",
    );
    await expectProblem(await postForm("/v1/predict", { mirna: fasta(mirnas) }), 422, "invalid-request");
  });

  it("rejects a multipart body that does not parse", async () => {
    const response = await predict("--x\r\nnot a part", { "Content-Type": "multipart/form-data; boundary=nope" });
    await expectProblem(response, 400, "malformed-multipart");
  });
});

describe("the rest of the API surface", () => {
  it("answers unknown routes with a problem", async () => {
    await expectAnyProblem(await get("/v1/nothing"), 404, "not-found");
    await expectAnyProblem(await postJson("/v1/nothing", {}), 404, "not-found");
  });

  it("answers a known path with the wrong method with 405 and Allow", async () => {
    const response = await get("/v1/predict");
    expect(response.headers.get("Allow")).toBe("POST");
    await expectAnyProblem(response, 405, "method-not-allowed");
    expect((await postJson("/v1/models", {})).status).toBe(405);
  });

  it("answers the no-op route", async () => {
    const response = await get("/v1/ping");
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true });
  });

  it("lists models with their cards", async () => {
    const body = (await (await get("/v1/models")).json()) as ModelsBody;
    expect(body.models.filter((m) => m.default).map((m) => m.name)).toEqual([body.default]);
    const byName = new Map(body.models.map((m) => [m.name, m]));
    expect(byName.get("duplex-mlp")!.encoding).toMatchObject({ name: "kmer-ctd-seed-duplex", dims: 508 });
    expect(byName.get("kmer-mlp")!.encoding).toMatchObject({ name: "kmer-ctd-seed", dims: 500 });
    const ensemble = byName.get("ensemble")!;
    expect(ensemble.family).toBe("ensemble");
    const gate = ensemble.encoding.gate as { encoding: FeatureEncoding; domains: string[] } | undefined;
    expect(ensemble.encoding).toMatchObject({
      name: "member-scores",
      dims: ensemble.members!.length + (gate ? featureLength(gate.encoding) : 0),
    });
    if (gate)
      expect(Object.keys((ensemble.training.stacker as { heads: object }).heads).sort()).toEqual(
        [...gate.domains].sort(),
      );
    for (const member of ensemble.members!) expect(byName.has(member)).toBe(true);
    // the default's accuracy on new lncRNAs (evaluate:cold), and no such figure for a model never measured so
    expect(byName.get(body.default)!.newLncrna).toMatchObject({ model: body.default });
    expect(byName.get("kmer-mlp")!.newLncrna).toBeUndefined();
    for (const m of body.models) {
      const attends = m.name === "premli" || (m.members ?? []).includes("premli");
      expect(m.explanations).toEqual(["seed-sites", "duplex", ...(attends ? ["attention"] : [])]);
      expect(m.threshold).toBeGreaterThan(0);
      expect(m.threshold).toBeLessThan(1);
    }
  });

  it("allows cross-origin calls", async () => {
    const response = await exports.default.fetch("http://lmi.test/v1/predict", {
      method: "OPTIONS",
      headers: { Origin: "https://lab.example", "Access-Control-Request-Method": "POST" },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get("Access-Control-Allow-Origin")).toBe("*");
  });
});
