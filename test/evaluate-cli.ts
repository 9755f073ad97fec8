// `npm run evaluate` as a user runs it, in a child process that does not block the test's process:
// tests may run several side by side.
import { spawn } from "node:child_process";
import { repoRoot } from "../scripts/lib/paths.ts";

export interface EvaluateRun {
  code: number | null;
  out: string;
  err: string;
}

/** Runs scripts/evaluate/benchmark.ts with `args` and the data dir `dataDir`; resolves once it exits. */
export function evaluateCli(args: string[], dataDir: string): Promise<EvaluateRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "scripts/evaluate/benchmark.ts", ...args], {
      cwd: repoRoot,
      env: { ...process.env, LMI_DATA_DIR: dataDir },
    });
    let out = "";
    let err = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (out += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (err += chunk));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, out, err }));
  });
}
