import { describe, expect, it } from "vitest";
import { bestSite } from "./evidence.ts";

describe("bestSite", () => {
  it("prefers the stronger type, then Watson–Crick, then the 5′-most", () => {
    const site = (start: number, type: "8mer" | "7mer-m8" | "7mer-A1" | "6mer", wobble = 0) => ({
      start,
      end: start + 7,
      type,
      wobble,
    });
    expect(bestSite([site(5, "6mer"), site(9, "8mer", 1), site(20, "7mer-m8"), site(30, "8mer")])).toEqual(
      site(30, "8mer"),
    );
    expect(bestSite([site(10, "7mer-A1"), site(40, "7mer-A1")])).toEqual(site(10, "7mer-A1")); // sites come in lncRNA order
    expect(bestSite([])).toBeNull();
  });
});
