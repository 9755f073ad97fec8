// Needs the benchmark data dir; skipped, by name, without it. `npm run evaluate -- --pairs FILE` fits
// the baselines on the model's training data: for an ensemble (whose card describes its members'
// holdouts rather than one split) every baseline row must still carry numbers, never n/a.
import { describe, expect, it } from "vitest";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { formatCanonicalTsv } from "../../scripts/data/formats.ts";
import { nodeModelRegistry } from "../../scripts/lib/node-runtime.ts";
import { defaultDataDir, hasDataDir } from "../../scripts/lib/paths.ts";
import { generatedPairs } from "../../scripts/lib/fixture-pairs.ts";
import { evaluateCli } from "../evaluate-cli.ts";

const dataDir = defaultDataDir();
const registry = nodeModelRegistry();
const ensembles = registry.names().filter((name) => registry.card(name)!.encoding.name === "member-scores");

/** The table rows of the report's baselines (model rows are bold). */
const baselineRows = (markdown: string) =>
  markdown.split("\n").filter((line) => line.startsWith("| ") && !line.startsWith("| **") && !/^\| scorer /.test(line));

describe.skipIf(!hasDataDir(dataDir))("evaluate --pairs with an ensemble (needs the data dir)", () => {
  const dir = mkdtempSync(join(tmpdir(), "lmi-user-file-ensemble-"));
  const file = join(dir, "pairs.tsv");
  writeFileSync(
    file,
    formatCanonicalTsv(
      generatedPairs(30, 5).map((p, i) => ({
        mirnaId: `mir-${i}`,
        lncrnaId: `lnc-${i}`,
        mirna: p.mirna,
        lncrna: p.lncrna,
        label: (i % 2) as 0 | 1,
        species: "gen",
        source: "generated",
        split: "test" as const,
      })),
    ),
  );

  it("has ensembles to check", () => expect(ensembles.length).toBeGreaterThan(0));

  // one child process per ensemble, side by side
  it.concurrent.each(ensembles)(
    "scores every baseline for %s",
    async (model) => {
      const result = await evaluateCli(["--pairs", file, "--model", model, "--resamples", "20"], dataDir);
      expect(result.code, result.err).toBe(0);
      const rows = baselineRows(result.out);
      expect(rows.length).toBeGreaterThanOrEqual(5);
      expect(rows.filter((row) => row.includes("n/a"))).toEqual([]);
    },
    600_000,
  );
});
