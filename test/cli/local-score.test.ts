// `lmi-edge score`: the local mode gives, row for row and in input order, the scores the Node serving
// path's /v1/predict gives the same pairs, and refuses a bad row by its line.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { scoreLocally } from "../../scripts/cli/local-score.ts";
import { randomRna, seededRandom } from "../../scripts/lib/generators.ts";
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
});
