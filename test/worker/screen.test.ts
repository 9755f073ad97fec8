// POST /v1/screen and the species routes inside workerd, with species sets of generated sequences
// put into the worker's KV namespace as `npm run species:load` would.
import { env } from "cloudflare:workers";
import { parse } from "csv-parse/sync";
import { beforeAll, describe, expect, it } from "vitest";
import { SPECIES_KEYS } from "../../functions/species/set.ts";
import { randomRna, reverseComplement, seededRandom } from "../../scripts/lib/generators.ts";
import {
  expectProblem,
  fasta,
  fastaFile,
  get,
  postForm,
  postJson,
  putSpeciesSets,
  expectStacked,
  type ModelsBody,
} from "./api.ts";

const random = seededRandom(7);
const mirnas = Array.from({ length: 40 }, (_, i) => ({
  id: `gen-miR-${i + 1}`,
  sequence: randomRna(random, 20 + (i % 5)),
}));
const planted = mirnas[17]!;
const site8mer = reverseComplement(planted.sequence.slice(1, 8)) + "A";
const background = randomRna(random, 1500);
const lncrna = background.slice(0, 400) + site8mer + background.slice(400, 1000) + site8mer + background.slice(1000);
// a second id for an existing sequence: screened once, listed as an alias
const withAlias = [...mirnas, { id: "gen-miR-18-copy", sequence: planted.sequence }];
const mirnaFasta = fasta(withAlias.map((m) => [m.id, m.sequence]));
// the same species from another source: PMRD-style names, predicted ones included
const pmrdMirnas = [
  ...mirnas.slice(0, 5).map((m, i) => ({ id: `tst-miRf${i + 1}`, sequence: m.sequence })),
  { id: "tst-miR1", sequence: mirnas[0]!.sequence },
];

type Hit = {
  rank: number;
  id: string;
  aliases: string[];
  mirna: string;
  score: number;
  label: number;
  threshold: number;
  members?: Array<{ model: string; score: number }>;
  domains?: Record<string, number>;
  domainFrom?: string;
  lncrnaKnown?: boolean;
  seed?: Record<string, any>;
  duplex: Record<string, any>;
  plantTarget?: Record<string, any>;
  pValue?: number;
  prior?: { family: string; partners: number; logOdds: number };
  rankScore?: number;
};
type ScreenBody = {
  model: string;
  members: string[];
  vocabulary: { name: string; from: string };
  lncrna: Record<string, unknown>;
  candidates: Record<string, unknown>;
  ranking: { complete: boolean; offset: number; nextOffset?: number; prior?: Record<string, unknown> };
  firstPass?: { signals: string[]; perSignal: number; recall: Record<string, unknown> };
  aboveThreshold: number;
  topK: number;
  hits: Hit[];
};

const screen = async (body: unknown) => {
  const response = await postJson("/v1/screen", body);
  const text = await response.text();
  expect(response.status, text).toBe(200);
  return JSON.parse(text) as ScreenBody;
};

beforeAll(async () => {
  await putSpeciesSets([
    { name: "tst", latinName: "Testus generatus", mirnas: withAlias },
    { name: "tst", source: "pmrd", mirnas: pmrdMirnas },
    { name: "tsb", latinName: "Testus brokenus", mirnas: mirnas.slice(0, 3) },
    { name: "crt", latinName: "Citrus testata", mirnas: mirnas.slice(3, 6) },
    { name: "crT", source: "pmrd", mirnas: mirnas.slice(6, 9) },
  ]);
  // listed in the index, but the stored value does not match its sha256
  await env.SPECIES.put(
    SPECIES_KEYS.set("tsb", "curated"),
    JSON.stringify({
      format: 2,
      name: "tsb",
      source: "curated",
      mirnas: [{ id: "x", aliases: [], sequence: "ACGUACGUACGUACGUACGU" }],
    }),
  );
});

