import { describe, expect, it } from "vitest";
import { speciesDomain } from "./domains.ts";

describe("speciesDomain", () => {
  it("follows the source first: PMRD is plants, the later release human", () => {
    expect(speciesDomain({ name: "ptr", source: "pmrd" })).toBe("plant");
    expect(speciesDomain({ name: "hsa", source: "later-release" })).toBe("animal");
  });

  it("tells miRBase 18's plants from its animals, in any case, and gives viruses no domain", () => {
    expect(speciesDomain({ name: "ath", source: "curated" })).toBe("plant");
    expect(speciesDomain({ name: "ATH", source: "curated" })).toBe("plant");
    expect(speciesDomain({ name: "cre", source: "curated" })).toBe("plant");
    expect(speciesDomain({ name: "hsa", source: "curated" })).toBe("animal");
    expect(speciesDomain({ name: "ptr", source: "curated" })).toBe("animal"); // Pan troglodytes in miRBase
    expect(speciesDomain({ name: "ebv", source: "curated" })).toBeUndefined();
  });
});
