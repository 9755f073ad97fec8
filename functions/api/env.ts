import type { Runtime } from "../runtime.ts";

/** Hono environment of the app: handlers reach the runtime as c.var.runtime. */
export interface AppEnv {
  Variables: { runtime: Runtime };
}
