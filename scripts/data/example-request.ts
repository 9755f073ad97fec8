// npm run -s example:request [-- --data-dir DIR]
// Prints a POST /v1/predict body with the two lab-validated PmliPred example pairs, read from the
// data dir (the sequences are not ours to ship). Pipe it to curl:
//   npm run -s example:request | curl -s -X POST 127.0.0.1:8787/v1/predict -H 'content-type: application/json' -d @-
import { loadPmlipredExamples } from "./pmlipred.ts";
import { parseCli, runCli } from "../lib/cli.ts";
import { resolveDataDir } from "../lib/paths.ts";

const usage = "usage: npm run -s example:request [-- --data-dir DIR]";

runCli(() => {
  const { values } = parseCli(usage, { "data-dir": { type: "string" } });
  if (values.help) return console.log(usage);
  const dataDir = resolveDataDir(values["data-dir"]);
  const pairs = loadPmlipredExamples(dataDir).map((p) => ({
    id: `${p.mirnaId}/${p.lncrnaId}`,
    mirna: p.mirna,
    lncrna: p.lncrna,
  }));
  process.stdout.write(JSON.stringify({ pairs }) + "\n");
});
