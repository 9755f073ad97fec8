import { describe, expect, it } from "vitest";
import { latinNames, speciesPrefix } from "./sources.ts";

describe("latinNames", () => {
  it("reads genus and species from miRBase headers, the most frequent pair per prefix", () => {
    const fasta = [
      ">ath-miR1 MIMAT0000001 Arabidopsis thaliana miR1",
      "ACGUACGUACGUACGUACGU",
      ">xyz-miR-2-5p MIMAT0000002 Genus species miR-2-5p",
      "ACGUACGUACGUACGUACGU",
      ">xyz-miR-2-3p MIMAT0000003 MI0000009 Genus miR-2-3p",
      "ACGUACGUACGUACGUACGU",
      ">xyz-miR-3 MIMAT0000004 Genus species miR-3",
      "ACGUACGUACGUACGUACGU",
    ].join("\r\n");
    expect(latinNames(fasta)).toEqual(
      new Map([
        ["ath", "Arabidopsis thaliana"],
        ["xyz", "Genus species"],
      ]),
    );
    expect(speciesPrefix("hsa-miR-21-5p")).toBe("hsa");
  });
});
