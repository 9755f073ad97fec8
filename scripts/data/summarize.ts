// npm run data:summary [-- --data-dir DIR] [--dataset NAME …] [--write DIR]
// Loads every dataset of the data dir into the canonical pair table and prints per-dataset counts
// beside the data README's. --write also saves the table (pairs.tsv: dataset, ids, label, species,
// source, split) and the sequence store (one FASTA per dataset and RNA kind) under DIR, which must be
// outside the repository's committed files (build/ is ignored): those files hold data-dir sequences.
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { DATASETS, datasetByName } from "./datasets.ts";
import { compareWithReadme, countDataset } from "./summary.ts";
import { parseCli, runCli } from "../lib/cli.ts";
import { resolveDataDir } from "../lib/paths.ts";

const usage = `usage: npm run data:summary -- [--data-dir DIR] [--dataset NAME …] [--write DIR]
datasets: ${Object.keys(DATASETS).join(", ")}`;

const fmt = (n: number) => n.toLocaleString("en-US");

runCli(() => {
  const { values } = parseCli(usage, {
    "data-dir": { type: "string" },
    dataset: { type: "string", multiple: true },
    write: { type: "string" },
  });
  if (values.help) return console.log(usage);
  const dataDir = resolveDataDir(values["data-dir"]);
  const names = values.dataset?.length ? values.dataset : Object.keys(DATASETS);
  const table: string[] = ["dataset\tmirna_id\tlncrna_id\tlabel\tspecies\tsource\tsplit"];
  let unexplained = 0;
  for (const name of names) {
    const dataset = datasetByName(name);
    const loaded = dataset.load(dataDir);
    const c = countDataset(loaded);
    const splits = Object.entries(c.bySplit)
      .map(([s, v]) => `${s} ${fmt(v.positives)}/${fmt(v.negatives)}`)
      .join(", ");
    console.log(`\n${name} — ${dataset.description}`);
    console.log(
      `  rows ${fmt(c.rows)} (${fmt(c.positiveRows)} pos / ${fmt(c.negativeRows)} neg) → ${fmt(c.kept)} pairs kept (${fmt(c.positives)}/${fmt(c.negatives)}); ` +
        `duplicates ${fmt(c.duplicates)}, conflicting dropped ${fmt(c.conflicting)}, in two splits ${fmt(c.crossSplit)}`,
    );
    console.log(
      `  ${fmt(c.mirnas)} miRNAs, ${fmt(c.lncrnas)} lncRNAs (${fmt(c.lncrnasInBothClasses)} in both classes); species ${c.species.join(", ")}; ` +
        `pairs with both sequences ${fmt(c.withSequences)}; sequence conflicts ${loaded.report.sequenceConflicts}; splits: ${splits}`,
    );
    for (const note of loaded.report.notes) console.log(`  note: ${note}`);
    for (const check of compareWithReadme(dataset, c)) {
      const mark = check.explanation === undefined ? "=" : check.explanation === "UNEXPLAINED" ? "≠ UNEXPLAINED" : "≠";
      console.log(
        `  README ${check.name} ${fmt(check.readme)} ${mark} ours ${fmt(check.ours)}${check.explanation && check.explanation !== "UNEXPLAINED" ? ` — ${check.explanation}` : ""}`,
      );
      if (check.explanation === "UNEXPLAINED") unexplained++;
    }
    if (values.write) {
      const dir = resolve(values.write);
      mkdirSync(dir, { recursive: true });
      for (const p of loaded.pairs)
        table.push([name, p.mirnaId, p.lncrnaId, p.label, p.species, p.source, p.split].join("\t"));
      for (const kind of ["mirna", "lncrna"] as const) {
        const fasta = [...loaded.sequences[kind]].map(([id, seq]) => `>${id}\n${seq}`).join("\n");
        writeFileSync(join(dir, `${name}.${kind}.fasta`), fasta ? fasta + "\n" : "");
      }
    }
  }
  if (values.write) {
    writeFileSync(join(resolve(values.write), "pairs.tsv"), table.join("\n") + "\n");
    console.log(`\nwrote the pair table and sequence store to ${resolve(values.write)}`);
  }
  if (unexplained) throw new Error(`${unexplained} count(s) differ from the data README without an explanation`);
});
