import type { TimingVariables } from "hono/timing";
import type { Runtime } from "../runtime.ts";
import type { SpeciesStorage } from "../species/store.ts";

/** Hono environment of the app: handlers reach the runtime as c.var.runtime, storage as c.env. */
export interface AppEnv {
  Bindings: { SPECIES?: SpeciesStorage };
  Variables: { runtime: Runtime } & TimingVariables;
}
