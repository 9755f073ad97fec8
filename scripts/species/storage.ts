// Species entries into the SPECIES KV namespace with `wrangler kv bulk put`: local storage
// (.wrangler/state, or a --persist-to folder) or the deployed namespace (--remote); or held in
// memory, for the serving code run in this process.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { StorageEntry } from "../../functions/species/set.ts";
import type { SpeciesStorage } from "../../functions/species/store.ts";
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

/** The entries as the SPECIES binding the serving code reads, held in this process's memory. */
export function memoryStorage(entries: readonly StorageEntry[]): SpeciesStorage {
  const values = new Map(entries.map((e) => [e.key, e.value]));
  return { get: async (key) => values.get(key) ?? null };
}
