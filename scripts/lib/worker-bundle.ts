// The worker as it would be uploaded: `wrangler deploy --dry-run --outdir` bundles it without
// deploying; each module's size raw and gzipped (level 9, as an upload is compressed) is measured
// here, and wrangler's own "Total Upload" line is kept beside it.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { repoRoot } from "./paths.ts";
import { wranglerCli } from "./wrangler.ts";

export interface BundleFile {
  name: string;
  bytes: number;
  gzipBytes: number;
}

export interface WorkerBundle {
  files: BundleFile[];
  bytes: number;
  gzipBytes: number;
  /** wrangler's own summary, e.g. "Total Upload: 15292.82 KiB / gzip: 4069.15 KiB". */
  wranglerSummary: string;
}

/** Cloudflare's worker size limit (paid plan), after compression. */
export const WORKER_GZIP_LIMIT = 10 * 1024 * 1024;

/** Writes the worker's modules, as they would be uploaded, into outdir; returns wrangler's output. */
export function bundleWorker(outdir: string): string {
  const result = spawnSync(
    process.execPath,
    [wranglerCli(), "deploy", "--dry-run", "--outdir", outdir, "--config", join(repoRoot, "wrangler.toml")],
    {
      cwd: repoRoot,
      encoding: "utf8",
      env: { ...process.env, WRANGLER_SEND_METRICS: "false" },
    },
  );
  if (result.status !== 0)
    throw new Error(`wrangler deploy --dry-run failed (exit ${result.status}):\n${result.stderr || result.stdout}`);
  return result.stdout;
}

export function measureWorkerBundle(): WorkerBundle {
  const outdir = mkdtempSync(join(tmpdir(), "lmi-bundle-"));
  try {
    const stdout = bundleWorker(outdir);
    // what is uploaded: the modules, not the source map or wrangler's README
    const files = readdirSync(outdir)
      .filter((name) => !name.endsWith(".map") && name !== "README.md")
      .sort()
      .map((name) => {
        const bytes = readFileSync(join(outdir, name));
        return {
          name: name.replace(/^[0-9a-f]{40}-/, ""),
          bytes: bytes.length,
          gzipBytes: gzipSync(bytes, { level: 9 }).length,
        };
      });
    const wranglerSummary = /Total Upload:[^\n]*/.exec(stdout)?.[0] ?? "(wrangler printed no summary)";
    return {
      files,
      bytes: files.reduce((n, f) => n + f.bytes, 0),
      gzipBytes: files.reduce((n, f) => n + f.gzipBytes, 0),
      wranglerSummary,
    };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}
