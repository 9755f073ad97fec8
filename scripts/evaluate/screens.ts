// npm run evaluate:screens [-- --data-dir DIR] [--lncrnas N] [--max-length NT] [--seed N] [--out FILE]
// The screen benchmark (scripts/evaluate/screen-benchmark.ts): held-out lncRNAs with validated
// partners screened against every miRNA of their species set; where the partners rank for the default
// model and untrained scores. Writes reports/screens.md.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { DEFAULT_MODEL } from "../../functions/models/default.ts";
import { parseCli, positiveIntOption, runCli } from "../lib/cli.ts";
import { describeCommit } from "../lib/commit.ts";
import { loadEncoders } from "../lib/kernels-node.ts";
import { repoRoot, resolveDataDir } from "../lib/paths.ts";
import {
  runCase,
  screenCases,
  screenScorers,
  trainingRnas,
  type CaseResult,
  type ScreenOptions,
} from "./screen-benchmark.ts";
import { screenClaims, screensReport } from "./screen-report.ts";
import { replaceMarkedBlock } from "../lib/marked-block.ts";

const usage = `usage: npm run evaluate:screens -- [--data-dir DIR] [--lncrnas N] [--max-length NT] [--seed N] [--out FILE]
  --lncrnas N      held-out lncRNAs screened per case (default 30)
  --max-length NT  longest lncRNA drawn (default 4000)
  --seed N         seed of the draw (default 17)
  --out FILE       report (default reports/screens.md)`;

runCli(async () => {
  const { values } = parseCli(usage, {
    "data-dir": { type: "string" },
    lncrnas: { type: "string" },
    "max-length": { type: "string" },
    seed: { type: "string" },
    out: { type: "string" },
  });
  if (values.help) return console.log(usage);
  const started = Date.now();
  const dataDir = resolveDataDir(values["data-dir"]);
  const options: ScreenOptions = {
    lncrnas: positiveIntOption("lncrnas", values.lncrnas, 30),
    maxLength: positiveIntOption("max-length", values["max-length"], 4000),
    seed: positiveIntOption("seed", values.seed, 17),
  };
  const encoders = loadEncoders();
  const { registry, scorers } = await screenScorers(encoders, dataDir);
  const training = trainingRnas(encoders, registry.card(DEFAULT_MODEL)!, (n) => registry.card(n), dataDir);
  const results: CaseResult[] = [];
  for (const screenCase of screenCases(encoders, dataDir))
    results.push(await runCase(encoders, screenCase, scorers, training, dataDir, options, console.error));
  const out = values.out ?? join(repoRoot, "reports", "screens.md");
  const report = screensReport(results, scorers, options, {
    model: DEFAULT_MODEL,
    date: new Date().toISOString().slice(0, 10),
    commit: describeCommit(["functions", "models", "scripts"]),
    seconds: (Date.now() - started) / 1000,
  });
  writeFileSync(out, report);
  // a trial run (--out, or fewer lncRNAs than the default) leaves the README as it is
  if (!values.out && values.lncrnas === undefined) {
    const readme = join(repoRoot, "README.md");
    const block = [
      "",
      `Written by \`npm run evaluate:screens\` from [reports/screens.md](reports/screens.md); do not edit by hand.`,
      "",
      ...screenClaims(results, scorers),
      "",
    ];
    writeFileSync(readme, replaceMarkedBlock(readFileSync(readme, "utf8"), "screens", block.join("\n")));
  }
  console.error(`wrote ${out}`);
});
