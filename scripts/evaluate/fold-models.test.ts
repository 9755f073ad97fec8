import { describe, expect, it } from "vitest";
import { servedModelOf } from "./fold-models.ts";

describe("servedModelOf", () => {
  const served = ["duplex-mlp", "duplex-mlp-both", "gclmi", "ensemble-lite"];
  it("takes the longest served name the fold model's name starts with", () => {
    expect(servedModelOf("duplex-mlp-both-human-cold", served)).toBe("duplex-mlp-both");
    expect(servedModelOf("duplex-mlp-human-cold", served)).toBe("duplex-mlp");
    expect(servedModelOf("gclmi-human-cold-mirna", served)).toBe("gclmi");
  });
  it("gives none for an experiment that stands in for no served model", () => {
    expect(servedModelOf("pair-mlp-human-cold", served)).toBeUndefined();
    expect(servedModelOf("gclmi", served)).toBeUndefined();
  });
});
