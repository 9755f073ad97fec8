// RNAhybrid (Debian package `rnahybrid`) minimum free energy of the best miRNA–lncRNA duplex: the
// classical-tool baseline. Installed with apt-get when missing; results cached under build/rnahybrid
// (keyed by the two sequences) so that reruns are fast — it runs ~20–50 pairs/s on one core.
import { execFile, execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { buildDir } from "../lib/paths.ts";

const run = promisify(execFile);
export const RNAHYBRID_ARGS = ["-c", "-b", "1", "-s", "3utr_human"] as const;
export const defaultCachePath = () => join(buildDir, "rnahybrid", "mfe.tsv");

function which(command: string): string | undefined {
  try {
    return execFileSync("sh", ["-c", `command -v ${command}`], { encoding: "utf8" }).trim() || undefined;
  } catch {
    return undefined;
  }
}

/** The RNAhybrid binary, installed from Debian (apt-get) when it is not there yet. */
export function ensureRnahybrid(log: (line: string) => void = console.log): string {
  const found = which("RNAhybrid");
  if (found) return found;
  log("RNAhybrid not found: installing the Debian package rnahybrid (apt-get)…");
  const aptGet = (args: string[]) =>
    process.getuid?.() === 0
      ? execFileSync("apt-get", args, { stdio: "inherit", env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } })
      : execFileSync("sudo", ["apt-get", ...args], { stdio: "inherit" });
  try {
    aptGet(["update", "-qq"]);
    aptGet(["install", "-y", "-qq", "rnahybrid"]);
  } catch (error) {
    throw new Error(
      `could not install rnahybrid with apt-get (${(error as Error).message}); install it by hand (apt-get install rnahybrid) or leave out the RNAhybrid baseline with --no-rnahybrid`,
      { cause: error },
    );
  }
  const installed = which("RNAhybrid");
  if (!installed) throw new Error("apt-get installed rnahybrid but RNAhybrid is not on PATH");
  return installed;
}

/** RNAhybrid accepts A C G U and N: anything else (IUPAC codes) becomes N. */
const forRnahybrid = (seq: string) =>
  seq
    .toUpperCase()
    .replace(/T/g, "U")
    .replace(/[^ACGU]/g, "N");
const cacheKey = (mirna: string, lncrna: string) =>
  createHash("sha1")
    .update(`${forRnahybrid(mirna)}\n${forRnahybrid(lncrna)}\n${RNAHYBRID_ARGS.join(" ")}`)
    .digest("hex");

export function readCache(path: string): Map<string, number> {
  const cache = new Map<string, number>();
  if (!existsSync(path)) return cache;
  for (const line of readFileSync(path, "utf8").split("\n")) {
    const [key, value] = line.split("\t");
    if (key && value !== undefined && value !== "") cache.set(key, Number(value));
  }
  return cache;
}

/** Parses `-c` output lines `target:len:query:len:mfe:p-value:position:…` into query → MFE. */
export function parseCompactOutput(stdout: string): Map<string, number> {
  const result = new Map<string, number>();
  for (const line of stdout.split("\n")) {
    const fields = line.split(":");
    if (fields.length < 7) continue;
    const mfe = Number(fields[4]);
    if (!Number.isFinite(mfe)) throw new Error(`RNAhybrid output line not understood: ${line.slice(0, 80)}`);
    result.set(fields[2]!, mfe);
  }
  return result;
}

export interface MfeOptions {
  cachePath?: string;
  /** Parallel RNAhybrid processes (the machine is shared: 1 by default). */
  jobs?: number;
  onProgress?: (done: number, total: number) => void;
}

/** MFE (kcal/mol, ≤ 0; 0 when no duplex) of each (miRNA, lncRNA) pair, from the cache or RNAhybrid. */
export async function rnahybridMfe(
  pairs: { mirna: string; lncrna: string }[],
  { cachePath = defaultCachePath(), jobs = 1, onProgress }: MfeOptions = {},
): Promise<Float64Array> {
  const cache = readCache(cachePath);
  const keys = pairs.map((p) => cacheKey(p.mirna, p.lncrna));
  const todo = new Map<string, Map<string, string>>(); // lncRNA → (key → miRNA)
  pairs.forEach((p, i) => {
    if (cache.has(keys[i]!)) return;
    const lncrna = forRnahybrid(p.lncrna);
    const group = todo.get(lncrna) ?? todo.set(lncrna, new Map()).get(lncrna)!;
    group.set(keys[i]!, forRnahybrid(p.mirna));
  });
  if (todo.size) {
    const binary = ensureRnahybrid();
    mkdirSync(dirname(cachePath), { recursive: true });
    const scratch = mkdtempSync(join(tmpdir(), "rnahybrid-"));
    const total = [...todo.values()].reduce((n, g) => n + g.size, 0);
    let done = 0;
    const groups = [...todo.entries()];
    const worker = async (slot: number) => {
      for (let g = slot; g < groups.length; g += jobs) {
        const [lncrna, queries] = groups[g]!;
        const entries = [...queries.entries()];
        const target = join(scratch, `t${slot}.fa`);
        const query = join(scratch, `q${slot}.fa`);
        writeFileSync(target, `>t\n${lncrna}\n`);
        writeFileSync(query, entries.map(([, mirna], i) => `>q${i}\n${mirna}\n`).join(""));
        const maxQuery = Math.max(...entries.map(([, m]) => m.length));
        const { stdout } = await run(
          binary,
          [...RNAHYBRID_ARGS, "-m", String(lncrna.length + 1), "-n", String(maxQuery + 1), "-t", target, "-q", query],
          { maxBuffer: 64 << 20 },
        );
        const mfes = parseCompactOutput(stdout);
        const lines = entries.map(([key], i) => {
          const mfe = mfes.get(`q${i}`) ?? 0;
          cache.set(key, mfe);
          return `${key}\t${mfe}\n`;
        });
        appendFileSync(cachePath, lines.join(""));
        done += entries.length;
        onProgress?.(done, total);
      }
    };
    try {
      await Promise.all(Array.from({ length: Math.max(1, jobs) }, (_, slot) => worker(slot)));
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  }
  return Float64Array.from(keys, (k) => cache.get(k)!);
}
