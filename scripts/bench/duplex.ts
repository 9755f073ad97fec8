// npm run bench:duplex [-- --pairs 1000 --data-dir DIR --internal 15 --bulge 15 --seed 1]
// The duplex kernel against RNAhybrid (Debian package `rnahybrid`, installed here if missing) on the
// same pairs from the visible sets: PmliPred A. lyrata and S. lycopersicum tests, PmliPEMG
// TestSetH (A. lyrata, M. truncatula) and the ncRNAInter human test split, a quarter each.
// RNAhybrid runs as its authors intend for many pairs: one process per miRNA with all of that
// miRNA's targets in one FASTA, one process at a time. Both sides start from the same sequences;
// both times are wall clock. The pairs go in batches of whole miRNAs, each through RNAhybrid and then
// the kernel (median of five passes), so that the two sides meet the same moments of a shared machine,
// whose speed swings by tens of percent. Also prints Spearman's r of the energies and, for each
// plant set in the sample, the ROC-AUC of −MFE from each tool.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { rocAuc, spearman } from "../evaluate/metrics.ts";
import { parseCli, runCli } from "../lib/cli.ts";
import { loadEncoders } from "../lib/kernels-node.ts";
import { resolveDataDir } from "../lib/paths.ts";
import { codesToSequence } from "../../functions/kernels/codes.ts";
import { duplexBenchPairs } from "./duplex-pairs.ts";

const usage = "usage: npm run bench:duplex -- [--pairs N] [--data-dir DIR] [--internal U] [--bulge B] [--seed S]";

const BATCHES = 20;
const KERNEL_PASSES = 5;

function ensureRnahybrid(): void {
  if (spawnSync("RNAhybrid", ["-h"]).error === undefined) return;
  console.log("installing rnahybrid (Debian package) …");
  const install = spawnSync("apt-get", ["install", "-y", "-qq", "rnahybrid"], {
    stdio: "inherit",
    env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
  });
  if (install.status !== 0 || spawnSync("RNAhybrid", ["-h"]).error !== undefined) {
    throw new Error("RNAhybrid is not installed and `apt-get install -y rnahybrid` failed; install it and run again");
  }
}

