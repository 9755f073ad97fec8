// The gene head in workerd: with reference lncRNAs in storage (as reference:load writes them), a new
// lncRNA's human score is revised by the model's score of its isoforms with a site of the miRNA and by
// where the sites lie, the same in /v1/predict and /v1/screen; the isoforms count in the work budget;
// without a reference, on the plant head or for a known lncRNA, nothing changes. Generated genes
// only. The reference is taken out again after the file: storage carries over to the next files of
// the shared isolate.
import { env } from "cloudflare:workers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { geneHeadScore, type GeneHead } from "../../functions/inference/gene-head.ts";
import { REFERENCE_KEYS, referenceEntries } from "../../functions/species/reference.ts";
import { randomRna, reverseComplement, seededRandom } from "../../scripts/lib/generators.ts";
import { get, postJson, putSpeciesSets, type ModelsBody } from "./api.ts";

const random = seededRandom(31);
const mirnas = Array.from({ length: 12 }, (_, i) => ({ id: `gnh-miR-${i + 1}`, sequence: randomRna(random, 22) }));
const mirna = mirnas[0]!.sequence;
const site = reverseComplement(mirna.slice(1, 8)) + "A";
const exons = Array.from({ length: 5 }, () => randomRna(random, 400));
// the query holds exons 0–3; its isoform in the reference skips exon 3 and carries the site in exon 4
const query = exons.slice(0, 4).join("");
const isoform = exons[0]! + exons[1]! + exons[4]! + site + randomRna(random, 60);
const reference = [isoform, randomRna(random, 1500), randomRna(random, 900)];

type Result = Record<string, any>;

async function predict(body: unknown): Promise<Result> {
  const response = await postJson("/v1/predict", body);
  const text = await response.text();
  expect(response.status, text).toBe(200);
  return (JSON.parse(text) as { results: Result[] }).results[0]!;
}

async function screenHit(species: string): Promise<Result> {
  const response = await postJson("/v1/screen", { lncrna: query, species, topK: mirnas.length, exhaustive: true });
  const text = await response.text();
  expect(response.status, text).toBe(200);
  return (JSON.parse(text) as { hits: Result[] }).hits.find((h) => h.mirna === mirna)!;
}

async function putReference(sequences: string[]): Promise<void> {
  const entries = await referenceEntries(
    sequences.map((sequence, i) => ({ id: `ref-${i + 1}`, sequence })),
    "generated",
    ["generated"],
    new Date().toISOString(),
  );
  for (const { key, value } of entries) await env.SPECIES.put(key, value);
}

async function dropReference(): Promise<void> {
  for (const key of Object.values(REFERENCE_KEYS)) await env.SPECIES.delete(key);
}

