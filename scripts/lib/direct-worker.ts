// The worker in workerd without wrangler's dev proxy: the upload bundle (`wrangler deploy --dry-run`)
// run through the Miniflare API with the bindings wrangler.toml declares, so that requests reach the
// worker over one HTTP hop and a client sees what the worker's workerd did. The dev proxy adds a
// second hop (its workerd to the worker's): when that connection is lost it answers a POST with 503
// "Your worker restarted mid-request" whatever the cause, and it reloads the worker whenever a
// bundled file is rewritten (e.g. build:kernels in the same checkout).
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Miniflare, type MiniflareOptions } from "miniflare";
import { unstable_getMiniflareWorkerOptions } from "wrangler";
import { repoRoot } from "./paths.ts";
import { bundleWorker } from "./worker-bundle.ts";

interface WorkerdMemory {
  rssMB: number;
  peakMB: number;
}

export interface DirectWorker {
  url: URL;
  /** workerd's resident and peak resident memory now. */
  memory(): WorkerdMemory;
  dispose(): Promise<void>;
}

/** The bundle's modules, listed for Miniflare (the ORT glue's dynamic imports defeat its module search). */
function bundleModules(outdir: string): MiniflareOptions["modules"] {
  const type = (file: string) => (file.endsWith(".js") ? "ESModule" : file.endsWith(".wasm") ? "CompiledWasm" : "Data");
  const files = readdirSync(outdir).filter((f) => /\.(js|wasm|onnx|bin)$/.test(f));
  return ["index.js", ...files.filter((f) => f !== "index.js")].map((f) => ({ type: type(f), path: join(outdir, f) }));
}

/** workerd's resident and peak resident memory in MB (Linux /proc), found among this process's children. */
function workerdMemory(): WorkerdMemory {
  const ps = spawnSync("ps", ["-o", "pid=,comm=", "--ppid", String(process.pid)], { encoding: "utf8" }).stdout;
  const pid = ps
    .split("\n")
    .map((line) => line.trim().split(/\s+/))
    .find(([, comm]) => comm === "workerd")?.[0];
  if (!pid) throw new Error("no workerd process found among this process's children");
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? NaN);
  return { rssMB: kb("VmRSS") / 1024, peakMB: kb("VmHWM") / 1024 };
}

/** Bundles the worker and serves it from workerd on a free local port. */
export async function startDirectWorker(): Promise<DirectWorker> {
  const outdir = mkdtempSync(join(tmpdir(), "lmi-direct-"));
  let mf: Miniflare | undefined;
  try {
    bundleWorker(outdir);
    const { workerOptions } = unstable_getMiniflareWorkerOptions(join(repoRoot, "wrangler.toml"));
    mf = new Miniflare({
      ...(workerOptions as MiniflareOptions),
      modulesRoot: outdir,
      modules: bundleModules(outdir),
      host: "127.0.0.1",
      port: 0,
    } as MiniflareOptions);
    const url = await mf.ready;
    const started = mf;
    return {
      url,
      memory: workerdMemory,
      dispose: async () => {
        await started.dispose();
        rmSync(outdir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await mf?.dispose();
    rmSync(outdir, { recursive: true, force: true });
    throw error;
  }
}
