// Species entries into the SPECIES KV namespace with `wrangler kv bulk put`: local storage
// (.wrangler/state, or a --persist-to folder) or the deployed namespace (--remote).
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { StorageEntry } from "../../functions/species/set.ts";
import { repoRoot } from "../lib/paths.ts";
import { wranglerCli } from "../lib/wrangler.ts";

/** `where`: wrangler's flags, ["--remote"] or ["--local", "--persist-to", DIR?]. */
export function bulkPutSpecies(entries: readonly StorageEntry[], where: string[]): void {
  const dir = mkdtempSync(join(tmpdir(), "lmi-species-"));
  try {
    const file = join(dir, "entries.json");
    writeFileSync(file, JSON.stringify(entries));
    const result = spawnSync(
      process.execPath,
      [
        wranglerCli(),
        "kv",
        "bulk",
        "put",
        file,
        "--binding",
        "SPECIES",
        "--config",
        join(repoRoot, "wrangler.toml"),
        ...where,
      ],
      {
        cwd: repoRoot,
        env: { ...process.env, WRANGLER_SEND_METRICS: "false" },
        encoding: "utf8",
      },
    );
    if (result.status !== 0)
      throw new Error(`wrangler kv bulk put failed (exit ${result.status}):\n${result.stderr || result.stdout}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