describe("POST /v1/screen", () => {
  it("scores a first pass's shortlist when asked, with the scores the exhaustive screen gives", async () => {
    const many = Array.from({ length: 160 }, (_, i) => ({ id: `pool-${i + 1}`, sequence: randomRna(random, 21) }));
    const full = many[123]!; // its full complement is planted: complementarity ranks it first
    const target = background.slice(0, 700) + reverseComplement(full.sequence) + background.slice(700);
    const mirnaFasta = fasta(many.map((m) => [m.id, m.sequence]));
    const cascade = await screen({ lncrna: target, mirnaFasta, topK: 5, exhaustive: false });
    const exhaustive = await screen({ lncrna: target, mirnaFasta, topK: 160, exhaustive: true });
    expect(exhaustive.firstPass).toBeUndefined();
    expect(exhaustive.ranking).toEqual({ complete: true, offset: 0 });
    expect(cascade.ranking).toEqual({ complete: false, offset: 0, nextOffset: 5 });
    // a FASTA's candidates have no measured recall, and the answer says so rather than staying silent
    expect(cascade.firstPass!.recall).toMatchObject({ measured: false, reason: expect.stringMatching(/FASTA/) });
    expect(exhaustive.candidates).toMatchObject({ distinct: 160, scored: 160 });
    expect(cascade.firstPass!.signals[0]).toBe("complementarity");
    expect(cascade.firstPass!.perSignal).toBe(50);
    expect(cascade.candidates.scored).toBeGreaterThanOrEqual(50);
    expect(cascade.candidates.scored).toBeLessThanOrEqual(50 * cascade.firstPass!.signals.length);
    expect(cascade.candidates.scored).toBeLessThan(160);
    expect(cascade.hits.map((h) => h.id)).toContain(full.id);
    // a candidate's score does not depend on the others: each hit scores as in the exhaustive screen
    const exhaustiveScore = new Map(exhaustive.hits.map((h) => [h.id, h.score]));
    for (const hit of cascade.hits) expect(hit.score).toBeCloseTo(exhaustiveScore.get(hit.id)!, 6);
    expect(cascade.hits.map((h) => h.score)).toEqual([...cascade.hits.map((h) => h.score)].sort((a, b) => b - a));
  });

  it("scores every candidate by default where the budget allows, and pages through the full ranking", async () => {
    const whole = await screen({ lncrna, mirnaFasta, topK: 40 });
    expect(whole.firstPass).toBeUndefined();
    expect(whole.ranking).toEqual({ complete: true, offset: 0 });
    const pages: Hit[] = [];
    let offset: number | undefined = 0;
    while (offset !== undefined) {
      const page: ScreenBody = await screen({ lncrna, mirnaFasta, topK: 15, offset });
      expect(page.ranking.offset).toBe(offset);
      pages.push(...page.hits);
      offset = page.ranking.nextOffset;
    }
    expect(pages.map((h) => [h.rank, h.id, h.score])).toEqual(whole.hits.map((h) => [h.rank, h.id, h.score]));
    const beyond = await screen({ lncrna, mirnaFasta, topK: 5, offset: 100 });
    expect(beyond.hits).toEqual([]);
    expect(beyond.ranking).toEqual({ complete: true, offset: 100 });
  });

  it("ranks every distinct candidate with the same scores /v1/predict gives the pairs", async () => {
    const body = await screen({ lncrna, mirnaFasta, topK: 1000 });
    expect(body.candidates).toEqual({ source: "fasta", count: 41, distinct: 40, scored: 40 });
    expect(body.hits).toHaveLength(40);
    expect(body.hits.map((h) => h.rank)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    for (let i = 1; i < body.hits.length; i++)
      expect(body.hits[i - 1]!.score).toBeGreaterThanOrEqual(body.hits[i]!.score);

    const predicted = await postJson("/v1/predict", {
      pairs: mirnas.map((m) => ({ id: m.id, mirna: m.sequence, lncrna })),
    });
    const { results } = (await predicted.json()) as {
      results: Array<{ id: string; score: number; label: number; seed: { total: number } }>;
    };
    const byId = new Map(results.map((r) => [r.id, r]));
    for (const hit of body.hits) {
      const pair = byId.get(hit.id)!;
      expect(Math.abs(hit.score - pair.score)).toBeLessThanOrEqual(1e-6);
      expect(hit.label).toBe(pair.label);
      expect(hit.seed!.total).toBe(pair.seed.total);
    }
    expect(body.aboveThreshold).toBe(results.filter((r) => r.label === 1).length);
  });

  it("lists aliases, the sequence screened and the best seed site of a hit", async () => {
    const body = await screen({ lncrna: lncrna.toLowerCase(), mirnaFasta, topK: 1000 });
    const hit = body.hits.find((h) => h.id === planted.id)!;
    expect(hit.aliases).toEqual(["gen-miR-18-copy"]);
    expect(hit.mirna).toBe(planted.sequence);
    expect(hit.seed!.counts["8mer"]).toBeGreaterThanOrEqual(2);
    expect(hit.seed!.best).toEqual({ start: 401, end: 408, type: "8mer", wobble: 0 });
    expect(hit.seed!.sites.length).toBeLessThanOrEqual(20);
  });

  it("gives every hit its plant-style site, as /v1/predict gives the pair", async () => {
    const body = await screen({ lncrna, mirnaFasta, topK: 3 });
    const predicted = await postJson("/v1/predict", {
      pairs: body.hits.map((h) => ({ id: h.id, mirna: h.mirna, lncrna })),
    });
    const { results } = (await predicted.json()) as { results: Array<{ plantTarget: unknown }> };
    expect(body.hits.map((h) => h.plantTarget)).toEqual(results.map((r) => r.plantTarget));
    for (const hit of body.hits) expect(hit.plantTarget!.best.expectation).toBeGreaterThan(0);
  });

  it("lists topK hits (25 by default), best first", async () => {
    const all = await screen({ lncrna, mirnaFasta, topK: 1000 });
    const top5 = await screen({ lncrna, mirnaFasta, topK: 5 });
    expect(top5.topK).toBe(5);
    expect(top5.hits.map((h) => h.id)).toEqual(all.hits.slice(0, 5).map((h) => h.id));
    expect((await screen({ lncrna, mirnaFasta })).hits).toHaveLength(25);
  });

  it("takes the lncRNA as one FASTA record, its header giving the id unless lncrnaId is set", async () => {
    const record = `>my-lnc some description\r\n${lncrna.replace(/(.{70})/g, "$1\r\n")}`;
    expect((await screen({ lncrna: record, mirnaFasta, topK: 1 })).lncrna).toEqual({
      id: "my-lnc",
      length: lncrna.length,
      ambiguous: 0,
    });
    expect((await screen({ lncrna: record, lncrnaId: "mine", mirnaFasta, topK: 1 })).lncrna.id).toBe("mine");
  });

  it("screens against a species set from storage as against the same FASTA, scored by the species' head", async () => {
    const fromFasta = await screen({ lncrna, mirnaFasta, topK: 1000 });
    // both vocabularies, so that the hits' evidence matches the FASTA screen's (which has no species)
    const fromSpecies = await screen({ lncrna, species: "tst", topK: 1000, vocabulary: "both" });
    expect(fromSpecies.candidates).toEqual({
      source: "species",
      species: "tst",
      set: { name: "tst", latinName: "Testus generatus", source: "curated", release: "test" },
      count: 41,
      distinct: 40,
      scored: 40,
    });
    const card = ((await (await get("/v1/models")).json()) as ModelsBody).models.find(
      (m) => m.name === fromFasta.model,
    )!;
    const fastaHit = new Map(fromFasta.hits.map((h) => [h.id, h]));
    expect(fromSpecies.hits.map((h) => h.id).sort()).toEqual([...fastaHit.keys()].sort());
    // without a species the gate weighs the heads; a curated species that is not a plant gets the human head
    const { score: _s, label: _l, domains: _d, domainFrom: _f, rank: _r, ...same } = fromSpecies.hits[0]!;
    const { score: _s2, label: _l2, domains: _d2, domainFrom: _f2, rank: _r2, ...fasta } = fastaHit.get(same.id)!;
    expect(same).toEqual(fasta);
    for (const hit of fromSpecies.hits) {
      expect(fastaHit.get(hit.id)!.domainFrom).toBe("gate");
      expect(hit.domainFrom).toBe("species");
      expect(hit.domains).toEqual({ plant: 0, human: 1 });
      expect(hit.members).toEqual(fastaHit.get(hit.id)!.members);
      expectStacked(card, hit);
    }
    // PMRD holds plants: the plant head
    const plant = await screen({ lncrna, species: "tst", source: "pmrd", topK: 1000 });
    for (const hit of plant.hits) {
      expect(hit.domains).toEqual({ plant: 1, human: 0 });
      expectStacked(card, hit);
    }
  });

  it("accepts a multipart upload: lncRNA file and species, or lncRNA and miRNA files", async () => {
    const json = await screen({ lncrna, species: "tst", topK: 7 });
    const upload = await postForm("/v1/screen", {
      lncrna: fastaFile("lnc.fa", `>lnc\n${lncrna}\n`),
      species: "tst",
      topK: "7",
    });
    expect(upload.status).toBe(200);
    const body = (await upload.json()) as ScreenBody;
    expect(body.lncrna.id).toBe("lnc");
    expect(body.hits).toEqual(json.hits);
    const files = await postForm("/v1/screen", {
      lncrna: fastaFile("lnc.fa", lncrna),
      mirna: fastaFile("mirnas.fa", mirnaFasta),
      topK: "7",
    });
    const fromFasta = await screen({ lncrna, mirnaFasta, topK: 7 });
    expect(((await files.json()) as ScreenBody).hits).toEqual(fromFasta.hits);
  });

  it("gives the per-member breakdown with model ensemble", async () => {
    const card = ((await (await get("/v1/models")).json()) as ModelsBody).models.find((m) => m.name === "ensemble")!;
    const ensemble = await screen({ lncrna, species: "tst", topK: 3, model: "ensemble" });
    expect(ensemble.model).toBe("ensemble");
    expect(ensemble.members).toEqual(card.members);
    for (const hit of ensemble.hits) {
      expect(hit.members!.map((m) => m.model)).toEqual(card.members);
      expect(Object.values(hit.domains!).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
      expectStacked(card, hit);
    }
    // each member's score is what that model alone gives the same miRNA
    for (const [k, name] of card.members!.entries()) {
      const alone = await screen({ lncrna, species: "tst", topK: 1000, model: name });
      for (const hit of ensemble.hits)
        expect(hit.members![k]!.score).toBeCloseTo(alone.hits.find((h) => h.id === hit.id)!.score, 12);
    }
  });

  it("scores /v1/predict pairs with the head of the species they name", async () => {
    const pairs = mirnas.slice(0, 6).map((m) => ({ mirna: m.sequence, lncrna }));
    const card = ((await (await get("/v1/models")).json()) as ModelsBody).models.find(
      (m) => m.name === "ensemble-lite",
    )!;
    type Result = Pick<Hit, "score" | "members" | "domains" | "domainFrom" | "lncrnaKnown">;
    const predict = async (extra: Record<string, string>) => {
      const response = await postJson("/v1/predict", { pairs, ...extra });
      expect(response.status).toBe(200);
      return ((await response.json()) as { results: Result[] }).results;
    };
    const [gated, animal, plant] = [
      await predict({}),
      await predict({ species: "TST" }),
      await predict({ species: "tst", source: "pmrd" }),
    ];
    gated.forEach((r, i) => {
      expect(r.domainFrom).toBe("gate");
      expect(animal[i]!.members).toEqual(r.members);
      expect([animal[i]!.domainFrom, animal[i]!.domains]).toEqual(["species", { plant: 0, human: 1 }]);
      expect([plant[i]!.domainFrom, plant[i]!.domains]).toEqual(["species", { plant: 1, human: 0 }]);
      for (const forced of [animal[i]!, plant[i]!]) expectStacked(card, forced);
    });
    await expectProblem(
      await postJson("/v1/predict", { pairs, species: "zzz" }),
      422,
      "unknown-species",
      "/v1/predict",
    );
  });

  it("names an unknown species set and lists the loaded ones", async () => {
    const problem = await expectProblem(
      await postJson("/v1/screen", { lncrna, species: "zzz" }),
      422,
      "unknown-species",
      "/v1/screen",
    );
    expect(problem.available).toEqual(expect.arrayContaining(["tst", "tsb"]));
    expect(problem.suggestions).toEqual(expect.any(Array));
  });

  it("answers 503 when a listed set's data is damaged", async () => {
    const problem = await expectProblem(
      await postJson("/v1/screen", { lncrna, species: "tsb" }),
      503,
      "species-unavailable",
    );
    expect(problem.detail).toMatch(/sha256/);
  });

  it("rejects more than 5,000 candidate miRNAs", async () => {
    const many = fasta(Array.from({ length: 5001 }, (_, i) => [`m${i}`, "UGAGGUAGUAGGUUGUAUAGUU"]));
    const problem = await expectProblem(
      await postJson("/v1/screen", { lncrna, mirnaFasta: many }),
      422,
      "too-many-mirnas",
    );
    expect(problem).toMatchObject({ limit: 5000, records: 5001 });
  });

  it("rejects a lncRNA FASTA with more than one record, and a bad candidate with its line and column", async () => {
    await expectProblem(
      await postJson("/v1/screen", { lncrna: ">a\nACGU\n>b\nACGU\n", species: "tst" }),
      422,
      "invalid-fasta",
    );
    const problem = await expectProblem(
      await postJson("/v1/screen", {
        lncrna,
        mirnaFasta: ">ok\nUGAGGUAGUAGGUUGUAUAGUU\n>bad\nUGAGGUAGUA\nGGUUXUAUAGUU\n",
      }),
      422,
      "invalid-symbol",
    );
    expect(problem.errors[0]).toMatchObject({
      pointer: "/mirnaFasta",
      record: 2,
      id: "bad",
      line: 5,
      column: 5,
      symbol: "X",
    });
  });

  it("needs exactly one of species and mirnaFasta, and topK within 1–1000", async () => {
    await expectProblem(await postJson("/v1/screen", { lncrna, species: "tst", mirnaFasta }), 422, "invalid-request");
    await expectProblem(await postJson("/v1/screen", { lncrna }), 422, "invalid-request");
    await expectProblem(await postJson("/v1/screen", { lncrna, species: "tst", topK: 0 }), 422, "invalid-request");
    await expectProblem(await postJson("/v1/screen", { lncrna, species: "tst", topK: 1001 }), 422, "invalid-request");
  });
});

describe("site vocabulary", () => {
  const evidenceOf = (hits: Hit[]) => hits.map((h) => [h.seed !== undefined, h.plantTarget !== undefined]);
  // tst is not a plant prefix: an animal; crt (Citrus) is a plant
  it("gives an animal species' hits seed sites only, and a plant species' the complementary site only", async () => {
    const animal = await screen({ lncrna, species: "tst", topK: 5 });
    expect(animal.vocabulary).toEqual({ name: "animal", from: "species" });
    expect(evidenceOf(animal.hits)).toEqual(animal.hits.map(() => [true, false]));
    const plant = await screen({ lncrna, species: "crt", topK: 3 });
    expect(plant.vocabulary).toEqual({ name: "plant", from: "species" });
    expect(evidenceOf(plant.hits)).toEqual([
      [false, true],
      [false, true],
      [false, true],
    ]);
    const fromFasta = await screen({ lncrna, mirnaFasta, topK: 5 });
    expect(fromFasta.vocabulary).toEqual({ name: "both", from: "default" });
    expect(evidenceOf(fromFasta.hits)).toEqual(fromFasta.hits.map(() => [true, true]));
  });

  it("follows the request's vocabulary over the species', in JSON, forms and /v1/predict", async () => {
    const asked = await screen({ lncrna, species: "crt", topK: 3, vocabulary: "animal" });
    expect(asked.vocabulary).toEqual({ name: "animal", from: "request" });
    expect(evidenceOf(asked.hits)).toEqual(asked.hits.map(() => [true, false]));
    const form = await postForm("/v1/screen", { lncrna, species: "crt", topK: "3", vocabulary: "both" });
    expect(form.status).toBe(200);
    const formBody = (await form.json()) as ScreenBody;
    expect(formBody.vocabulary).toEqual({ name: "both", from: "request" });
    expect(evidenceOf(formBody.hits)).toEqual(formBody.hits.map(() => [true, true]));

    const pair = { mirna: mirnas[4]!.sequence, lncrna };
    const predict = async (body: Record<string, unknown>) => {
      const response = await postJson("/v1/predict", { pairs: [pair], ...body });
      expect(response.status).toBe(200);
      return (await response.json()) as { vocabulary: unknown; results: Hit[] };
    };
    const plant = await predict({ species: "crt" });
    expect(plant.vocabulary).toEqual({ name: "plant", from: "species" });
    expect(evidenceOf(plant.results)).toEqual([[false, true]]);
    const both = await predict({});
    expect(both.vocabulary).toEqual({ name: "both", from: "default" });
    expect(both.results[0]!.plantTarget).toEqual(plant.results[0]!.plantTarget);
    const animal = await predict({ species: "crt", vocabulary: "animal" });
    expect(animal.results[0]!.seed).toEqual(both.results[0]!.seed);
    expect(animal.results[0]!.plantTarget).toBeUndefined();
  });

  it("leaves the other vocabulary's TSV columns empty", async () => {
    const response = await postJson(
      "/v1/screen",
      { lncrna, species: "crt", topK: 3 },
      { "Content-Type": "application/json", Accept: "text/tab-separated-values" },
    );
    expect(response.status).toBe(200);
    const rows = parse(await response.text(), { columns: true, delimiter: "\t" }) as Array<Record<string, string>>;
    const column = (name: string) => rows.map((row) => row[name]);
    for (const expectation of column("expectation")) expect(Number(expectation)).toBeGreaterThan(0);
  });

  it("refuses an unknown vocabulary, naming the field", async () => {
    const problem = await expectProblem(
      await postJson("/v1/screen", { lncrna, species: "tst", vocabulary: "fungal" }),
      422,
      "invalid-request",
    );
    expect(JSON.stringify(problem)).toContain("vocabulary");
  });
});

describe("GET /v1/species", () => {
  it("lists the loaded sets with their Latin names, sources and counts", async () => {
    const { sets } = (await (await get("/v1/species")).json()) as { sets: Array<Record<string, unknown>> };
    expect(sets.find((s) => s.name === "tst" && s.source === "curated")).toMatchObject({
      latinName: "Testus generatus",
      count: 41,
      distinct: 40,
      predicted: 0,
      skipped: 0,
    });
    expect(sets.find((s) => s.name === "tst" && s.source === "pmrd")).toMatchObject({
      latinName: null,
      count: 6,
      distinct: 5,
      predicted: 5,
    });
  });

  it("shows one set with one row per sequence and every name of it", async () => {
    const response = await get("/v1/species/tst");
    expect(response.status).toBe(200);
    const body = (await response.json()) as { name: string; source: string; mirnas: SpeciesRow[] };
    expect(body).toMatchObject({ name: "tst", source: "curated" });
    expect(body.mirnas).toHaveLength(40);
    expect(body.mirnas[17]).toEqual({ id: "gen-miR-18", aliases: ["gen-miR-18-copy"], sequence: planted.sequence });
    expect(body.mirnas.flatMap((m) => [m.id, ...m.aliases]).sort()).toEqual(withAlias.map((m) => m.id).sort());
  });
});

type SpeciesRow = { id: string; aliases: string[]; sequence: string };
const species = async (path: string) => {
  const response = await get(path);
  const text = await response.text();
  expect(response.status, text).toBe(200);
  return JSON.parse(text) as { name: string; latinName: string | null; source: string; mirnas: SpeciesRow[] };
};

describe("species lookup", () => {
  it("finds a species by its prefix in any case", async () => {
    for (const name of ["tst", "TST", "Tst", " tSt "]) {
      expect(await species(`/v1/species/${encodeURIComponent(name)}`)).toMatchObject({
        name: "tst",
        source: "curated",
      });
    }
    const lower = await screen({ lncrna, species: "tst", topK: 5, exhaustive: true });
    const upper = await screen({ lncrna, species: "TST", topK: 5, exhaustive: true });
    expect(upper.hits).toEqual(lower.hits);
  });

  it("finds a species by its Latin name in any case, with spaces or underscores", async () => {
    for (const name of ["Testus generatus", "testus GENERATUS", "Testus_generatus"])
      expect(await species(`/v1/species/${encodeURIComponent(name)}`)).toMatchObject({ name: "tst" });
    const body = await screen({ lncrna, species: "testus generatus", topK: 3 });
    expect(body.candidates).toMatchObject({ species: "tst", set: { latinName: "Testus generatus" } });
  });

  it("picks the set by source: curated by default, the species' only set otherwise", async () => {
    const pmrd = await species("/v1/species/tst?source=pmrd");
    expect(pmrd).toMatchObject({ name: "tst", source: "pmrd", latinName: null });
    // the curated name comes first in a row shared with predicted names
    expect(pmrd.mirnas[0]).toEqual({ id: "tst-miR1", aliases: ["tst-miRf1"], sequence: mirnas[0]!.sequence });
    const screened = await screen({ lncrna, species: "tst", source: "pmrd", topK: 3 });
    expect(screened.candidates).toMatchObject({ set: { source: "pmrd" }, count: 6, distinct: 5 });
    expect(await species("/v1/species/crT")).toMatchObject({ name: "crT", source: "pmrd" });
    const problem = await expectProblem(await get("/v1/species/tsb?source=pmrd"), 422, "unknown-species");
    expect(problem).toMatchObject({ sources: ["curated"] });
    await expectProblem(await get("/v1/species/tst?source=mirbase"), 422, "invalid-request");
    await expectProblem(await postJson("/v1/screen", { lncrna, mirnaFasta, source: "pmrd" }), 422, "invalid-request");
  });

  it("tells prefixes that differ only in case apart only when written exactly", async () => {
    expect(await species("/v1/species/crt")).toMatchObject({ name: "crt", latinName: "Citrus testata" });
    expect(await species("/v1/species/crT")).toMatchObject({ name: "crT" });
    const problem = await expectProblem(await get("/v1/species/CRT"), 422, "unknown-species");
    expect(problem.suggestions).toEqual(["crT", "crt"]);
    expect(problem.detail).toMatch(/differ only in case/);
  });

  it("answers an unknown species with the closest names", async () => {
    const misspelt = await expectProblem(
      await postJson("/v1/screen", { lncrna, species: "Testus generatu" }),
      422,
      "unknown-species",
    );
    expect(misspelt.suggestions[0]).toEqual({ name: "tst", latinName: "Testus generatus" });
    expect(misspelt.detail).toMatch(/closest: tst \(Testus generatus\)/);
    const genus = await expectProblem(await get("/v1/species/Citrus"), 422, "unknown-species");
    expect(genus.suggestions[0]).toEqual({ name: "crt", latinName: "Citrus testata" });
    const prefix = await expectProblem(await get("/v1/species/tsx"), 422, "unknown-species");
    expect(prefix.suggestions.slice(0, 2).map((s: { name: string }) => s.name)).toEqual(["tsb", "tst"]);
  });
});

describe("partner prior", () => {
  // a human set of generated miRNAs: half carry seed families the default model's prior knows well,
  // half random seeds (almost surely families it has never seen)
  // (more than a first pass keeps per signal, so that exhaustive: false has a first pass)
  const hsa = async () => {
    const card = ((await (await get("/v1/models")).json()) as ModelsBody).models.find((m) => m.default)!;
    const prior = card.screenPrior!;
    const known = Object.entries(prior.families)
      .sort(([, a], [, b]) => b - a)
      .map(([family]) => family);
    const draw = seededRandom(41);
    const set = Array.from({ length: 160 }, (_, i) => {
      const sequence = randomRna(draw, 22);
      return {
        id: `hsa-gen-${i + 1}`,
        sequence: i % 2 === 0 ? sequence[0] + known[i / 2]! + sequence.slice(8) : sequence,
      };
    });
    return { card, prior, set };
  };
  const logit = (p: number) =>
    Math.log(Math.min(Math.max(p, 1e-6), 1 - 1e-6) / (1 - Math.min(Math.max(p, 1e-6), 1 - 1e-6)));

  it("ranks a human screen by the model's logit plus the seed family's prior, and by the score with prior: false", async () => {
    const { card, prior, set } = await hsa();
    expect(prior.species).toContain("hsa");
    // the index lists what each put gives: the tst set stays for the tests after this one
    await putSpeciesSets([
      { name: "tst", latinName: "Testus generatus", mirnas: withAlias },
      { name: "hsa", latinName: "Homo sapiens", mirnas: set },
    ]);
    const ranked = await screen({ lncrna, species: "hsa", topK: 1000 });
    expect(ranked.ranking.prior).toEqual({
      basis: "seed-family",
      datasets: prior.datasets,
      meanPartners: prior.meanPartners,
      pseudocount: prior.pseudocount,
    });
    expect(ranked.hits).toHaveLength(set.length);
    for (const hit of ranked.hits) {
      const family = hit.mirna.slice(1, 8);
      const partners = prior.families[family] ?? 0;
      expect(hit.prior).toEqual({
        family,
        partners,
        logOdds: expect.closeTo(Math.log((partners + prior.pseudocount) / (prior.meanPartners + prior.pseudocount)), 9),
      });
      expect(hit.rankScore).toBeCloseTo(logit(hit.score) + hit.prior!.logOdds, 9);
    }
    const rankScores = ranked.hits.map((h) => h.rankScore!);
    expect(rankScores).toEqual([...rankScores].sort((a, b) => b - a));
    // the known families take the top of the ranking
    const knownInTop10 = ranked.hits.slice(0, 10).filter((h) => h.prior!.partners > 0).length;
    expect(knownInTop10).toBeGreaterThanOrEqual(8);

    // a first pass adds the prior to its models' signals, as the ranking does
    const firstPass = await screen({ lncrna, species: "hsa", topK: 5, exhaustive: false });
    expect(firstPass.firstPass!.signals).toEqual(
      expect.arrayContaining(["complementarity", expect.stringMatching(/ \+ partner prior$/)]),
    );
    const kernels = ["complementarity", "seed-sites"];
    expect(firstPass.firstPass!.signals.every((s) => kernels.includes(s) || s.endsWith(" + partner prior"))).toBe(true);

    const alone = await screen({ lncrna, species: "hsa", topK: 1000, prior: false });
    expect(alone.ranking.prior).toBeUndefined();
    expect(alone.hits.every((h) => h.prior === undefined && h.rankScore === undefined)).toBe(true);
    const scores = alone.hits.map((h) => h.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    // the prior reorders; it changes no score and no p-value
    expect(alone.hits.map((h) => h.id)).not.toEqual(ranked.hits.map((h) => h.id));
    const byId = new Map(alone.hits.map((h) => [h.id, h]));
    for (const hit of ranked.hits) {
      expect(byId.get(hit.id)!.score).toBe(hit.score);
      expect(byId.get(hit.id)!.pValue).toBe(hit.pValue);
    }
    // forms say the same, and the TSV carries the log-odds
    const form = await postForm("/v1/screen", { lncrna, species: "hsa", topK: "1000", prior: "false" });
    expect(((await form.json()) as ScreenBody).hits.map((h) => h.id)).toEqual(alone.hits.map((h) => h.id));
    const tsv = await postJson(
      "/v1/screen",
      { lncrna, species: "hsa", topK: 5 },
      { "Content-Type": "application/json", Accept: "text/tab-separated-values" },
    );
    const rows = parse(await tsv.text(), { delimiter: "\t", columns: true }) as Array<Record<string, string>>;
    expect(rows.map((r) => Number(r.priorLogOdds))).toEqual(
      ranked.hits.slice(0, 5).map((h) => expect.closeTo(h.prior!.logOdds, 6)),
    );
    expect(card.default).toBe(true);
  });

  it("adds no prior where the model has none for the species", async () => {
    const body = await screen({ lncrna, species: "tst", topK: 5 });
    expect(body.ranking.prior).toBeUndefined();
    expect(body.hits.every((h) => h.prior === undefined && h.rankScore === undefined)).toBe(true);
    const fromFasta = await screen({ lncrna, mirnaFasta, topK: 5 });
    expect(fromFasta.ranking.prior).toBeUndefined();
  });

  it("refuses a prior that is not a boolean, naming the field", async () => {
    await expectProblem(await postJson("/v1/screen", { lncrna, species: "hsa", prior: "yes" }), 422, "invalid-request");
    await expectProblem(await postForm("/v1/screen", { lncrna, species: "hsa", prior: "yes" }), 422, "invalid-request");
  });
});
