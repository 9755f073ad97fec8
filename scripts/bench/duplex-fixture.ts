// npm run fixture:duplex — runs RNAhybrid (installed with apt-get if missing) on the generated
// duplex cases of scripts/lib/duplex-cases.ts and writes their MFEs to
// test/fixtures/duplex-rnahybrid.json, so that CI can compare the kernel with RNAhybrid without it.
import { execFileSync, spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { duplexCases } from "../lib/duplex-cases.ts";
import { runCli } from "../lib/cli.ts";
import { repoRoot } from "../lib/paths.ts";

export const FIXTURE_CASES = { count: 200, seed: 20261125 };

runCli(() => {
  if (spawnSync("RNAhybrid", ["-h"]).error !== undefined) {
    const install = spawnSync("apt-get", ["install", "-y", "-qq", "rnahybrid"], { stdio: "inherit" });
    if (install.status !== 0) throw new Error("RNAhybrid is missing and `apt-get install -y rnahybrid` failed");
  }
  const cases = duplexCases(FIXTURE_CASES.count, FIXTURE_CASES.seed);
  const energies = cases.map(({ mirna, target }) => {
    const out = execFileSync("RNAhybrid", ["-c", "-s", "3utr_human", "-b", "1", target, mirna], { encoding: "utf8" });
    return Number(out.split(":")[4]);
  });
  const version = execFileSync("dpkg-query", ["-W", "-f=${Version}", "rnahybrid"], { encoding: "utf8" });
  const path = join(repoRoot, "test", "fixtures", "duplex-rnahybrid.json");
  writeFileSync(
    path,
    JSON.stringify(
      {
        tool: `RNAhybrid ${version} (Debian), -s 3utr_human -b 1, defaults -u 15 -v 15`,
        cases: FIXTURE_CASES,
        energies,
      },
      null,
      1,
    ) + "\n",
  );
  console.log(`wrote ${path}: ${energies.length} MFEs`);
});
