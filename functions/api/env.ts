import type { TimingVariables } from "hono/timing";
import type { JobBindings } from "../jobs/bindings.ts";
import type { ApiKey } from "../keys/store.ts";
import type { Runtime } from "../runtime.ts";
import type { SpeciesStorage } from "../species/store.ts";

/** Hono environment of the app: handlers reach the runtime as c.var.runtime, storage as c.env. */
export interface AppEnv {
  Bindings: { SPECIES?: SpeciesStorage } & JobBindings;
  Variables: { runtime: Runtime; apiKey: ApiKey } & TimingVariables;
}
