// Repository-relative locations used by the offline scripts (never by functions/).
import { fileURLToPath } from "node:url";
import { resolve } from "node:path";

export const repoRoot = resolve(fileURLToPath(new URL("../..", import.meta.url)));
export const buildDir = resolve(repoRoot, "build");
export const modelsDir = resolve(repoRoot, "models");

/** The benchmark data directory: --data-dir, else LMI_DATA_DIR, else ../shared/data beside the repo. */
export function defaultDataDir(): string {
  return resolve(process.env.LMI_DATA_DIR ?? resolve(repoRoot, "..", "shared", "data"));
}
