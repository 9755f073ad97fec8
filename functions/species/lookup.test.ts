import { describe, expect, it } from "vitest";
import { editDistance, foldSpeciesName, resolveSpecies, suggestSpecies } from "./lookup.ts";
import type { SpeciesSummary } from "./set.ts";

const summary = (name: string, latinName: string | null, source: SpeciesSummary["source"]): SpeciesSummary => ({
  name,
  latinName,
  source,
  release: "r",
  file: "f",
  description: "d",
  count: 1,
  distinct: 1,
  predicted: 0,
  skipped: 0,
  loadedAt: "t",
  sha256: "0".repeat(64),
});

const sets = [
  summary("ath", "Arabidopsis thaliana", "curated"),
  summary("ath", "Arabidopsis thaliana", "pmrd"),
  summary("aly", "Arabidopsis lyrata", "curated"),
  summary("hsa", "Homo sapiens", "curated"),
  summary("hsa", "Homo sapiens", "later-release"),
  summary("sit", null, "pmrd"),
  summary("crt", "Citrus reticulata", "curated"),
  summary("crT", null, "pmrd"),
];

const found = (query: string, source?: SpeciesSummary["source"]) => {
  const result = resolveSpecies(sets, query, source);
  return result.kind === "found" ? `${result.summary.name}/${result.summary.source}` : result.kind;
};

describe("resolveSpecies", () => {
  it("takes the prefix or the Latin name in any case, the curated set by default", () => {
    for (const query of ["ath", "ATH", " Ath ", "Arabidopsis thaliana", "arabidopsis_THALIANA"])
      expect(found(query)).toBe("ath/curated");
    expect(found("ath", "pmrd")).toBe("ath/pmrd");
    expect(found("Homo sapiens", "later-release")).toBe("hsa/later-release");
  });

  it("falls back to a species' only set, and says when the asked source is missing", () => {
    expect(found("sit")).toBe("sit/pmrd");
    expect(resolveSpecies(sets, "aly", "pmrd")).toEqual({ kind: "no-source", name: "aly", sources: ["curated"] });
    expect(resolveSpecies(sets, "sit", "curated")).toMatchObject({ kind: "no-source", sources: ["pmrd"] });
  });

  it("needs the exact prefix when two differ only in case", () => {
    expect(found("crT")).toBe("crT/pmrd");
    expect(found("crt")).toBe("crt/curated");
    expect(resolveSpecies(sets, "CRT")).toEqual({ kind: "ambiguous", names: ["crT", "crt"] });
  });

  it("suggests the closest species by prefix, Latin name or one word of it", () => {
    const unknown = resolveSpecies(sets, "Arabidopsis thalian");
    expect(unknown).toMatchObject({ kind: "unknown" });
    expect(unknown.kind === "unknown" && unknown.suggestions[0]).toEqual({
      name: "ath",
      latinName: "Arabidopsis thaliana",
    });
    expect(suggestSpecies(sets, "arabidopsis").map((s) => s.name)).toEqual(expect.arrayContaining(["aly", "ath"]));
    expect(
      suggestSpecies(sets, "arabidopsis")
        .slice(0, 2)
        .map((s) => s.name),
    ).toEqual(["aly", "ath"]);
    expect(suggestSpecies(sets, "arabidopsis")).toHaveLength(5);
    expect(suggestSpecies(sets, foldSpeciesName("HSB"))[0]!.name).toBe("hsa");
  });
});

describe("editDistance", () => {
  it("counts insertions, deletions and substitutions", () => {
    expect(editDistance("kitten", "sitting")).toBe(3);
    expect(editDistance("", "abc")).toBe(3);
    expect(editDistance("ath", "ath")).toBe(0);
  });
});
