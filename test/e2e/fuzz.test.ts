// Generated bad inputs over HTTP to the worker in a real workerd (no dev proxy, as `npm run fuzz:api`
// sends them), fixed seed, at a size CI affords: no crash, no 5xx, every 4xx a well-formed problem.
// `npm run fuzz:api` runs the full 10^5.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runFuzz } from "../../scripts/fuzz/bad-inputs.ts";
import { startDirectWorker, type DirectWorker } from "../../scripts/lib/direct-worker.ts";

const SEED = 20260401;
const CASES = 2000;

let worker: DirectWorker;
beforeAll(async () => {
  worker = await startDirectWorker();
});
afterAll(async () => {
  await worker?.dispose();
});

describe(`${CASES} generated bad inputs (seed ${SEED})`, () => {
  it("get 4xx problems (or 2xx when valid by chance), never a crash or a 5xx", { timeout: 600_000 }, async () => {
    const outcomes = await runFuzz(worker.url, SEED, CASES, 4);
    const faults = outcomes.filter((o) => o.fault);
    expect(faults, JSON.stringify(faults.slice(0, 5))).toEqual([]);
    // the generator reaches the faults it is meant to: every problem status, mostly 4xx
    const statuses = new Set(outcomes.map((o) => o.status));
    for (const status of [400, 404, 405, 413, 415, 422]) expect(statuses).toContain(status);
    expect(outcomes.filter((o) => o.status >= 400).length).toBeGreaterThan(CASES * 0.8);
    // header variants around valid bodies reach the handlers: spellings RFC 9110 allows are answered
    const variants = outcomes.filter((o) => o.kind === "header variant");
    expect(variants.some((o) => o.status === 200)).toBe(true);
    expect(new Set(variants.map((o) => o.status))).toContain(415);
  });
});
