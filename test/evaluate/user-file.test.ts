// `npm run evaluate -- --pairs FILE` end to end as a user runs it (a subprocess), on generated pairs
// in each supported format, and its errors for bad files. No data dir: baselines are left out.
import { describe, expect, it } from "vitest";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEFAULT_MODEL } from "../../functions/models/default.ts";
import { formatCanonicalTsv } from "../../scripts/data/formats.ts";
import type { LabelledPair } from "../../scripts/data/pairs.ts";
import { generatedPairs } from "../../scripts/lib/fixture-pairs.ts";
import { evaluateCli } from "../evaluate-cli.ts";

const dir = mkdtempSync(join(tmpdir(), "lmi-user-file-"));
const pairs: LabelledPair[] = generatedPairs(40, 9).map((p, i) => ({
  mirnaId: `mir-${i}`,
  lncrnaId: `lnc-${i}`,
  mirna: p.mirna,
  lncrna: p.lncrna,
  label: (i % 2) as 0 | 1,
  species: "gen",
  source: "generated",
  split: "test",
}));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

const evaluate = (...args: string[]) => evaluateCli(args, join(dir, "no-data-dir"));

// each test runs its own child processes on its own files: side by side
describe.concurrent("npm run evaluate -- --pairs FILE", () => {
  it("scores a canonical TSV with the model, CIs and the shortcut checks", async () => {
    const { code, out, err } = await evaluate(
      "--pairs",
      file("pairs.tsv", formatCanonicalTsv(pairs)),
      "--resamples",
      "50",
    );
    expect(err).toBe("");
    expect(code).toBe(0);
    expect(out).toMatch(/Format: canonical-tsv/);
    expect(out).toMatch(
      new RegExp(`\\| \\*\\*${DEFAULT_MODEL}\\*\\* \\| 0\\.\\d{3} <sub>0\\.\\d{3}–[01]\\.\\d{3}</sub>`),
    );
    expect(out).toMatch(/lncRNAs in both classes: 0 of 40/);
    expect(out).toMatch(/baselines .* left out/);
  });

  it("ranks each lncRNA's partners apart from the pooled ROC-AUC when lncRNAs hold both classes", async () => {
    // 7 lncRNAs of 5–6 miRNAs each, partners and non-partners of each lncRNA mixed
    const shared = pairs.map((p, i) => ({ ...p, lncrnaId: `lnc-${i % 7}`, lncrna: pairs[i % 7]!.lncrna }));
    const { code, out, err } = await evaluate(
      "--pairs",
      file("shared.tsv", formatCanonicalTsv(shared)),
      "--resamples",
      "20",
    );
    expect(code, err).toBe(0);
    expect(out).toMatch(/per-lncRNA ROC-AUC: ROC-AUC within each test lncRNA's own rows, .* \(7 here\)/);
    expect(out).toMatch(/\| scorer \| ROC-AUC \| per-lncRNA ROC-AUC \| PR-AUC/);
    expect(out).toMatch(
      new RegExp(`\\| \\*\\*${DEFAULT_MODEL}\\*\\* \\| 0\\.\\d{3} <sub>[^|]*</sub> \\| [01]\\.\\d{3} <sub>`),
    );
  });

  it("reads PmliPred's spliced format (with --mirnas) and comma-separated format, CRLF included", async () => {
    const mirnas = file(
      "mirnas.fa",
      [...new Map(pairs.map((p) => [p.mirnaId, p.mirna]))].map(([id, s]) => `>${id}\n${s}`).join("\n"),
    );
    const spliced = file(
      "spliced.fasta",
      pairs.map((p) => `>${p.mirnaId} desc,${p.lncrnaId},${p.mirna}${p.lncrna},${p.label}`).join("\r\n"),
    );
    const commasFile = file(
      "commas.fasta",
      pairs.map((p) => `>${p.mirnaId},${p.lncrnaId},${p.mirna},${p.lncrna},${p.label}`).join("\r\n"),
    );
    const [splicedRun, commas] = await Promise.all([
      evaluate("--pairs", spliced, "--mirnas", mirnas, "--resamples", "20"),
      evaluate("--pairs", commasFile, "--resamples", "20"),
    ]);
    expect(splicedRun.code, splicedRun.err).toBe(0);
    expect(splicedRun.out).toMatch(/Format: pmlipred-spliced/);
    expect(commas.code, commas.err).toBe(0);
    expect(commas.out).toMatch(/Format: pmlipred-commas/);
  });

  it.each([
    ["a missing file", () => ["--pairs", join(dir, "nope.tsv")], /no such file/],
    ["an unknown format", () => ["--pairs", file("bad.txt", "hello\tworld\n")], /unknown format/],
    [
      "a spliced file without miRNA sequences",
      () => ["--pairs", file("s.fasta", ">m1,l1,ACGUACGUACGUACGUACGUACGGGGG,1\n")],
      /needs the miRNA sequences.*--mirnas/,
    ],
    [
      "a single class",
      () => ["--pairs", file("one.tsv", formatCanonicalTsv(pairs.map((p) => ({ ...p, label: 1 }))))],
      /needs both classes.*40 positive and 0 negative/,
    ],
    [
      "an invalid symbol",
      () => ["--pairs", file("x.tsv", formatCanonicalTsv([{ ...pairs[0]!, lncrna: "ACGUXACGU" }, pairs[1]!]))],
      /lncrna of mir-0\/lnc-0: invalid symbol "X" at position 5/,
    ],
    ["a bad label", () => ["--pairs", file("l.fasta", ">m,l,ACGU,ACGU,yes\n")], /line 1: label "yes" is not 0 or 1/],
    [
      "an unknown model",
      () => ["--pairs", file("ok.tsv", formatCanonicalTsv(pairs)), "--model", "nope"],
      /--model nope: no such model \(have: [a-z-]+(, [a-z-]+)+/,
    ],
  ])("refuses %s with a clear message and exit code 2", async (_, args, message) => {
    const { code, err, out } = await evaluate(...args());
    expect(code).toBe(2);
    expect(out).toBe("");
    expect(err).toMatch(/^error: /);
    expect(err).toMatch(message);
  });
});
