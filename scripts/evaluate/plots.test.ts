import { describe, expect, it } from "vitest";
import { curvesSvg, thin } from "./plots.ts";
import { prCurve, rocCurve } from "./metrics.ts";

describe("ROC/PR plot", () => {
  it("thins long curves keeping both ends", () => {
    const points = Array.from({ length: 1000 }, (_, i) => i);
    const thinned = thin(points, 50);
    expect(thinned).toHaveLength(50);
    expect([thinned[0], thinned[49]]).toEqual([0, 999]);
  });

  it("draws one ROC and one PR polyline per curve, with an escaped legend", () => {
    const scores = [0.9, 0.8, 0.3, 0.7, 0.2, 0.1];
    const labels = [1, 1, 0, 1, 0, 0] as const;
    const curve = { roc: rocCurve(scores, labels), pr: prCurve(scores, labels) };
    const svg = curvesSvg("a <b>", [
      { name: "x&y", ...curve },
      { name: "z", ...curve },
    ]);
    expect(svg.match(/<polyline/g)).toHaveLength(4);
    expect(svg).toContain("x&amp;y");
    expect(svg).toContain("<title>a &lt;b&gt;</title>");
    expect(svg.startsWith("<svg") && svg.trim().endsWith("</svg>")).toBe(true);
  });
});
