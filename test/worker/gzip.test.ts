// gzip-compressed FASTA uploads and gzip-coded bodies are scored exactly as the plain ones; what
// decompresses past the body limit is refused without being inflated in full.
import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { LIMITS } from "../../functions/api/limits.ts";
import { randomRna, seededRandom } from "../../scripts/lib/generators.ts";
import { BASE, expectProblem, fasta, postForm } from "./api.ts";

const random = seededRandom(31);
const MIRNAS = fasta(Array.from({ length: 3 }, (_, i) => [`m${i}`, randomRna(random, 22)]));
const LNCRNAS = fasta([
  ["l1", randomRna(random, 400)],
  ["l2", randomRna(random, 300)],
]);
const LNCRNA = fasta([["l1", randomRna(random, 400)]]);

const gzip = async (data: string | Uint8Array) =>
  new Uint8Array(
    await new Response(new Blob([data]).stream().pipeThrough(new CompressionStream("gzip"))).arrayBuffer(),
  );
const file = (name: string, data: string | Uint8Array) => new File([data], name);

const crc32 = (bytes: Uint8Array) => {
  let crc = ~0;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return ~crc >>> 0;
};
const le = (value: number, bytes: number) => Array.from({ length: bytes }, (_, i) => (value >>> (8 * i)) & 0xff);

/** bgzip's output, written out by hand: each chunk a gzip member whose "BC" extra field gives its size. */
async function bgzf(chunks: string[]): Promise<Uint8Array> {
  const members = await Promise.all(
    [...chunks, ""].map(async (chunk) => {
      const data = new TextEncoder().encode(chunk);
      const deflated = new Uint8Array(
        await new Response(new Blob([data]).stream().pipeThrough(new CompressionStream("deflate-raw"))).arrayBuffer(),
      );
      const size = 18 + deflated.length + 8;
      const header = [0x1f, 0x8b, 8, 4, 0, 0, 0, 0, 0, 0xff, 6, 0, 0x42, 0x43, 2, 0, ...le(size - 1, 2)];
      return [...header, ...deflated, ...le(crc32(data), 4), ...le(data.length, 4)];
    }),
  );
  return new Uint8Array(members.flat());
}

async function json(response: Response) {
  const text = await response.text();
  expect(response.status, text).toBe(200);
  return JSON.parse(text);
}

describe("gzip-compressed FASTA file parts", () => {
  it("scores a predict upload as the plain files", async () => {
    const plain = await json(
      await postForm("/v1/predict", { mirna: file("m.fa", MIRNAS), lncrna: file("l.fa", LNCRNAS) }),
    );
    const gzipped = await json(
      await postForm("/v1/predict", {
        mirna: file("m.fa.gz", await gzip(MIRNAS)),
        lncrna: file("l.fa.gz", await gzip(LNCRNAS)),
      }),
    );
    expect(gzipped.results).toHaveLength(6);
    expect(gzipped).toEqual(plain);
  });
  it("scores a BGZF (bgzip) file, many gzip members, as the plain one", async () => {
    const plain = await json(
      await postForm("/v1/predict", { mirna: file("m.fa", MIRNAS), lncrna: file("l.fa", LNCRNAS) }),
    );
    const half = Math.floor(LNCRNAS.length / 2);
    const blocked = await json(
      await postForm("/v1/predict", {
        mirna: file("m.fa", MIRNAS),
        lncrna: file("l.fa.gz", await bgzf([LNCRNAS.slice(0, half), LNCRNAS.slice(half)])),
      }),
    );
    expect(blocked).toEqual(plain);
  });
  it("scores a screen upload as the plain files", async () => {
    const plain = await json(
      await postForm("/v1/screen", { lncrna: file("l.fa", LNCRNA), mirna: file("m.fa", MIRNAS) }),
    );
    const gzipped = await json(
      await postForm("/v1/screen", {
        lncrna: file("l.fa.gz", await gzip(LNCRNA)),
        mirna: file("m.fa.gz", await gzip(MIRNAS)),
      }),
    );
    expect(gzipped.hits.length).toBeGreaterThan(0);
    expect(gzipped).toEqual(plain);
  });
  it("refuses a file that decompresses past the body limit", async () => {
    const bomb = await gzip(`>l\n${"A".repeat(LIMITS.maxBodyBytes + 1)}\n`);
    const problem = await expectProblem(
      await postForm("/v1/screen", { lncrna: file("l.fa.gz", bomb), mirna: file("m.fa", MIRNAS) }),
      413,
      "body-too-large",
    );
    expect(problem).toMatchObject({ limit: LIMITS.maxBodyBytes, part: "lncrna" });
    expect(problem.detail).toContain(String(LIMITS.maxBodyBytes));
  });
  it("says a damaged gzip file does not decompress, not that it holds a bad symbol", async () => {
    const damaged = (await gzip(MIRNAS)).slice(0, 12);
    const problem = await expectProblem(
      await postForm("/v1/predict", { mirna: file("m.fa.gz", damaged), lncrna: file("l.fa", LNCRNAS) }),
      422,
      "invalid-fasta",
    );
    expect(problem.errors[0].pointer).toBe("/mirna");
    expect(problem.detail).toMatch(/gzip/);
    expect(problem.detail).not.toMatch(/symbol/);
  });
});

describe("Content-Encoding: gzip", () => {
  const send = (path: string, body: BodyInit, headers: Record<string, string>) =>
    exports.default.fetch(`${BASE}${path}`, { method: "POST", headers, body });
  const body = { mirnaFasta: MIRNAS, lncrnaFasta: LNCRNAS };

  it("takes a gzip-coded JSON body as the plain one", async () => {
    const plain = await json(await send("/v1/predict", JSON.stringify(body), { "Content-Type": "application/json" }));
    const coded = await json(
      await send("/v1/predict", await gzip(JSON.stringify(body)), {
        "Content-Type": "application/json",
        "Content-Encoding": "gzip",
      }),
    );
    expect(coded).toEqual(plain);
  });
  it("refuses a body that decompresses past the body limit", async () => {
    const bomb = await gzip(JSON.stringify({ ...body, model: "x".repeat(LIMITS.maxBodyBytes) }));
    const problem = await expectProblem(
      await send("/v1/screen", bomb, { "Content-Type": "application/json", "Content-Encoding": "gzip" }),
      413,
      "body-too-large",
    );
    expect(problem.limit).toBe(LIMITS.maxBodyBytes);
  });
});
