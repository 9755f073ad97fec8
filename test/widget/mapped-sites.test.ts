// The widget's site map shows the sites of the answer's vocabulary.
import { describe, expect, it } from "vitest";
import { mappedSites, type ResultView } from "../../widget/render.ts";

const result = (extra: Partial<ResultView>): ResultView => ({
  score: 0.5,
  label: 0,
  threshold: 0.5,
  model: "m",
  ...extra,
});
const seedSite = { start: 11, end: 18, type: "8mer", wobble: 0 };
const plantTarget = { best: { expectation: 1.5, start: 40, end: 60, inhibition: "cleavage" } };

describe("mappedSites", () => {
  it("maps the seed sites whenever the answer has them", () => {
    expect(mappedSites(result({ seed: { total: 1, counts: {}, sites: [seedSite] }, plantTarget }))).toEqual([seedSite]);
  });
  it("maps the best complementary site when the answer speaks only the plant vocabulary", () => {
    expect(mappedSites(result({ plantTarget }))).toEqual([{ start: 40, end: 60, type: "complementary", wobble: 0 }]);
    expect(mappedSites(result({ plantTarget: { best: null } }))).toEqual([]);
  });
});
