import { describe, expect, it } from "vitest";
import { nearestField } from "./fields.ts";

const KNOWN = ["lncrna", "lncrnaId", "mirnaFasta", "topK"];

describe("nearestField", () => {
  it("prefers the same name in another case over a nearer spelling", () => {
    expect(nearestField("LNCRNAID", KNOWN)).toBe("lncrnaId");
    expect(nearestField("lncRNA", KNOWN)).toBe("lncrna");
  });
  it("takes the nearest by edit distance, or none when nothing is near", () => {
    expect(nearestField("mirnaFast", KNOWN)).toBe("mirnaFasta");
    expect(nearestField("colour", KNOWN)).toBeUndefined();
  });
});
