import { describe, expect, it } from "vitest";
import { sectionsOwnedByOthers } from "./report-section.ts";

describe("sectionsOwnedByOthers", () => {
  const report = [
    "# perf",
    "",
    "## Latency (autocannon)",
    "rows",
    "",
    "## Work budget: the largest accepted requests (bench:budget)",
    "budget rows",
    "",
    "## Memory: the largest accepted requests (bench:memory)",
    "memory rows",
    "",
  ].join("\n");

  it("keeps the sections another script names in its heading, in order", () => {
    const kept = sectionsOwnedByOthers(report, "bench:api");
    expect(kept).toContain("## Work budget: the largest accepted requests (bench:budget)\nbudget rows");
    expect(kept.indexOf("bench:budget")).toBeLessThan(kept.indexOf("bench:memory"));
    expect(kept).not.toContain("Latency");
  });

  it("drops the owner's own sections", () => {
    expect(sectionsOwnedByOthers(report, "bench:budget")).not.toContain("budget rows");
  });
});
