// One isolate under many requests at once answers each exactly as it answers it alone: 200 distinct
// predicts (generated pairs of varied lengths, both served ensembles) sent one by one, then all at
// once. bench:load does the same over HTTP to workerd without the dev proxy, then holds the load.
import { describe, expect, it } from "vitest";
import { randomRna, seededRandom } from "../../scripts/lib/generators.ts";
import { postJson } from "./api.ts";

const random = seededRandom(200);
const bodies = Array.from({ length: 200 }, (_, i) => ({
  pairs: [{ mirna: randomRna(random, 20 + (i % 5)), lncrna: randomRna(random, 100 + Math.floor(random() * 1500)) }],
  ...(i % 4 === 0 ? { model: "ensemble" } : {}),
}));

const answer = async (body: unknown) => {
  const response = await postJson("/v1/predict", body);
  return { status: response.status, text: await response.text() };
};

describe("200 concurrent distinct requests", () => {
  it("answer as the same requests sent one by one", async () => {
    const sequential = [];
    for (const body of bodies) sequential.push(await answer(body));
    expect(sequential.every((a) => a.status === 200)).toBe(true);
    const concurrent = await Promise.all(bodies.map(answer));
    expect(concurrent).toEqual(sequential);
  });
});
