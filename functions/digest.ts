// SHA-256 as lowercase hex: the integrity check of bundled models (against their cards) and of
// species sets read back from storage (against their index).
export async function sha256Hex(bytes: ArrayBuffer | Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", bytes instanceof Uint8Array ? bytes.slice() : bytes);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}
