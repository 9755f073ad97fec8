// Running wrangler from scripts: the CLI path, and `wrangler dev` as a child process (a fresh
// workerd each start) that is waited for and stopped with its whole process group.
import { spawn, type ChildProcess } from "node:child_process";
import { createRequire } from "node:module";
import { connect } from "node:net";
import { dirname, join } from "node:path";
import { repoRoot } from "./paths.ts";

export const wranglerCli = () =>
  join(dirname(createRequire(import.meta.url).resolve("wrangler/package.json")), "bin", "wrangler.js");

export interface DevServer {
  url: string;
  /** Milliseconds from spawning wrangler until it printed "Ready". */
  readyMs: number;
  stop(): Promise<void>;
}

const portOpen = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(port, "127.0.0.1");
    socket.once("connect", () => (socket.destroy(), resolve(true)));
    socket.once("error", () => resolve(false));
  });

/**
 * Starts `wrangler dev` on 127.0.0.1:port; resolves once it reports ready and the port accepts.
 * `vars` override the worker's variables (e.g. smaller job limits for a test).
 */
export async function startDev(
  port: number,
  persistTo: string,
  timeoutMs = 120_000,
  vars: Record<string, string> = {},
): Promise<DevServer> {
  if (await portOpen(port)) throw new Error(`port ${port} is already in use; pick another with --port`);
  const started = performance.now();
  const child: ChildProcess = spawn(
    process.execPath,
    [
      wranglerCli(),
      "dev",
      "--ip",
      "127.0.0.1",
      "--port",
      String(port),
      "--persist-to",
      persistTo,
      "--inspector-port",
      String(port + 1000),
      "--log-level",
      "info",
      "--show-interactive-dev-session=false",
      ...Object.entries(vars).flatMap(([name, value]) => ["--var", `${name}:${value}`]),
    ],
    {
      cwd: repoRoot,
      env: { ...process.env, WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false", FORCE_COLOR: "0" },
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let output = "";
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once("exit", () => resolve());
      try {
        process.kill(-child.pid!, "SIGTERM");
      } catch {
        resolve();
      }
      setTimeout(() => {
        try {
          process.kill(-child.pid!, "SIGKILL");
        } catch {
          /* already gone */
        }
      }, 5000).unref();
    });
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`wrangler dev did not start within ${timeoutMs} ms:\n${output}`)),
        timeoutMs,
      );
      // "Ready on" is printed once workerd serves the worker (the port may open earlier)
      const poll = setInterval(async () => {
        if (/Ready on/.test(output) && (await portOpen(port))) {
          clearInterval(poll);
          clearTimeout(timer);
          resolve();
        }
      }, 10);
      child.once("exit", (code) => {
        clearInterval(poll);
        clearTimeout(timer);
        reject(new Error(`wrangler dev exited with ${code}:\n${output}`));
      });
      for (const stream of [child.stdout!, child.stderr!])
        stream.on("data", (chunk: Buffer) => (output += chunk.toString()));
    });
  } catch (error) {
    await stop();
    throw error;
  }
  return { url: `http://127.0.0.1:${port}`, readyMs: performance.now() - started, stop };
}
