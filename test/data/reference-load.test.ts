// npm run reference:load: a FASTA of lncRNA transcripts becomes the entries the worker reads (checked
// with the API's rules, identical sequences once), bad input is named, and without a data dir
// --if-data says so. Generated sequences only.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  MAX_REFERENCE_NT,
  REFERENCE_KEYS,
  ReferenceSummarySchema,
  referenceEntries,
} from "../../functions/species/reference.ts";
import { randomRna, seededRandom } from "../../scripts/lib/generators.ts";
import { repoRoot } from "../../scripts/lib/paths.ts";

const loader = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(
    process.execPath,
    [
      join(repoRoot, "node_modules", "tsx", "dist", "cli.mjs"),
      join(repoRoot, "scripts", "species", "reference-load.ts"),
      ...args,
    ],
    { cwd: repoRoot, encoding: "utf8", env: { ...process.env, ...env } },
  );

describe("reference:load", () => {
  const dir = mkdtempSync(join(tmpdir(), "lmi-reference-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const random = seededRandom(3);
  const [a, b] = [randomRna(random, 600), randomRna(random, 900)];

  it("writes each distinct transcript that passes the checks, and names the ones skipped", () => {
    const fasta = join(dir, "lncrnas.fa");
    writeFileSync(fasta, `>a\n${a}\n>b first\n${b.slice(0, 400)}\n${b.slice(400)}\n>a-copy\n${a}\n>bad\nACGUXACGU\n`);
    const out = join(dir, "entries.json");
    const run = loader(["--fasta", fasta, "--out", out]);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/2 distinct transcripts \(1 skipped\)/);
    expect(run.stderr).toMatch(/skipped bad: .*X/);
    const entries = JSON.parse(readFileSync(out, "utf8")) as { key: string; value: string }[];
    const summary = ReferenceSummarySchema.parse(
      JSON.parse(entries.find((e) => e.key === REFERENCE_KEYS.index)!.value),
    );
    expect(summary).toMatchObject({ transcripts: 2, nucleotides: 1500, files: ["lncrnas.fa"] });
    const stored = JSON.parse(entries.find((e) => e.key === REFERENCE_KEYS.transcripts)!.value) as {
      transcripts: { id: string; sequence: string }[];
    };
    expect(stored.transcripts).toEqual([
      { id: "a", sequence: a },
      { id: "b", sequence: b },
    ]);
  });

  it("refuses a file with no records, and one whose records all fail, with a message", () => {
    const empty = join(dir, "empty.fa");
    writeFileSync(empty, "\n");
    const none = loader(["--fasta", empty, "--out", join(dir, "x.json")]);
    expect(none.status).not.toBe(0);
    expect(none.stderr).toMatch(/holds no FASTA records/);
    const bad = join(dir, "bad.fa");
    writeFileSync(bad, ">x\nACGZ\n");
    const failed = loader(["--fasta", bad, "--out", join(dir, "y.json")]);
    expect(failed.status).not.toBe(0);
    expect(failed.stderr).toMatch(/no transcript passed the checks/);
  });

  it("refuses a reference larger than one isolate indexes, naming both sizes", async () => {
    const half = "ACGU".repeat(MAX_REFERENCE_NT / 8);
    const fits = [
      { id: "a", sequence: half },
      { id: "b", sequence: half },
    ];
    await expect(referenceEntries(fits, "x", ["x"], "now")).resolves.toHaveLength(2);
    await expect(referenceEntries([...fits, { id: "c", sequence: "A" }], "x", ["x"], "now")).rejects.toThrow(
      `the reference holds ${MAX_REFERENCE_NT + 1} nt, more than the ${MAX_REFERENCE_NT} nt`,
    );
  });

  it("exits 0 with a note under --if-data without a data dir", () => {
    const quiet = loader(["--if-data"], { LMI_DATA_DIR: join(tmpdir(), "no-such-data-dir") });
    expect(quiet.status).toBe(0);
    expect(quiet.stdout).toMatch(/no data dir .*no reference loaded/);
  });
});
