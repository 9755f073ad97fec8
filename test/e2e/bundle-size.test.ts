// The build fails when the worker, as `wrangler deploy --dry-run` bundles it, is over Cloudflare's
// 10 MiB (gzip) worker size limit.
import { describe, expect, it } from "vitest";
import { measureWorkerBundle, WORKER_GZIP_LIMIT } from "../../scripts/lib/worker-bundle.ts";

describe("worker bundle", () => {
  it("is at most 10 MiB gzip, with every module counted", () => {
    const bundle = measureWorkerBundle();
    const names = bundle.files.map((f) => f.name);
    expect(names).toEqual(
      expect.arrayContaining(["index.js", "ort-wasm-simd-threaded.wasm", "encoders.simd.wasm", "kmer-mlp.onnx"]),
    );
    expect(bundle.files.find((f) => f.name === "ort-wasm-simd-threaded.wasm")!.bytes).toBeGreaterThan(1_000_000);
    expect(
      bundle.gzipBytes,
      `${(bundle.gzipBytes / 2 ** 20).toFixed(2)} MiB gzip (${bundle.wranglerSummary})`,
    ).toBeLessThanOrEqual(WORKER_GZIP_LIMIT);
  });
});
