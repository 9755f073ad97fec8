// npm run species:load end to end: the sets it writes to local KV storage are what a real workerd
// serves from /v1/species and screens against (needs the data dir); without data it says so.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseFasta } from "../../scripts/data/fasta.ts";
import { defaultDataDir, hasDataDir, repoRoot } from "../../scripts/lib/paths.ts";
import { CURATED_MIRNAS, HUMAN_MIRNAS, PLANT_MIRNAS, speciesPrefix } from "../../scripts/species/sources.ts";
import { dinucleotideShuffle, randomRna, reverseComplement, seededRandom } from "../../scripts/lib/generators.ts";
import { loadLabelledPairs } from "../../scripts/data/datasets.ts";
import { ksUniformPValue } from "../stats.ts";
import { httpClient, startTestWorker, type TestWorker } from "../../scripts/lib/start-worker.ts";

const runScript =
  (script: string) =>
  (args: string[], env: Record<string, string> = {}) =>
    spawnSync(
      process.execPath,
      [join(repoRoot, "node_modules", "tsx", "dist", "cli.mjs"), join(repoRoot, "scripts", "species", script), ...args],
      {
        cwd: repoRoot,
        encoding: "utf8",
        env: { ...process.env, ...env },
      },
    );
const loader = runScript("load.ts");
const referenceLoader = runScript("reference-load.ts");

describe("species:load without a data dir", () => {
  it("exits 0 with a note under --if-data, and 2 with a clear message otherwise", () => {
    const missing = { LMI_DATA_DIR: join(tmpdir(), "no-such-data-dir") };
    const quiet = loader(["--if-data"], missing);
    expect(quiet.status).toBe(0);
    expect(quiet.stdout).toMatch(/no data dir .*species sets not loaded/);
    const loud = loader([], missing);
    expect(loud.status).toBe(2);
    expect(loud.stderr).toMatch(/error: no benchmark data at .*--data-dir/);
  });
});

