// npm run bench:duplex-ab -- --baseline OLD.wasm [--candidate NEW.wasm] [--pairs 1000] [--rounds 11]
//   [--helix FROM,TO] [--data-dir DIR] [--seed S]
// Two builds of the SIMD encoders, one process, the bench:duplex pairs: is a kernel change faster?
// Build the baseline first, e.g. `git stash && npm run build:kernels && cp build/assembly/encoders.simd.wasm
// /tmp/old.wasm && git stash pop`; the candidate defaults to the current build. Each round runs both
// builds over all pairs (fresh copies, so the binding's cache never answers), in alternating order,
// and times each by this process's CPU time; the speedup is the median over rounds of the per-round
// ratio, which cancels most of the drift of a shared machine (its speed swings by tens of percent).
// Both builds must agree on every energy, or the bench stops: a faster wrong kernel is no result.
// --helix times the helix-constrained duplex (the pair features' seed MFE uses 2,7) instead of the free one.
import { existsSync, readFileSync } from "node:fs";
import type { DuplexOptions } from "../../functions/kernels/duplex.ts";
import { Encoders } from "../../functions/kernels/encoders.ts";
import { fail, parseCli, positiveIntOption, runCli } from "../lib/cli.ts";
import { encoderWasmPath } from "../lib/kernels-node.ts";
import { resolveDataDir } from "../lib/paths.ts";
import { duplexBenchPairs } from "./duplex-pairs.ts";

const usage =
  "usage: npm run bench:duplex-ab -- --baseline OLD.wasm [--candidate NEW.wasm] [--pairs N] [--rounds R] [--helix FROM,TO] [--data-dir DIR] [--seed S]";

/** "2,7" → [2, 7]; the kernel's binding checks the range against each miRNA. */
function helixOption(value: string | undefined): DuplexOptions {
  if (value === undefined) return {};
  const match = /^(\d+),(\d+)$/.exec(value);
  if (!match) fail(`--helix must be FROM,TO (1-based miRNA nt, e.g. 2,7), got ${JSON.stringify(value)}`);
  return { helix: [Number(match[1]), Number(match[2])] };
}

function loadBuild(path: string): Encoders {
  if (!existsSync(path)) fail(`${path} does not exist`);
  return new Encoders(new WebAssembly.Module(readFileSync(path)));
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1]!;

runCli(() => {
  const { values } = parseCli(usage, {
    baseline: { type: "string" },
    candidate: { type: "string" },
    pairs: { type: "string" },
    rounds: { type: "string" },
    helix: { type: "string" },
    "data-dir": { type: "string" },
    seed: { type: "string" },
  });
  if (values.help) return console.log(usage);
  if (!values.baseline) fail(`--baseline is required\n\n${usage}`);
  const candidatePath = values.candidate ?? encoderWasmPath("simd");
  const builds = [loadBuild(values.baseline), loadBuild(candidatePath)];
  const rounds = positiveIntOption("rounds", values.rounds, 11);
  const options = helixOption(values.helix);
  const pairs = duplexBenchPairs(
    resolveDataDir(values["data-dir"]),
    positiveIntOption("pairs", values.pairs, 1000),
    Number(values.seed ?? 1),
  );
  const encoded = pairs.map((p) => ({
    mirna: builds[0]!.normalize(p.mirna).codes,
    lncrna: builds[0]!.normalize(p.lncrna).codes,
  }));

  const pass = (build: Encoders): { seconds: number; energies: number[] } => {
    const copies = encoded.map((p) => ({ mirna: p.mirna.slice(), lncrna: p.lncrna.slice() }));
    const start = process.cpuUsage();
    const energies = copies.map((p) => build.duplex(p.mirna, p.lncrna, options).energy);
    const used = process.cpuUsage(start);
    return { seconds: (used.user + used.system) / 1e6, energies };
  };
  pass(builds[0]!); // instantiate and warm both, as a server would have
  pass(builds[1]!);
  const times: number[][] = [[], []];
  const ratios: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? [0, 1] : [1, 0];
    const results = new Array<{ seconds: number; energies: number[] }>(2);
    for (const b of order) results[b] = pass(builds[b]!);
    const differ = results[0]!.energies.findIndex((e, i) => e !== results[1]!.energies[i]);
    if (differ >= 0)
      fail(
        `the builds disagree on pair ${differ}: ${results[0]!.energies[differ]} vs ${results[1]!.energies[differ]} kcal/mol`,
      );
    times[0]!.push(results[0]!.seconds);
    times[1]!.push(results[1]!.seconds);
    ratios.push(results[0]!.seconds / results[1]!.seconds);
  }
  console.log(`${pairs.length} pairs, ${rounds} rounds, CPU time per pass (median; fastest)`);
  console.log(
    `baseline  ${values.baseline}: ${(median(times[0]!) * 1000).toFixed(1)} ms; ${(Math.min(...times[0]!) * 1000).toFixed(1)} ms`,
  );
  console.log(
    `candidate ${candidatePath}: ${(median(times[1]!) * 1000).toFixed(1)} ms; ${(Math.min(...times[1]!) * 1000).toFixed(1)} ms`,
  );
  console.log(`duplex-ab speedup=${median(ratios).toFixed(3)} (median of per-round baseline/candidate)`);
});
