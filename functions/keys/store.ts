// API keys in D1: only the SHA-256 of a key's text is stored; a presented key is hashed, its row
// found by that hash, and the stored hash compared again in constant time. A key belongs to a plan
// (monthly pair quota, rate-limiting binding).
import type { D1 } from "../jobs/bindings.ts";
import { generateKey, hashKey, keyHint, newKeyId, parseKey, type KeyKind } from "./format.ts";

export interface ApiKey {
  id: string;
  kind: KeyKind;
  name: string;
  plan: string;
  monthlyPairs: number;
  rateBinding: string;
  origins: string[] | null;
  /** Requests a day the plan allows (publishable keys' plans), or null for no daily cap. */
  dailyRequests: number | null;
}

interface KeyRow {
  id: string;
  kind: KeyKind;
  hash: string;
  name: string;
  plan: string;
  origins: string | null;
  revoked_at: string | null;
  monthly_pairs: number;
  rate_binding: string;
  daily_requests: number | null;
}

const bytes = (hex: string) => new TextEncoder().encode(hex);

/** Equal texts of equal length, compared in constant time (hash secrets first to equalize lengths). */
export function sameHash(a: string, b: string): boolean {
  const [x, y] = [bytes(a), bytes(b)];
  if (x.length !== y.length) return false;
  const subtle = crypto.subtle as SubtleCrypto & { timingSafeEqual?: (a: Uint8Array, b: Uint8Array) => boolean };
  if (subtle.timingSafeEqual) return subtle.timingSafeEqual(x, y);
  let diff = 0;
  for (let i = 0; i < x.length; i++) diff |= x[i]! ^ y[i]!;
  return diff === 0;
}

export type KeyLookup = { ok: true; key: ApiKey } | { ok: false; reason: "malformed" | "unknown" | "revoked" };

/** The key a presented text stands for; a malformed text never reaches the database. */
export async function findKey(db: D1, text: string): Promise<KeyLookup> {
  if (!parseKey(text)) return { ok: false, reason: "malformed" };
  const hash = await hashKey(text);
  const row = await db
    .prepare(
      `SELECT k.id, k.kind, k.hash, k.name, k.plan, k.origins, k.revoked_at, p.monthly_pairs, p.rate_binding, p.daily_requests
       FROM api_keys k JOIN plans p ON p.id = k.plan WHERE k.hash = ?`,
    )
    .bind(hash)
    .first<KeyRow>();
  if (!row || !sameHash(row.hash, hash)) return { ok: false, reason: "unknown" };
  if (row.revoked_at !== null) return { ok: false, reason: "revoked" };
  return {
    ok: true,
    key: {
      id: row.id,
      kind: row.kind,
      name: row.name,
      plan: row.plan,
      monthlyPairs: row.monthly_pairs,
      rateBinding: row.rate_binding,
      origins: row.origins === null ? null : (JSON.parse(row.origins) as string[]),
      dailyRequests: row.daily_requests,
    },
  };
}

export interface NewKey {
  kind: KeyKind;
  name: string;
  plan: string;
  origins?: string[];
}

/** A new key's text (shown once) and the row that stores it. */
export async function newKey(spec: NewKey, now = new Date()) {
  const text = generateKey(spec.kind);
  const row = {
    id: newKeyId(),
    kind: spec.kind,
    hash: await hashKey(text),
    hint: keyHint(text),
    name: spec.name,
    plan: spec.plan,
    origins: spec.origins ? JSON.stringify(spec.origins) : null,
    created_at: now.toISOString(),
  };
  return { text, row };
}

export type KeyInsert = Awaited<ReturnType<typeof newKey>>["row"];

export const INSERT_KEY_SQL =
  "INSERT INTO api_keys (id, kind, hash, hint, name, plan, origins, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";

export const keyInsertValues = (row: KeyInsert) => [
  row.id,
  row.kind,
  row.hash,
  row.hint,
  row.name,
  row.plan,
  row.origins,
  row.created_at,
];

/** Creates a key in the database; its text is returned once and stored nowhere. */
export async function createKey(db: D1, spec: NewKey): Promise<{ id: string; key: string }> {
  const { text, row } = await newKey(spec);
  await db
    .prepare(INSERT_KEY_SQL)
    .bind(...keyInsertValues(row))
    .run();
  return { id: row.id, key: text };
}

/** Counts one request of a key on this UTC day and returns the day's count, this one included. */
export async function countDailyRequest(db: D1, keyId: string, now = new Date()): Promise<number> {
  const row = await db
    .prepare(
      `INSERT INTO key_daily_requests (key_id, day, requests) VALUES (?, ?, 1)
       ON CONFLICT (key_id, day) DO UPDATE SET requests = requests + 1 RETURNING requests`,
    )
    .bind(keyId, now.toISOString().slice(0, 10))
    .first<{ requests: number }>();
  return row?.requests ?? 1;
}
