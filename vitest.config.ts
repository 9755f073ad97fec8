import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-pool-workers";
import { defineConfig, type TestProjectInlineConfiguration } from "vitest/config";

// Worker tests apply the D1 migrations themselves (test/worker/setup.ts) and drive the queue consumer
// with cloudflare:test's message batches, so no local queue consumer runs beside them.
const migrations = await readD1Migrations("./migrations");

const workerd = () =>
  cloudflareTest({
    main: "./functions/index.ts",
    wrangler: { configPath: "./wrangler.toml" },
    miniflare: {
      bindings: {
        TEST_MIGRATIONS: migrations,
        ADMIN_TOKEN: "test-admin-token",
        // small shards and bodies: several shards from a few pairs, the size limit within reach
        JOB_SHARD_PAIRS: "4",
        JOB_MAX_BODY_BYTES: "200000",
      },
      // messages go to a queue nothing consumes: the tests deliver them (cloudflare:test batches)
      queueProducers: { JOBS_QUEUE: { queueName: "lmi-edge-shards-undelivered" } },
    },
  });

const TIMEOUTS = { testTimeout: 120_000, hookTimeout: 120_000 };

/** A project whose files run in workerd, with the worker's bindings. */
const workerdProject = (test: NonNullable<TestProjectInlineConfiguration["test"]>): TestProjectInlineConfiguration => ({
  plugins: [workerd()],
  test: { ...test, ...TIMEOUTS },
});

const ISOLATE_PER_FILE = ["test/worker/concurrency.test.ts", "test/worker/memory.test.ts", "test/worker/tier.test.ts"];

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "node",
          environment: "node",
          include: ["test/**/*.test.ts", "scripts/**/*.test.ts"],
          exclude: ["test/worker/**"],
          ...TIMEOUTS,
        },
      },
      // one workerd isolate, app loaded and model session open, for every file: loading the app is
      // most of a worker test file's time. Storage carries over from file to file too: each file's
      // plans, keys and species sets go by names of its own
      workerdProject({
        name: "worker",
        isolate: false,
        setupFiles: ["./test/worker/setup.ts"],
        include: ["test/worker/**/*.test.ts"],
        exclude: [...ISOLATE_PER_FILE],
      }),
      // what one isolate does, fresh (its first predicts, its wasm memories, its load): a workerd of
      // its own each; in the shared isolate the load test ran several times slower
      workerdProject({ name: "worker-fresh", setupFiles: ["./test/worker/setup.ts"], include: [...ISOLATE_PER_FILE] }),
      // the functions' own unit tests, in workerd too, without the worker tests' setup: they never
      // call the app, and loading it with its model session is most of a worker test file's time
      workerdProject({ name: "worker-unit", include: ["functions/**/*.test.ts"] }),
    ],
  },
});
