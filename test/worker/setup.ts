// Every worker test file starts with the D1 schema applied (idempotent: applied migrations are recorded)
// and the default model's onnxruntime-web session open, so that its answers come from one engine
// (test/worker/tier.test.ts tests the light engine tier, with a runtime of its own). Each isolate
// tracks its wasm memories from the start (test/worker/memory.test.ts adds them up). The files of the
// shared isolate (vitest.config.ts) run this too: after the first, both are already done.
import { applyD1Migrations } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { trackWasmMemories } from "../../scripts/lib/isolate-memory.ts";
import { untilOnnxAnswers } from "../onnx-session.ts";

trackWasmMemories();

await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
await untilOnnxAnswers((url, init) => exports.default.fetch(url, init), "http://lmi.test/v1/predict");
