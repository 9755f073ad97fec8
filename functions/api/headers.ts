// Headers every answer carries: no content sniffing, and no caching of computed answers (a cached
// prediction would outlive a model update). The contract and docs set their own, shorter-lived cache.
import type { MiddlewareHandler } from "hono";

/** The OpenAPI document and docs page change only with a deployment. */
export const CONTRACT_CACHE_CONTROL = "public, max-age=300";

export const responseHeaders: MiddlewareHandler = async (c, next) => {
  await next();
  c.header("X-Content-Type-Options", "nosniff");
  if (!c.res.headers.has("Cache-Control")) c.header("Cache-Control", "no-store");
};
