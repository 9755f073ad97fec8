// Paid routes: a secret API key in `Authorization: Bearer lmi_sk_…`, checked against the key store,
// then the plan's rate limit (a Workers rate-limiting binding keyed by the key id). Faults are
// problems: 401 without a valid key, 403 for a publishable key, 429 over the rate. Predict and screen
// stay open without a key; a key sent there is checked, a publishable one against its origins and
// daily quota.
import type { Context, MiddlewareHandler } from "hono";
import type { D1 } from "../jobs/bindings.ts";
import { countDailyRequest, findKey, type ApiKey } from "../keys/store.ts";
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

const CHALLENGE = { "WWW-Authenticate": 'Bearer realm="lmi-edge"' };

/** The key a request presents, or the problem response that refuses it. */
async function presentedKey(c: Context<AppEnv>, text: string): Promise<ApiKey | Response> {
  const found = await findKey(requireDatabase(c), text);
  if (found.ok) return found.key;
  const why = {
    malformed: "is not a well-formed lmi-edge key (its prefix, length or checksum is wrong)",
    unknown: "is not a key of this deployment",
    revoked: "has been revoked",
  }[found.reason];
  return problemResponse(c, "unauthorized", `the API key ${why}`, { reason: found.reason }, CHALLENGE);
}

/** The plan's per-minute rate (a rate-limiting binding keyed by key id), or the 429 that refuses it. */
async function withinRate(c: Context<AppEnv>, key: ApiKey): Promise<Response | undefined> {
  const limiter = c.env[key.rateBinding as "RATE_FREE" | "RATE_STANDARD"];
  if (!limiter || (await limiter.limit({ key: key.id })).success) return undefined;
  return problemResponse(
    c,
    "rate-limited",
    `the ${key.plan} plan's request rate is used up; retry in ${RETRY_AFTER_S} s`,
    { plan: key.plan, retryAfter: RETRY_AFTER_S },
    { "Retry-After": String(RETRY_AFTER_S) },
  );
}

export const requireSecretKey: MiddlewareHandler<AppEnv> = async (c, next) => {
  requireDatabase(c);
  const text = bearer(c.req.header("Authorization"));
  if (!text)
    return problemResponse(
      c,
      "unauthorized",
      "this route needs a secret API key: send `Authorization: Bearer lmi_sk_…` (keys are made with `npm run keys -- create`)",
      {},
      CHALLENGE,
    );
  const key = await presentedKey(c, text);
  if (key instanceof Response) return key;
  if (key.kind !== "secret")
    return problemResponse(c, "key-not-allowed", "publishable keys may call only /v1/predict and /v1/screen", {
      kind: key.kind,
    });
  const refused = await withinRate(c, key);
  if (refused) return refused;
  c.set("apiKey", key);
  await next();
};

/** Seconds until the next 00:00 UTC, when daily quotas reset. */
const secondsToUtcMidnight = (now: Date) =>
  Math.ceil((Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1) - now.getTime()) / 1000);

/**
 * /v1/predict and /v1/screen: open without a key; with one, the key must be valid, a publishable key
 * only from one of its origins (the browser's `Origin`) and within its plan's daily quota, and any key
 * within its plan's rate.
 */
export const optionalKey: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (c.req.method === "OPTIONS") return next();
  const text = bearer(c.req.header("Authorization"));
  if (!text) return next();
  const key = await presentedKey(c, text);
  if (key instanceof Response) return key;
  if (key.kind === "publishable") {
    const origin = c.req.header("Origin");
    const allowed = key.origins ?? [];
    if (!origin || !allowed.includes(origin))
      return problemResponse(
        c,
        "origin-not-allowed",
        `this publishable key works only from ${allowed.join(", ") || "no origin"}; the request came from ${origin ?? "no page (no Origin header)"}`,
        { origin: origin ?? null, allowed },
      );
    if (key.dailyRequests !== null) {
      const now = new Date();
      const count = await countDailyRequest(requireDatabase(c), key.id, now);
      if (count > key.dailyRequests) {
        const wait = secondsToUtcMidnight(now);
        return problemResponse(
          c,
          "daily-quota-exceeded",
          `this key's ${key.plan} plan allows ${key.dailyRequests} requests a day; it resets at 00:00 UTC`,
          { plan: key.plan, limit: key.dailyRequests, retryAfter: wait },
          { "Retry-After": String(wait) },
        );
      }
    }
  }
  const refused = await withinRate(c, key);
  if (refused) return refused;
  c.set("apiKey", key);
  await next();
};
