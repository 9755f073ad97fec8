import { describe, expect, it } from "vitest";
import { timingDuration, timingEngine } from "./server-timing.ts";

describe("Server-Timing", () => {
  const header = 'load;desc="model session";dur=12.5, model;dur=3, engine;desc="tfjs-wasm", total;dur=20';

  it("reads a metric's duration, with or without a description, NaN where it is missing", () => {
    expect(timingDuration(header, "load")).toBe(12.5);
    expect(timingDuration(header, "model")).toBe(3);
    expect(timingDuration(header, "total")).toBe(20);
    expect(timingDuration(header, "shortlist")).toBeNaN();
    expect(timingDuration(null, "model")).toBeNaN();
  });

  it("reads the engine, and no engine where no model ran", () => {
    expect(timingEngine(header)).toBe("tfjs-wasm");
    expect(timingEngine("total;dur=1")).toBeUndefined();
    expect(timingEngine(null)).toBeUndefined();
  });
});
