import { describe, expect, it } from "vitest";
import { parseCompactOutput } from "./rnahybrid.ts";

describe("RNAhybrid output", () => {
  it("reads the MFE of each query from -c lines and refuses what it does not understand", () => {
    const out =
      "t:43:q0:20:-27.4:0.000285:5:   A  UA :    CG  GCU :GCUA  UA\nt:43:q1:21:-34.2:0.000005:21:  A :   GC:GGA\n";
    expect([...parseCompactOutput(out)]).toEqual([
      ["q0", -27.4],
      ["q1", -34.2],
    ]);
    expect(() => parseCompactOutput("t:43:q0:20:abc:0.1:5:x:y:z")).toThrow(/not understood/);
  });
});
