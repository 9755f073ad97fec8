// Shared command-line plumbing: argument parsing that names bad input, and a clean exit on error.
import { parseArgs, type ParseArgsConfig } from "node:util";

export function parseCli<T extends NonNullable<ParseArgsConfig["options"]>>(usage: string, options: T) {
  try {
    return parseArgs({ options: { ...options, help: { type: "boolean" } }, allowPositionals: false, strict: true });
  } catch (error) {
    fail(`${(error as Error).message}\n\n${usage}`);
  }
}

export function fail(message: string): never {
  console.error(`error: ${message}`);
  process.exit(2);
}

/** Runs main, printing a clear message (not a stack) and exiting non-zero on failure. */
export function runCli(main: () => Promise<void> | void): void {
  Promise.resolve()
    .then(main)
    .catch((error: unknown) => fail(error instanceof Error ? error.message : String(error)));
}

/** A --name option that must be a positive integer; the fallback when it is not given. */
export function positiveIntOption(name: string, value: string | undefined, fallback: number): number {
  const n = value === undefined ? fallback : Number(value);
  if (!Number.isInteger(n) || n < 1) fail(`--${name} must be a positive integer, got ${value}`);
  return n;
}
