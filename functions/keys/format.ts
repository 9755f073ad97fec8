// API key text: `lmi_sk_` (secret) or `lmi_pk_` (publishable), 30 random base62 characters, then a
// 6-character base62 CRC32 of everything before it, so a secret scanner can tell a real key from
// look-alike text offline. Keys are shown once; storage keeps only their SHA-256 (functions/keys/store.ts).
export type KeyKind = "secret" | "publishable";

export const KEY_PREFIXES: Record<KeyKind, string> = { secret: "lmi_sk_", publishable: "lmi_pk_" };

const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const RANDOM_CHARS = 30; // 62^30 ≈ 2^178
const CHECK_CHARS = 6; // 62^6 > 2^32
const KEY_PATTERN = /^lmi_(sk|pk)_([0-9A-Za-z]{30})([0-9A-Za-z]{6})$/;

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32 (IEEE 802.3, as zlib computes it) of a string's UTF-8 bytes. */
export function crc32(text: string): number {
  let crc = 0xffffffff;
  for (const byte of new TextEncoder().encode(text)) crc = CRC_TABLE[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function base62(value: number, width: number): string {
  let out = "";
  for (let i = 0; i < width; i++) {
    out = ALPHABET[value % 62] + out;
    value = Math.floor(value / 62);
  }
  return out;
}

/** Random base62 text; rejection sampling keeps every character uniform. */
export function randomBase62(length: number): string {
  let out = "";
  while (out.length < length) {
    for (const byte of crypto.getRandomValues(new Uint8Array(length * 2))) {
      if (byte < 248 && out.length < length) out += ALPHABET[byte % 62];
    }
  }
  return out;
}

export function generateKey(kind: KeyKind): string {
  const body = KEY_PREFIXES[kind] + randomBase62(RANDOM_CHARS);
  return body + base62(crc32(body), CHECK_CHARS);
}

/** The key's kind when the text is a well-formed key with a matching checksum, else undefined. */
export function parseKey(text: string): KeyKind | undefined {
  const match = KEY_PATTERN.exec(text);
  if (!match) return undefined;
  const body = text.slice(0, text.length - CHECK_CHARS);
  if (base62(crc32(body), CHECK_CHARS) !== match[3]) return undefined;
  return match[1] === "sk" ? "secret" : "publishable";
}

/** Lower-case hex SHA-256 of the key text: all that storage keeps. */
export async function hashKey(key: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(key));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** A public id for a key (listing, usage, revocation): never derived from the secret. */
export const newKeyId = () => "key_" + randomBase62(16);

/** What a listing shows of a key: its prefix and last four characters. */
export const keyHint = (key: string) => `${key.slice(0, 7)}…${key.slice(-4)}`;
