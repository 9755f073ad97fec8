// Repository-relative locations used by the offline scripts (never by functions/).
import { fileURLToPath } from "node:url";
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";

export const repoRoot = resolve(fileURLToPath(new URL("../..", import.meta.url)));
export const buildDir = resolve(repoRoot, "build");
export const modelsDir = resolve(repoRoot, "models");

/** The benchmark data directory: --data-dir, else LMI_DATA_DIR, else ../shared/data beside the repo. */
export function defaultDataDir(): string {
  return resolve(process.env.LMI_DATA_DIR ?? resolve(repoRoot, "..", "shared", "data"));
}

/** True when the benchmark data directory is present (tests that need it are skipped otherwise). */
export function hasDataDir(dir = defaultDataDir()): boolean {
  return existsSync(join(dir, "README.md")) && existsSync(join(dir, "pmlipred"));
}

/** The data dir from a --data-dir flag or the default, checked to exist. */
export function resolveDataDir(flag?: string): string {
  const dir = flag ? resolve(flag) : defaultDataDir();
  if (!hasDataDir(dir)) {
    throw new Error(
      `no benchmark data at ${dir}: pass --data-dir DIR or set LMI_DATA_DIR (the folder with pmlipred/, premli/, …)`,
    );
  }
  return dir;
}
