// The worker's app over the Node serving runtime (same kernels, models and routes; one kernel
// instance shared, as in the worker; species sets from no storage), and a JSON POST timed in this
// process's CPU seconds: what the work-budget bench and its test measure.
import { createApp } from "../../functions/app.ts";
import { SpeciesCatalog } from "../../functions/species/store.ts";
import { ReferenceStore } from "../../functions/species/reference.ts";
import { loadEncoders } from "./kernels-node.ts";
import { nodeModelRegistry } from "./node-runtime.ts";
import { modelsDir } from "./paths.ts";

export type NodeApp = ReturnType<typeof createApp>;

export function nodeApp(): NodeApp {
  const encoders = loadEncoders();
  const runtime = {
    encoders,
    models: nodeModelRegistry(modelsDir, encoders),
    species: new SpeciesCatalog(encoders),
    references: new ReferenceStore(encoders),
  };
  return createApp(() => runtime);
}

/** The answer to a JSON POST, read whole, and the CPU seconds this process spent on it; `env` as the worker's bindings. */
export async function timedJsonPost(
  app: NodeApp,
  path: string,
  body: unknown,
  env?: object,
): Promise<{ response: Response; text: string; cpu: number }> {
  const json = JSON.stringify(body);
  const before = process.cpuUsage();
  const response = await app.request(
    path,
    { method: "POST", headers: { "Content-Type": "application/json" }, body: json },
    env,
  );
  const text = await response.text();
  const used = process.cpuUsage(before);
  return { response, text, cpu: (used.user + used.system) / 1e6 };
}
