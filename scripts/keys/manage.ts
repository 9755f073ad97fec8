// npm run keys -- create|list|revoke: API keys in the D1 key store. `create` prints the key once (only
// its SHA-256 is stored); `list` shows ids, hints and plans; `revoke ID` ends a key at once.
import { parseArgs } from "node:util";
import type { KeyKind } from "../../functions/keys/format.ts";
import { fail, runCli } from "../lib/cli.ts";
import { applyMigrations, createKeyIn, execute, type D1Target } from "./d1.ts";

const usage = `usage: npm run keys -- COMMAND [options] [--remote | --persist-to DIR]
  create --name NAME [--plan free|standard|dev] [--kind secret|publishable] [--origin URL]...
                    a new key, printed once (default plan: free; kind: secret)
  list              every key: id, kind, hint, name, plan, created, revoked
  revoke ID         revoke a key by its id (key_…)
  --remote          the deployed database (wrangler login; apply migrations/ there first)
  --persist-to DIR  local storage folder (default: wrangler's .wrangler/state)`;

runCli(async () => {
  const [command, ...args] = process.argv.slice(2);
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      name: { type: "string" },
      plan: { type: "string" },
      kind: { type: "string" },
      origin: { type: "string", multiple: true },
      remote: { type: "boolean" },
      "persist-to": { type: "string" },
      help: { type: "boolean" },
    },
  });
  if (values.help || !command) return console.log(usage);
  const target: D1Target = {
    remote: values.remote ?? false,
    ...(values["persist-to"] ? { persistTo: values["persist-to"] } : {}),
  };
  if (command === "create") {
    if (!values.name) fail(`create needs --name\n\n${usage}`);
    const kind = (values.kind ?? "secret") as KeyKind;
    if (kind !== "secret" && kind !== "publishable") fail(`--kind is secret or publishable, not ${values.kind}`);
    if (kind === "publishable" && !values.origin?.length) fail("a publishable key needs at least one --origin");
    const { id, key } = await createKeyIn(target, {
      name: values.name,
      plan: values.plan ?? "free",
      kind,
      ...(values.origin ? { origins: values.origin } : {}),
    });
    console.log(`created ${id} (${kind}, plan ${values.plan ?? "free"}); the key, shown this once:\n${key}`);
  } else if (command === "list") {
    if (!target.remote) applyMigrations(target);
    const rows = execute(
      "SELECT id, kind, hint, name, plan, created_at, revoked_at FROM api_keys ORDER BY created_at",
      [],
      target,
    );
    console.table(rows);
  } else if (command === "revoke") {
    const id = positionals[0];
    if (!id) fail(`revoke needs a key id\n\n${usage}`);
    const rows = execute<{ id: string }>(
      "UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL RETURNING id",
      [new Date().toISOString(), id],
      target,
    );
    if (rows.length === 0) fail(`no live key ${id}`);
    console.log(`revoked ${id}`);
  } else fail(`unknown command ${command}\n\n${usage}`);
});
