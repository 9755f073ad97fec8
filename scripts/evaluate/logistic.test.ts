import { describe, expect, it } from "vitest";
import { fitLogistic } from "./logistic.ts";
import { rocAuc } from "./metrics.ts";
import { seededRandom } from "../lib/generators.ts";

describe("logistic regression", () => {
  it("learns a planted linear rule on the chosen columns and ignores the others", () => {
    const random = seededRandom(5);
    const n = 600;
    const dims = 4;
    const matrix = new Float32Array(n * dims);
    const labels = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < dims; j++) matrix[i * dims + j] = random() * 10;
      labels[i] = matrix[i * dims + 1]! - 2 * matrix[i * dims + 3]! + (random() - 0.5) > -5 ? 1 : 0;
    }
    const model = fitLogistic(matrix, dims, [1, 3], labels);
    expect(model.weights[0]).toBeGreaterThan(0);
    expect(model.weights[1]).toBeLessThan(0);
    expect(model.weights[1]! / model.weights[0]!).toBeCloseTo(-2, 0);
    expect(rocAuc(model.predict(matrix), Array.from(labels) as (0 | 1)[])).toBeGreaterThan(0.97);
    // column 0 alone carries nothing
    expect(
      rocAuc(fitLogistic(matrix, dims, [0], labels).predict(matrix), Array.from(labels) as (0 | 1)[]),
    ).toBeLessThan(0.6);
  });
});
