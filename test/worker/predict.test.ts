// POST /v1/predict inside workerd: scores through the bundled model, and every documented fault
// answered with its own problem type.
import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { randomRna, reverseComplement, seededRandom } from "../generators.ts";

const random = seededRandom(42);
const MIRNA = "UGAGGUAGUAGGUUGUAUAGUU";
const site8mer = reverseComplement(MIRNA.slice(1, 8)) + "A";

const predict = (body: unknown, headers: Record<string, string> = { "Content-Type": "application/json" }) =>
  exports.default.fetch("http://lmi.test/v1/predict", { method: "POST", headers, body: typeof body === "string" ? body : JSON.stringify(body) });

async function expectProblem(response: Response, status: number, type: string) {
  expect(response.status).toBe(status);
  expect(response.headers.get("Content-Type")).toBe("application/problem+json");
  const problem = (await response.json()) as Record<string, unknown>;
  expect(problem).toMatchObject({ type: `/v1/problems/${type}`, status, instance: "/v1/predict" });
  expect(problem.title).toEqual(expect.any(String));
  expect(problem.detail).toEqual(expect.any(String));
  return problem;
}

describe("POST /v1/predict", () => {
  it("scores pairs in request order with threshold, label and seed sites", async () => {
    const background = randomRna(random, 1500);
    const withSites = background.slice(0, 300) + site8mer + background.slice(300, 900) + site8mer + background.slice(900);
    const response = await predict({
      pairs: [
        { id: "planted", mirna: MIRNA, lncrna: withSites.toLowerCase().replace(/u/g, "t") },
        { mirna: MIRNA, lncrna: randomRna(random, 800) },
      ],
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { model: string; results: Array<Record<string, any>> };
    expect(body.model).toBe("duplex-mlp");
    expect(body.results.map((r) => r.index)).toEqual([0, 1]);
    const [planted, other] = body.results;
    expect(planted).toMatchObject({ id: "planted", model: "duplex-mlp", lengths: { mirna: 22, lncrna: 1516 } });
    expect(other!.id).toBeUndefined();
    for (const r of body.results) {
      expect(r.score).toBeGreaterThanOrEqual(0);
      expect(r.score).toBeLessThanOrEqual(1);
      expect(r.label).toBe(r.score >= r.threshold ? 1 : 0);
    }
    expect(planted!.seed.counts["8mer"]).toBeGreaterThanOrEqual(2);
    expect(planted!.seed.sites).toContainEqual({ start: 301, end: 308, type: "8mer", wobble: 0 });
    // the duplex evidence: the best site covers one of the planted seed matches (301–308, 909–916)
    const { best } = planted!.duplex;
    expect(planted!.duplex.energy).toBeLessThan(-10);
    expect([301, 909].some((start) => best.targetStart <= start + 7 && best.targetEnd >= start)).toBe(true);
    expect(best.diagram).toHaveLength(4);
  });

  it("scores with the model the request names", async () => {
    const response = await predict({ model: "kmer-mlp", pairs: [{ mirna: MIRNA, lncrna: randomRna(random, 500) }] });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { model: string; results: Array<Record<string, any>> };
    expect(body.model).toBe("kmer-mlp");
    expect(body.results[0]!.duplex).toBeUndefined(); // its encoding has no duplex features
  });

  it("accepts FASTA-style wrapping, mixed case and N", async () => {
    const lncrna = randomRna(random, 600).replace(/(.{60})/g, "$1\r\n").replace(/^(.{10})./, "$1N");
    const response = await predict({ pairs: [{ mirna: MIRNA.toLowerCase(), lncrna }] });
    expect(response.status).toBe(200);
    const [result] = ((await response.json()) as { results: Array<Record<string, any>> }).results;
    expect(result).toMatchObject({ lengths: { lncrna: 600 }, ambiguous: { lncrna: 1, mirna: 0 } });
  });

  it("names an invalid symbol with its 1-based position", async () => {
    const problem = await expectProblem(await predict({ pairs: [{ mirna: MIRNA, lncrna: "ACGU\nAC*GU" }] }), 422, "invalid-symbol");
    expect(problem.errors).toEqual([expect.objectContaining({ pointer: "/pairs/0/lncrna", position: 8, symbol: "*" })]);
  });

  it("lists every bad sequence, each with its pointer", async () => {
    const problem = await expectProblem(
      await predict({ pairs: [{ mirna: MIRNA, lncrna: "ACGU" }, { mirna: "ACGUX", lncrna: " " }] }),
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
    const problem = await expectProblem(await predict({ pairs: [{ mirna: MIRNA, lncrna: "A".repeat(100_001) }] }), 422, "lncrna-too-long");
    expect(problem.errors).toEqual([expect.objectContaining({ length: 100_001, limit: 100_000 })]);
    expect((await predict({ pairs: [{ mirna: MIRNA, lncrna: "ACGU".repeat(25_000) }] })).status).toBe(200);
  });

  it("rejects a miRNA outside 15–30 nt", async () => {
    await expectProblem(await predict({ pairs: [{ mirna: "ACGUACGUACGUAC", lncrna: "ACGU" }] }), 422, "mirna-length");
    await expectProblem(await predict({ pairs: [{ mirna: "A".repeat(31), lncrna: "ACGU" }] }), 422, "mirna-length");
    expect((await predict({ pairs: [{ mirna: "ACGUACGUACGUACG", lncrna: "ACGUACGU" }] })).status).toBe(200);
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
    const problem = await expectProblem(await predict({ model: "nope", pairs: [{ mirna: MIRNA, lncrna: "ACGU" }] }), 422, "unknown-model");
    expect(problem.available).toEqual(["duplex-mlp", "kmer-mlp"]);
  });
});

describe("the rest of the API surface", () => {
  it("answers unknown routes with a problem", async () => {
    const response = await exports.default.fetch("http://lmi.test/v1/nothing");
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ type: "/v1/problems/not-found" });
  });

  it("lists models with their cards", async () => {
    const body = (await (await exports.default.fetch("http://lmi.test/v1/models")).json()) as { default: string; models: Array<Record<string, any>> };
    expect(body.default).toBe("duplex-mlp");
    expect(body.models.map((m) => [m.name, m.default, m.encoding.name, m.encoding.dims])).toEqual([
      ["duplex-mlp", true, "kmer-ctd-seed-duplex", 508],
      ["kmer-mlp", false, "kmer-ctd-seed", 500],
    ]);
    for (const m of body.models) expect(m.threshold).toBeGreaterThan(0);
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
