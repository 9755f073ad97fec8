// npm run splits [-- --data-dir DIR] [--write-ids DIR] [--check]
// Regenerates every benchmark split from its seed and writes splits/manifest.json (counts and
// checksums, no sequences). --write-ids also writes each fold's ids as TSV under DIR (role, miRNA id,
// lncRNA id, label). --check compares with the committed manifest instead of writing it.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { manifestVariants } from "./benchmarks.ts";
import { foldLines, variantManifest } from "./split-manifest.ts";
import { parseCli, runCli } from "../lib/cli.ts";
import { loadEncoders } from "../lib/kernels-node.ts";
import { repoRoot, resolveDataDir } from "../lib/paths.ts";

const usage = "usage: npm run splits -- [--data-dir DIR] [--write-ids DIR] [--check]";
export const manifestPath = join(repoRoot, "splits", "manifest.json");

runCli(() => {
  const { values } = parseCli(usage, {
    "data-dir": { type: "string" },
    "write-ids": { type: "string" },
    check: { type: "boolean" },
  });
  if (values.help) return console.log(usage);
  const variants = manifestVariants({ dataDir: resolveDataDir(values["data-dir"]), encoders: loadEncoders() });
  const manifest = variants.map(variantManifest);
  const text = JSON.stringify(manifest, null, 1) + "\n";
  if (values.check) {
    if (readFileSync(manifestPath, "utf8") !== text)
      throw new Error(
        `the regenerated splits differ from ${manifestPath}: run \`npm run splits\` and review the change`,
      );
    console.log(`${manifest.length} benchmark splits match ${manifestPath}`);
    return;
  }
  mkdirSync(join(repoRoot, "splits"), { recursive: true });
  writeFileSync(manifestPath, text);
  console.log(`wrote ${manifest.length} benchmark splits to ${manifestPath}`);
  if (values["write-ids"]) {
    const dir = resolve(values["write-ids"]);
    mkdirSync(dir, { recursive: true });
    for (const variant of variants) {
      variant.folds.forEach((fold, f) =>
        writeFileSync(
          join(dir, `${variant.id}.fold${f}.tsv`),
          ["role\tmirna_id\tlncrna_id\tlabel", ...foldLines(fold)].join("\n") + "\n",
        ),
      );
    }
    console.log(`wrote the fold id lists to ${dir}`);
  }
});
