import { describe, expect, it } from "vitest";
import { shortlistRecall, type RecallFile } from "./shortlist-recall.ts";

const file: RecallFile = {
  model: "m",
  modelSha256: "a".repeat(64),
  top: 25,
  perSignal: 50,
  sets: [{ name: "hsa", source: "curated", recall: 0.87, lncrnas: 6 }],
};
const hsa = { name: "hsa", source: "curated" };

describe("shortlistRecall", () => {
  it("gives the recall measured for this model and set", () => {
    expect(shortlistRecall("m", "a".repeat(64), hsa, file)).toEqual({
      measured: true,
      top: 25,
      recall: 0.87,
      lncrnas: 6,
      perSignal: 50,
    });
  });

  it("says why there is none: a FASTA, another model or version, a set never measured", () => {
    expect(shortlistRecall("m", "a".repeat(64), undefined, file)).toMatchObject({ measured: false, reason: /FASTA/ });
    expect(shortlistRecall("m", "b".repeat(64), hsa, file)).toMatchObject({
      measured: false,
      reason: /not this model/,
    });
    expect(shortlistRecall("other", "a".repeat(64), hsa, file)).toMatchObject({ measured: false });
    expect(shortlistRecall("m", "a".repeat(64), { name: "hsa", source: "later-release" }, file)).toMatchObject({
      measured: false,
      reason: /bench:screen/,
    });
  });

  it("is measured for the bundled default model (bench:screen has run since it was trained)", async () => {
    const card = (await import("../../models/ensemble-lite.json")).default;
    expect(shortlistRecall(card.name, card.onnx.sha256, hsa)).toMatchObject({ measured: true });
  });
});
