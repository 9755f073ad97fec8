// Needs the benchmark data dir; skipped, by name, without it. `npm run evaluate -- --pairs FILE` fits
// the baselines on the model's training data: for an ensemble (whose card describes its members'
// holdouts rather than one split) every baseline row must still carry numbers, never n/a.
import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { formatCanonicalTsv } from "../../scripts/data/formats.ts";
import { nodeModelRegistry } from "../../scripts/lib/node-runtime.ts";
import { defaultDataDir, hasDataDir, repoRoot } from "../../scripts/lib/paths.ts";
import { generatedPairs } from "../../scripts/lib/fixture-pairs.ts";

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

  it.each(ensembles)(
    "scores every baseline for %s",
    (model) => {
      const result = spawnSync(
        process.execPath,
        ["--import", "tsx", "scripts/evaluate/benchmark.ts", "--pairs", file, "--model", model, "--resamples", "20"],
        { cwd: repoRoot, encoding: "utf8", env: { ...process.env, LMI_DATA_DIR: dataDir } },
      );
      expect(result.status, result.stderr).toBe(0);
      const rows = baselineRows(result.stdout);
      expect(rows.length).toBeGreaterThanOrEqual(5);
      expect(rows.filter((row) => row.includes("n/a"))).toEqual([]);
    },
    600_000,
  );
});
