// Every worker test file starts with the D1 schema applied (idempotent: applied migrations are recorded).
import { applyD1Migrations } from "cloudflare:test";
import { env } from "cloudflare:workers";

await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
