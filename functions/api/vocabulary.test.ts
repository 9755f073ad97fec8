import { describe, expect, it } from "vitest";
import { chooseVocabulary, showsPlantTarget, showsSeedSites } from "./vocabulary.ts";

describe("chooseVocabulary", () => {
  it("follows the request first, then the species' domain, else gives both", () => {
    expect(chooseVocabulary("animal", "plant")).toEqual({ name: "animal", from: "request" });
    expect(chooseVocabulary(undefined, "plant")).toEqual({ name: "plant", from: "species" });
    expect(chooseVocabulary(undefined, "animal")).toEqual({ name: "animal", from: "species" });
    expect(chooseVocabulary(undefined, undefined)).toEqual({ name: "both", from: "default" });
  });
  it("shows seed sites for animals, the plant target for plants, and both for both", () => {
    const shown = (name: "plant" | "animal" | "both") => {
      const choice = chooseVocabulary(name, undefined);
      return [showsSeedSites(choice), showsPlantTarget(choice)];
    };
    expect(shown("plant")).toEqual([false, true]);
    expect(shown("animal")).toEqual([true, false]);
    expect(shown("both")).toEqual([true, true]);
  });
});
