// `lmi-edge score`: the local mode gives, row for row and in input order, the scores the Node serving
// path's /v1/predict gives the same pairs, and refuses a bad row by its line.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { scoreLocally } from "../../scripts/cli/local-score.ts";
import { randomRna, reverseComplement, seededRandom } from "../../scripts/lib/generators.ts";
import { nodeApp } from "../../scripts/lib/node-app.ts";

describe("lmi-edge score (local mode)", () => {
  it("scores every pair in input order as /v1/predict does", async () => {
    const random = seededRandom(5);
    const pairs = Array.from({ length: 7 }, (_, i) => ({
      id: `q${i}`,
      mirna: randomRna(random, 21),
      lncrna: randomRna(random, 150 + 40 * i),
    }));
    const dir = mkdtempSync(join(tmpdir(), "lmi-score-"));
    const file = join(dir, "pairs.csv");
    writeFileSync(file, ["id,mirna,lncrna", ...pairs.map((p) => `${p.id},${p.mirna},${p.lncrna}`)].join("\n"));
    const out = join(dir, "scores.tsv");
    const outcome = await scoreLocally(file, "csv", out);
    expect(outcome).toMatchObject({ pairs: 7, errorCount: 0 });
    const rows = readFileSync(out, "utf8")
      .trimEnd()
      .split("\n")
      .slice(1)
      .map((l) => l.split("\t"));
    expect(rows.map((r) => r[1])).toEqual(pairs.map((p) => p.id));

    const response = await nodeApp().request("/v1/predict", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ pairs }),
    });
    const { results } = (await response.json()) as { results: Array<{ score: number; duplex: { energy: number } }> };
    rows.forEach((r, i) => {
      expect(Number(r[4])).toBeCloseTo(results[i]!.score, 6);
      expect(Number(r[8])).toBeCloseTo(results[i]!.duplex.energy, 6);
    });

    writeFileSync(file, `id,mirna,lncrna\nok,${pairs[0]!.mirna},${pairs[0]!.lncrna}\nbad,ACGU,${pairs[0]!.lncrna}\n`);
    const refused = await scoreLocally(file, "csv", out);
    expect(refused.errors.map((e) => e.line)).toEqual([3]);
  });

  it("reads new lncRNAs' isoforms from --reference: the gene head's score, the model's own beside it", async () => {
    const random = seededRandom(8);
    const mirna = randomRna(random, 22);
    const site = reverseComplement(mirna.slice(1, 8)) + "A";
    const exons = Array.from({ length: 4 }, () => randomRna(random, 400));
    const query = exons.slice(0, 3).join("");
    const dir = mkdtempSync(join(tmpdir(), "lmi-score-"));
    const file = join(dir, "pairs.csv");
    writeFileSync(file, `id,mirna,lncrna\nq,${mirna},${query}\n`);
    const reference = join(dir, "reference.fa");
    writeFileSync(reference, `>isoform\n${exons[0]! + exons[3]! + site}\n>other\n${randomRna(random, 900)}\n`);
    // the last column may be empty: no trimming
    const read = (out: string) => readFileSync(out, "utf8").split("\n")[1]!.split("\t");
    const plain = join(dir, "plain.tsv");
    await scoreLocally(file, "csv", plain, { domain: "animal" });
    const withReference = join(dir, "gene.tsv");
    await scoreLocally(file, "csv", withReference, { domain: "animal", reference });
    const [before, after] = [read(plain), read(withReference)];
    expect(before[10]).toBe("");
    expect(Number(after[10])).toBeCloseTo(Number(before[4]), 6);
    expect(after[4]).not.toBe(before[4]);
    await expect(scoreLocally(file, "csv", withReference, { reference: join(dir, "none.fa") })).rejects.toThrow(
      /none\.fa/,
    );
  });
});