describe("the gene head over reference lncRNAs", () => {
  let geneHead: GeneHead;

  beforeAll(async () => {
    await putSpeciesSets([
      { name: "gnh", latinName: "Genus humanoides", mirnas },
      { name: "gnh", source: "pmrd", mirnas }, // PMRD holds plants: its sets take the plant head
    ]);
    const models = (await (await get("/v1/models")).json()) as ModelsBody;
    geneHead = models.models.find((m) => m.name === models.default)!.geneHead!;
    expect(geneHead.head).toBe("human");
  });
  afterAll(dropReference);

  it("leaves scores alone without a reference", async () => {
    await dropReference();
    const result = await predict({ pairs: [{ mirna, lncrna: query }], species: "gnh" });
    expect(result.lncrnaKnown).toBe(false);
    expect(result.gene).toBeUndefined();
  });

  it("revises a new lncRNA's human score by its isoform with a site, in predict and screen alike", async () => {
    await dropReference();
    const before = await predict({ pairs: [{ mirna, lncrna: query }], species: "gnh" });
    // the model's own score of the isoform, as a new lncRNA: what the gene score reads of it
    const ofIsoform = await predict({ pairs: [{ mirna, lncrna: isoform }], species: "gnh" });
    await putReference(reference);
    const result = await predict({ pairs: [{ mirna, lncrna: query }], species: "gnh" });
    const geneScore = Math.max(before.score, ofIsoform.score);
    expect(result.gene).toEqual({
      isoforms: 1,
      ownSites: 0,
      isoformSites: 1,
      modelScore: before.score,
      geneScore,
      isoformsScored: 1,
    });
    const expected = geneHeadScore(geneHead, geneScore, { isoforms: 1, ownSites: 0, isoformSites: 1 });
    expect(result.score).toBeCloseTo(expected, 6);
    expect(result.label).toBe(result.score >= result.threshold ? 1 : 0);
    // the site on the isoform counts for more than no site: the same pair with a site-less isoform,
    // which the model does not score
    await putReference([exons[0]! + exons[1]! + exons[4]!, ...reference.slice(1)]);
    const without = await predict({ pairs: [{ mirna, lncrna: query }], species: "gnh" });
    expect(without.gene).toMatchObject({ isoforms: 1, isoformSites: 0, isoformsScored: 0, geneScore: before.score });
    expect(result.score).toBeGreaterThan(without.score);
    await putReference(reference);
    const hit = await screenHit("gnh");
    expect(hit.gene).toEqual(result.gene);
    expect(hit.score).toBeCloseTo(result.score, 5);
    // a table answer carries the same evidence beside the revised score
    const tsv = await postJson(
      "/v1/predict",
      { pairs: [{ mirna, lncrna: query }], species: "gnh" },
      { "Content-Type": "application/json", Accept: "text/tab-separated-values" },
    );
    const [header, row] = (await tsv.text())
      .trim()
      .split("\n")
      .map((line) => line.split("\t"));
    const cells = Object.fromEntries(header!.map((name, i) => [name, row![i]]));
    expect(cells).toMatchObject({
      isoforms: "1",
      isoformSites: "1",
      modelScore: String(before.score),
      geneScore: String(geneScore),
    });
    expect(Number(cells.score)).toBeCloseTo(result.score, 12);
  });

  it("finds no isoform for an unrelated lncRNA, and reads its own sites", async () => {
    await putReference(reference);
    const own = randomRna(random, 800) + site + randomRna(random, 400);
    const result = await predict({ pairs: [{ mirna, lncrna: own }], species: "gnh" });
    expect(result.gene).toMatchObject({ isoforms: 0, ownSites: 1, isoformSites: 0 });
  });

  it("counts the isoforms the gene head may score in the work budget, and refuses before scoring", async () => {
    // a long isoform of the query with a site: a predict well inside the budget alone goes over it
    // with the isoform the gene head would score for each pair
    const long = query + site + randomRna(random, 100_000 - query.length - site.length);
    await putReference([long]);
    const pairs = Array.from({ length: 99 }, () => ({ mirna, lncrna: query }));
    const response = await postJson("/v1/predict", { pairs, species: "gnh" });
    const problem = (await response.json()) as Record<string, any>;
    expect(response.status).toBe(422);
    expect(problem.type).toMatch(/work-too-large$/);
    expect(problem.detail).toContain(`${(99 * 100_000).toLocaleString("en-US")} nt of isoforms`);
    // the same request for a lncRNA with no isoform in the reference is accepted
    await putReference(reference);
    const accepted = await postJson("/v1/predict", { pairs: pairs.slice(0, 2), species: "gnh" });
    expect(accepted.status).toBe(200);
  });

  it("leaves the plant head alone", async () => {
    await putReference(reference);
    const result = await predict({ pairs: [{ mirna, lncrna: query }], species: "gnh", source: "pmrd" });
    expect(result.domains).toMatchObject({ plant: 1 });
    expect(result.gene).toBeUndefined();
  });

  it("answers without gene evidence when the stored transcripts do not match their index", async () => {
    await putReference(reference);
    // a reload whose index reached storage but whose transcripts did not
    const next = await referenceEntries([{ id: "other", sequence: isoform }], "generated", ["generated"], "now");
    await env.SPECIES.put(REFERENCE_KEYS.index, next.find((e) => e.key === REFERENCE_KEYS.index)!.value);
    const result = await predict({ pairs: [{ mirna, lncrna: query }], species: "gnh" });
    expect(result.gene).toBeUndefined();
  });
});
