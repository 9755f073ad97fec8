// Paid routes: a secret API key in `Authorization: Bearer lmi_sk_…`, checked against the key store,
// then the plan's rate limit (a Workers rate-limiting binding keyed by the key id). Faults are
// problems: 401 without a valid key, 403 for a publishable key, 429 over the rate.
import type { Context, MiddlewareHandler } from "hono";
import type { D1 } from "../jobs/bindings.ts";
import { findKey } from "../keys/store.ts";
import type { AppEnv } from "./env.ts";
import { ProblemError, problemResponse } from "./problems.ts";

/** The seconds a caller over the rate is told to wait: the rate limiter's period. */
const RETRY_AFTER_S = 60;

export function requireDatabase(c: Context<AppEnv>): D1 {
  if (!c.env?.DB) throw new ProblemError("jobs-unavailable", "this deployment has no D1 database bound as DB");
  return c.env.DB;
}

function bearer(header: string | undefined): string | undefined {
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header ?? "");
  return match?.[1];
}

export const requireSecretKey: MiddlewareHandler<AppEnv> = async (c, next) => {
  const db = requireDatabase(c);
  const text = bearer(c.req.header("Authorization"));
  const challenge = { "WWW-Authenticate": 'Bearer realm="lmi-edge"' };
  if (!text)
    return problemResponse(
      c,
      "unauthorized",
      "this route needs a secret API key: send `Authorization: Bearer lmi_sk_…` (keys are made with `npm run keys -- create`)",
      {},
      challenge,
    );
  const found = await findKey(db, text);
  if (!found.ok) {
    const why = {
      malformed: "is not a well-formed lmi-edge key (its prefix, length or checksum is wrong)",
      unknown: "is not a key of this deployment",
      revoked: "has been revoked",
    }[found.reason];
    return problemResponse(c, "unauthorized", `the API key ${why}`, { reason: found.reason }, challenge);
  }
  const { key } = found;
  if (key.kind !== "secret")
    return problemResponse(c, "key-not-allowed", "publishable keys may call only /v1/predict and /v1/screen", {
      kind: key.kind,
    });
  const limiter = c.env[key.rateBinding as "RATE_FREE" | "RATE_STANDARD"];
  if (limiter && !(await limiter.limit({ key: key.id })).success)
    return problemResponse(
      c,
      "rate-limited",
      `the ${key.plan} plan's request rate is used up; retry in ${RETRY_AFTER_S} s`,
      { plan: key.plan, retryAfter: RETRY_AFTER_S },
      { "Retry-After": String(RETRY_AFTER_S) },
    );
  c.set("apiKey", key);
  await next();
};