describe.skipIf(!hasDataDir())(
  "species:load and reference:load into local storage, served by workerd (needs the data dir)",
  () => {
    let state: string;
    let worker: TestWorker;
    let call: ReturnType<typeof httpClient>;

    beforeAll(async () => {
      state = mkdtempSync(join(tmpdir(), "lmi-species-state-"));
      const run = loader(["--persist-to", state, "--significance", "ath"]);
      expect(run.status, run.stderr).toBe(0);
      const reference = referenceLoader(["--persist-to", state]);
      expect(reference.status, reference.stderr).toBe(0);
      worker = await startTestWorker(state);
      call = httpClient(worker);
    }, 180_000);

    afterAll(async () => {
      await worker?.dispose();
      if (state) rmSync(state, { recursive: true, force: true });
    });

    it("lists a curated set per miRBase 18 prefix, the later human release and PMRD's plants, every record kept", async () => {
      const { sets } = (await (await call("/v1/species")).json()) as {
        sets: Array<{ name: string; latinName: string | null; count: number; skipped: number; source: string }>;
      };
      const read = (path: string) => parseFasta(readFileSync(join(defaultDataDir(), path), "utf8"));
      for (const [source, file] of [
        ["curated", CURATED_MIRNAS],
        ["later-release", HUMAN_MIRNAS],
        ["pmrd", PLANT_MIRNAS],
      ] as const) {
        const records = read(file);
        const ofSource = sets.filter((s) => s.source === source);
        expect(ofSource.map((s) => s.name).sort()).toEqual(
          [...new Set(records.map((r) => speciesPrefix(r.id)))].sort(),
        );
        expect(ofSource.reduce((n, s) => n + s.count + s.skipped, 0)).toBe(records.length);
      }
      expect(sets.find((s) => s.name === "ath" && s.source === "curated")!.latinName).toBe("Arabidopsis thaliana");
      const ath = (await (await call("/v1/species/Arabidopsis%20thaliana")).json()) as {
        source: string;
        mirnas: Array<{ id: string; aliases: string[] }>;
      };
      expect(ath.source).toBe("curated");
      expect(ath.mirnas.flatMap((m) => [m.id, ...m.aliases]).every((id) => id.startsWith("ath-miR"))).toBe(true);
      const pmrd = (await (await call("/v1/species/ATH?source=pmrd")).json()) as {
        predicted: number;
        mirnas: Array<{ id: string }>;
      };
      expect(pmrd.predicted).toBeGreaterThan(0);
    });

    it("screens a lncRNA against all human miRNAs of the later release", async () => {
      const lncrna = randomRna(seededRandom(3), 2000);
      const response = await call("/v1/screen", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ lncrna, species: "hsa", source: "later-release", topK: 10 }),
      });
      expect(response.status).toBe(200);
      const body = (await response.json()) as {
        candidates: { count: number; distinct: number };
        hits: Array<{ id: string }>;
      };
      expect(body.candidates.count).toBe(2656);
      expect(body.candidates.distinct).toBeLessThanOrEqual(2656);
      expect(body.hits).toHaveLength(10);
      expect(body.hits.every((h) => h.id.startsWith("hsa-"))).toBe(true);
    });

    it("gives p-values and q-values against a set loaded with a null, and says why not otherwise", async () => {
      const random = seededRandom(4);
      const screen = async (body: Record<string, unknown>) => {
        const response = await call("/v1/screen", {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ topK: 1000, exhaustive: true, ...body }),
        });
        expect(response.status).toBe(200);
        return (await response.json()) as {
          significance: { available: boolean; reason?: string };
          hits: Array<{ id: string; mirna: string; score: number; pValue?: number; qValue?: number }>;
        };
      };
      const ath = (await (await call("/v1/species/ath")).json()) as { mirnas: Array<{ sequence: string }> };
      // a background lncRNA with one planted perfect complement of an ath miRNA
      const target = ath.mirnas[3]!.sequence;
      const host = randomRna(random, 1500, "AAUUUGCAGUAUCUGA");
      const lncrna = host.slice(0, 700) + reverseComplement(target) + host.slice(700);
      const body = await screen({ lncrna, species: "ath" });
      expect(body.significance.available).toBe(true);
      for (const hit of body.hits) {
        expect(hit.pValue).toBeGreaterThanOrEqual(0);
        expect(hit.qValue).toBeGreaterThanOrEqual(hit.pValue!);
      }
      // p falls as the score rises
      const byScore = [...body.hits].sort((a, b) => a.score - b.score);
      expect(byScore[0]!.pValue).toBeGreaterThan(byScore.at(-1)!.pValue!);
      const planted = body.hits.find((h) => h.mirna === target)!;
      expect(planted.pValue).toBeLessThan(1e-3);
      expect(planted.qValue).toBeLessThan(0.05);
      // most candidates are not significant against a background lncRNA
      expect(body.hits.filter((h) => h.pValue! < 0.05).length / body.hits.length).toBeLessThan(0.2);
      const pmrd = await screen({ lncrna, species: "ath", source: "pmrd" });
      expect(pmrd.significance.available).toBe(true);
      const other = await screen({ lncrna, species: "aly" });
      expect(other.significance.available).toBe(false);
      expect(other.significance.reason).toMatch(/--significance aly/);
      expect(other.hits.every((h) => h.pValue === undefined)).toBe(true);

      // /v1/predict with the species gives each pair the p-value its screen gives; a miRNA outside the set has none
      const hits = [planted, body.hits[100]!, body.hits.at(-1)!];
      const foreign = randomRna(random, 21);
      const response = await call("/v1/predict", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({
          species: "ath",
          pairs: [...hits.map((h) => ({ mirna: h.mirna, lncrna })), { mirna: foreign, lncrna }],
        }),
      });
      expect(response.status).toBe(200);
      const predicted = (await response.json()) as {
        significance: { available: boolean; pairs: number };
        results: Array<{ score: number; pValue?: number; qValue?: number }>;
      };
      expect(predicted.significance).toMatchObject({ available: true, pairs: 3 });
      hits.forEach((hit, i) => {
        expect(predicted.results[i]!.score).toBeCloseTo(hit.score, 6);
        expect(predicted.results[i]!.pValue).toBeCloseTo(hit.pValue!, 9);
        expect(predicted.results[i]!.qValue).toBeGreaterThanOrEqual(predicted.results[i]!.pValue!);
      });
      expect(predicted.results[3]!.pValue).toBeUndefined();
    });

    it("gives uniform p-values to dinucleotide-shuffled real lncRNAs", async () => {
      // one pair per shuffled lncRNA, each with another miRNA, so that the p-values are independent draws
      const random = seededRandom(8);
      const ath = (await (await call("/v1/species/ath")).json()) as { mirnas: Array<{ sequence: string }> };
      const real = [
        ...new Set(
          loadLabelledPairs("pmlipred-prepub-ath", defaultDataDir()).pairs.map((p) => p.lncrna.replaceAll("T", "U")),
        ),
      ]
        .filter((s) => s.length >= 200 && s.length <= 3000 && /^[ACGU]+$/.test(s))
        .sort();
      const lncrnas = Array.from({ length: 200 }, (_, i) => real[Math.floor((i * real.length) / 200)]!);
      const pairs = lncrnas.map((lncrna, i) => ({
        mirna: ath.mirnas[(i * 37) % ath.mirnas.length]!.sequence,
        lncrna: dinucleotideShuffle(lncrna, random),
      }));
      const response = await call("/v1/predict", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ species: "ath", pairs }),
      });
      expect(response.status).toBe(200);
      const { results } = (await response.json()) as { results: Array<{ pValue?: number }> };
      const p = results.map((r) => r.pValue!);
      for (const value of p) {
        expect(value).toBeGreaterThanOrEqual(0);
        expect(value).toBeLessThanOrEqual(1);
      }
      expect(ksUniformPValue(p)).toBeGreaterThan(0.01);
    });

    it("revises a new transcript's human score from the reference lncRNAs: the part of a loaded one finds it as an isoform", async () => {
      const human = loadLabelledPairs("ncrnainter-human", defaultDataDir()).pairs;
      const long = human.find((p) => p.lncrna.length >= 2000 && /^[ACGU]+$/.test(p.lncrna))!;
      // the first two thirds of a loaded transcript: a sequence no model trained on, sharing most of its 24-mers
      const part = long.lncrna.slice(0, Math.floor((long.lncrna.length * 2) / 3));
      const response = await call("/v1/predict", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ species: "hsa", pairs: [{ mirna: long.mirna, lncrna: part }] }),
      });
      expect(response.status).toBe(200);
      const [result] = ((await response.json()) as { results: Array<Record<string, any>> }).results;
      expect(result!.lncrnaKnown).toBe(false);
      expect(result!.gene.isoforms).toBeGreaterThanOrEqual(1);
      expect(result!.gene.modelScore).toEqual(expect.any(Number));
    });
  },
);
