import { describe, expect, it } from "vitest";
import { crc32, generateKey, hashKey, parseKey } from "./format.ts";

describe("API key format", () => {
  it("computes zlib's CRC-32", () => {
    expect(crc32("123456789")).toBe(0xcbf43926);
    expect(crc32("")).toBe(0);
  });

  it("generates keys that parse back to their kind, each different", () => {
    const secret = generateKey("secret");
    expect(secret).toMatch(/^lmi_sk_[0-9A-Za-z]{36}$/);
    expect(parseKey(secret)).toBe("secret");
    expect(parseKey(generateKey("publishable"))).toBe("publishable");
    expect(new Set(Array.from({ length: 50 }, () => generateKey("secret"))).size).toBe(50);
  });

  it("rejects a key with any character changed, a wrong prefix or length", () => {
    const key = generateKey("secret");
    for (const at of [7, 20, key.length - 1]) {
      const other = key[at] === "a" ? "b" : "a";
      expect(parseKey(key.slice(0, at) + other + key.slice(at + 1))).toBeUndefined();
    }
    expect(parseKey(key.replace("lmi_sk_", "lmi_xk_"))).toBeUndefined();
    expect(parseKey(key.slice(0, -1))).toBeUndefined();
    expect(parseKey(`Bearer ${key}`)).toBeUndefined();
  });

  it("hashes to the hex SHA-256 of the text", async () => {
    expect(await hashKey("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  });
});
