// The widget's size budget: widget.js (what every embedding page loads) at most 50 KB gzip. The
// device engine is loaded only in device mode and is not counted; it must not creep into widget.js.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { PUBLIC_DIR } from "../../scripts/widget/build.ts";

const BUDGET = 50 * 1024;

describe("widget size", () => {
  it("widget.js is at most 50 KB gzip and leaves the device engine to a lazy import", () => {
    const file = join(PUBLIC_DIR, "widget.js");
    expect(existsSync(file), "run `npm run build:widget` first").toBe(true);
    const js = readFileSync(file);
    const gzip = gzipSync(js, { level: 9 }).length;
    expect(gzip, `${gzip} bytes gzip`).toBeLessThanOrEqual(BUDGET);
    const text = js.toString("utf8");
    expect(text).toContain("widget/device.js");
    // the engine's own code (tfjs, the graph executor) stays out of the element's bundle
    expect(text).not.toMatch(/WASM_HAS_MULTITHREAD_SUPPORT|decodeWeights/);
    expect(existsSync(join(PUBLIC_DIR, "widget", "device.js"))).toBe(true);
  });
});
