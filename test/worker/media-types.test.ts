// Content types as RFC 9110 allows them (parameters, optional whitespace, case, quoting) reach the
// handlers on both body routes, and what is not JSON or multipart/form-data is a 415 problem.
import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { randomRna, seededRandom } from "../../scripts/lib/generators.ts";
import { BASE, expectProblem, fasta } from "./api.ts";

const random = seededRandom(17);
const MIRNA = randomRna(random, 22);
const LNCRNA = randomRna(random, 300);

const BODIES = {
  "/v1/predict": {
    json: { pairs: [{ mirna: MIRNA, lncrna: LNCRNA }] },
    form: { mirna: fasta([["m", MIRNA]]), lncrna: fasta([["l", LNCRNA]]) },
  },
  "/v1/screen": {
    json: { lncrna: LNCRNA, mirnaFasta: fasta([["m", MIRNA]]) },
    form: { lncrna: LNCRNA, mirna: fasta([["m", MIRNA]]) },
  },
};

const post = (path: string, contentType: string, body: string) =>
  exports.default.fetch(`${BASE}${path}`, { method: "POST", headers: { "Content-Type": contentType }, body });

/** A multipart body written out by hand, so the Content-Type header can be any spelling. */
const multipartBody = (boundary: string, parts: Record<string, string>) =>
  Object.entries(parts)
    .map(([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`)
    .join("") + `--${boundary}--\r\n`;

const JSON_TYPES = [
  "application/json ; charset=utf-8",
  "application/json;",
  "Application/JSON",
  'application/json; charset="utf-8"',
  "application/vnd.api+json",
];
const MULTIPART_TYPES: Array<[string, string]> = [
  ["multipart/form-data; boundary=X; charset=UTF-8", "X"],
  ["multipart/form-data;  boundary=X", "X"],
  ["Multipart/Form-Data; BOUNDARY=X", "X"],
  ['multipart/form-data; boundary="b=1:2"', "b=1:2"],
];

describe("content types", () => {
  for (const [path, bodies] of Object.entries(BODIES)) {
    for (const type of JSON_TYPES)
      it(`${path} answers 200 to ${type}`, async () => {
        const response = await post(path, type, JSON.stringify(bodies.json));
        expect(response.status, await response.clone().text()).toBe(200);
      });
    for (const [type, boundary] of MULTIPART_TYPES)
      it(`${path} answers 200 to ${type}`, async () => {
        const response = await post(path, type, multipartBody(boundary, bodies.form));
        expect(response.status, await response.clone().text()).toBe(200);
      });
    for (const type of ["text/plain", "application/x-www-form-urlencoded", "application/json, text/plain", "json"])
      it(`${path} answers 415 to ${type}`, async () => {
        await expectProblem(await post(path, type, JSON.stringify(bodies.json)), 415, "unsupported-media-type", path);
      });
    it(`${path} answers 415 to a content coding other than gzip, and takes identity`, async () => {
      const send = (coding: string) =>
        exports.default.fetch(`${BASE}${path}`, {
          method: "POST",
          headers: { "Content-Type": "application/json", "Content-Encoding": coding },
          body: JSON.stringify(bodies.json),
        });
      await expectProblem(await send("br"), 415, "unsupported-media-type", path);
      expect((await send("identity")).status).toBe(200);
    });
    it(`${path} answers 400 to a multipart boundary with a space`, async () => {
      const response = await post(path, 'multipart/form-data; boundary="a b"', multipartBody("a b", bodies.form));
      await expectProblem(response, 400, "malformed-multipart", path);
    });
  }
});
