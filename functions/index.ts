// Worker entry: the app with the workerd runtime (precompiled wasm modules, bundled models), behind
// the static assets (wrangler.toml [assets], run first by the worker): the widget, its device
// engine and the demo page answer GET and HEAD outside /v1/; everything else — other methods
// included — reaches the app, so every fault is a problem+json.
import type { ExecutionContext } from "hono";
import { createApp } from "./app.ts";
import { lazyRuntime } from "./runtime.ts";
import { createWorkerdRuntime } from "./runtime-workerd.ts";

const app = createApp(lazyRuntime(createWorkerdRuntime));

interface Env {
  /** Workers static assets; absent where none are configured. */
  ASSETS?: { fetch(request: Request): Promise<Response> };
}

export default {
  async fetch(request: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
    const reading = request.method === "GET" || request.method === "HEAD";
    if (env.ASSETS && reading && !new URL(request.url).pathname.startsWith("/v1/")) {
      const asset = await env.ASSETS.fetch(request);
      if (asset.status !== 404) return asset;
    }
    return app.fetch(request, env, ctx);
  },
};