/** MFE (kcal/mol) of each pair from RNAhybrid: one process per miRNA, its targets in one file. */
function runRnahybrid(pairs: Array<{ mirna: string; lncrna: string }>): number[] {
  const dir = mkdtempSync(join(tmpdir(), "lmi-rnahybrid-"));
  const energies = new Array<number>(pairs.length).fill(NaN);
  const groups = indicesByMirna(pairs);
  try {
    for (const [mirna, members] of groups) {
      const query = join(dir, "query.fa");
      const targets = join(dir, "targets.fa");
      writeFileSync(query, `>q\n${mirna}\n`);
      writeFileSync(targets, members.map((i) => `>t${i}\n${pairs[i]!.lncrna}\n`).join(""));
      const longest = Math.max(...members.map((i) => pairs[i]!.lncrna.length));
      const out = execFileSync(
        "RNAhybrid",
        ["-c", "-s", "3utr_human", "-b", "1", "-m", String(longest), "-n", "30", "-t", targets, "-q", query],
        {
          encoding: "utf8",
          maxBuffer: 64 << 20,
        },
      );
      for (const line of out.split("\n")) {
        const fields = line.split(":");
        if (fields.length < 5 || !fields[0]!.startsWith("t")) continue;
        energies[Number(fields[0]!.slice(1))] = Number(fields[4]);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const missing = energies.findIndex((e) => Number.isNaN(e));
  if (missing >= 0) throw new Error(`RNAhybrid gave no result for pair ${missing}`);
  return energies;
}

runCli(() => {
  const { values } = parseCli(usage, {
    pairs: { type: "string" },
    "data-dir": { type: "string" },
    internal: { type: "string" },
    bulge: { type: "string" },
    seed: { type: "string" },
  });
  if (values.help) return console.log(usage);
  const total = Number(values.pairs ?? 1000);
  const maxInternalLoop = Number(values.internal ?? 15);
  const maxBulge = Number(values.bulge ?? 15);
  if (!Number.isInteger(total) || total < 8) throw new Error(`--pairs must be an integer ≥ 8, got ${values.pairs}`);
  const dataDir = resolveDataDir(values["data-dir"]);
  ensureRnahybrid();
  const pairs = duplexBenchPairs(dataDir, total, Number(values.seed ?? 1));
  const encoders = loadEncoders();
  const encoded = pairs.map((p) => ({
    mirna: encoders.normalize(p.mirna).codes,
    lncrna: encoders.normalize(p.lncrna).codes,
  }));
  const asText = encoded.map((p) => ({ mirna: codesToSequence(p.mirna), lncrna: codesToSequence(p.lncrna) }));
  const lengths = encoded.map((p) => p.lncrna.length).sort((a, b) => a - b);
  console.log(
    `${pairs.length} pairs; lncRNA length median ${lengths[lengths.length >> 1]}, max ${lengths[lengths.length - 1]} nt`,
  );

  // Interleaved: each batch of miRNAs goes through RNAhybrid, then through the kernel (median of
  // KERNEL_PASSES passes on fresh copies: the binding caches results per target array), so that both
  // sides meet the same moments of a shared machine, whose speed swings by tens of percent.
  const options = { maxInternalLoop, maxBulge };
  encoders.duplex(encoded[0]!.mirna, encoded[0]!.lncrna, options); // instantiate once, as a server would have
  const reference = new Array<number>(pairs.length).fill(NaN);
  const kernel = new Array<number>(pairs.length).fill(NaN);
  let rnahybridSeconds = 0;
  let kernelSeconds = 0;
  for (const batch of batchesByMirna(asText, BATCHES)) {
    let started = performance.now();
    const energies = runRnahybrid(batch.map((i) => asText[i]!));
    rnahybridSeconds += (performance.now() - started) / 1000;
    batch.forEach((i, k) => (reference[i] = energies[k]!));
    const passes: number[] = [];
    for (let pass = 0; pass < KERNEL_PASSES; pass++) {
      const copies = batch.map((i) => ({
        at: i,
        mirna: encoded[i]!.mirna.slice(),
        lncrna: encoded[i]!.lncrna.slice(),
      }));
      started = performance.now();
      for (const p of copies) kernel[p.at] = encoders.duplex(p.mirna, p.lncrna, options).energy;
      passes.push((performance.now() - started) / 1000);
    }
    kernelSeconds += passes.sort((x, y) => x - y)[passes.length >> 1]!;
  }

  const exact = kernel.filter((e, i) => Math.abs(e - reference[i]!) < 0.005).length;
  const r = spearman(kernel, reference);
  console.log(
    `RNAhybrid 2.1.2 (-u 15 -v 15, one process per miRNA): ${(pairs.length / rnahybridSeconds).toFixed(1)} pairs/s (${rnahybridSeconds.toFixed(2)} s)`,
  );
  console.log(
    `kernel (loops ≤ ${maxInternalLoop} per side, bulges ≤ ${maxBulge}): ${(pairs.length / kernelSeconds).toFixed(1)} pairs/s ` +
      `(${kernelSeconds.toFixed(3)} s: per batch the median of ${KERNEL_PASSES} passes; ${BATCHES} batches interleaved with RNAhybrid's)`,
  );
  console.log(`same MFE (±0.005) on ${exact} of ${pairs.length} pairs`);
  for (const set of [...new Set(pairs.map((p) => p.set))]) {
    const idx = pairs.flatMap((p, i) => (p.set === set ? [i] : []));
    const labels = idx.map((i) => pairs[i]!.label);
    if (new Set(labels).size < 2) continue;
    const auc = (energies: number[]) =>
      rocAuc(
        idx.map((i) => -energies[i]!),
        labels,
      );
    console.log(
      `${set.padEnd(18)} n=${idx.length}  ROC-AUC of −MFE: RNAhybrid ${auc(reference).toFixed(4)}, kernel ${auc(kernel).toFixed(4)}`,
    );
  }
  console.log(`duplex speedup=${(rnahybridSeconds / kernelSeconds).toFixed(1)} spearman=${r.toFixed(4)}`);
});

/** The indices of the pairs of each miRNA, in first-seen order. */
function indicesByMirna(pairs: Array<{ mirna: string }>): Map<string, number[]> {
  const groups = new Map<string, number[]>();
  pairs.forEach((p, i) => {
    const members = groups.get(p.mirna);
    if (members) members.push(i);
    else groups.set(p.mirna, [i]);
  });
  return groups;
}

/** Pair indices in about `count` batches of whole miRNA groups (RNAhybrid runs once per miRNA). */
function batchesByMirna(pairs: Array<{ mirna: string }>, count: number): number[][] {
  const groups = indicesByMirna(pairs);
  const size = Math.ceil(pairs.length / count);
  const batches: number[][] = [[]];
  for (const members of groups.values()) {
    if (batches[batches.length - 1]!.length >= size) batches.push([]);
    batches[batches.length - 1]!.push(...members);
  }
  return batches;
}
