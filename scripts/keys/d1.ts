// SQL against the deployment's D1 database through wrangler: local storage (.wrangler/state, where
// `wrangler dev` reads it) by default, the deployed database with remote. Migrations are applied first
// locally, so a fresh checkout needs no other step.
import { spawnSync } from "node:child_process";
import type { KeyKind } from "../../functions/keys/format.ts";
import { INSERT_KEY_SQL, keyInsertValues, newKey } from "../../functions/keys/store.ts";
import { repoRoot } from "../lib/paths.ts";
import { wranglerCli } from "../lib/wrangler.ts";

export interface D1Target {
  remote?: boolean;
  persistTo?: string;
}

function wrangler(args: string[], target: D1Target): string {
  const where = target.remote
    ? ["--remote"]
    : ["--local", ...(target.persistTo ? ["--persist-to", target.persistTo] : [])];
  const result = spawnSync(process.execPath, [wranglerCli(), ...args, ...where], {
    cwd: repoRoot,
    encoding: "utf8",
    env: { ...process.env, WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false", CI: "1" },
  });
  if (result.status !== 0)
    throw new Error(`wrangler ${args.slice(0, 3).join(" ")} failed:\n${result.stderr || result.stdout}`);
  return result.stdout;
}

export function applyMigrations(target: D1Target): void {
  wrangler(["d1", "migrations", "apply", "DB"], target);
}

/** A SQL literal: text quoted with '' doubled, null as NULL, numbers as they are. */
export function sqlLiteral(value: string | number | null): string {
  if (value === null) return "NULL";
  if (typeof value === "number") return String(value);
  return `'${value.replaceAll("'", "''")}'`;
}

/** Runs one statement with ?-placeholders filled in as literals; the rows it returns. */
export function execute<T = Record<string, unknown>>(
  sql: string,
  values: Array<string | number | null>,
  target: D1Target,
): T[] {
  let k = 0;
  const command = sql.replace(/\?/g, () => sqlLiteral(values[k++] ?? null));
  const output = wrangler(["d1", "execute", "DB", "--json", "--command", command], target);
  const parsed = JSON.parse(output) as Array<{ results: T[] }>;
  return parsed.flatMap((p) => p.results);
}

/** Creates a key in local or remote D1; the key text is returned once. */
export async function createKeyIn(
  target: D1Target,
  spec: { name: string; plan: string; kind: KeyKind; origins?: string[] },
): Promise<{ id: string; key: string }> {
  const { text, row } = await newKey(spec);
  if (!target.remote) applyMigrations(target);
  const plans = execute<{ id: string }>("SELECT id FROM plans WHERE id = ?", [spec.plan], target);
  if (plans.length === 0) throw new Error(`no plan ${spec.plan}; plans: free, standard, dev`);
  execute(INSERT_KEY_SQL, keyInsertValues(row), target);
  return { id: row.id, key: text };
}
