// npm start's key step: applies the D1 migrations to local storage and prints a fresh development
// key (plan dev) for the paid routes of the local service.
import { runCli } from "../lib/cli.ts";
import { createKeyIn } from "./d1.ts";

runCli(async () => {
  const { key } = await createKeyIn(
    {},
    { name: `development ${new Date().toISOString()}`, plan: "dev", kind: "secret" },
  );
  console.log(`\ndevelopment API key (plan dev, local only):\n  export LMI_KEY=${key}\n`);
});
