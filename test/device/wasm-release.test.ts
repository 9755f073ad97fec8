// Dropping tfjs's wasm backend frees its memory only when every wasm kernel is set up again against
// the released backend (releaseWasmBackend): tfjs's removeBackend alone leaves each kernel's
// module variable holding the glue's functions, whose closures hold the module's memory. Checked in
// a child process, where --expose-gc lets the test collect garbage at will.
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../../scripts/lib/paths.ts";

const run = promisify(execFile);

async function dropIn(how: "remove" | "release") {
  const child = join(repoRoot, "test", "device", "wasm-release-child.ts");
  const { stdout } = await run(process.execPath, ["--expose-gc", "--import", "tsx", child], {
    cwd: repoRoot,
    env: { ...process.env, LMI_DROP: how },
    encoding: "utf8",
  });
  return JSON.parse(stdout.trim().split("\n").pop()!) as {
    memories: number;
    collected: boolean;
    first: number;
    again?: number;
  };
}

describe("tfjs's wasm backend, dropped", () => {
  it("by removeBackend alone, keeps its memory", async () => {
    const dropped = await dropIn("remove");
    expect(dropped.memories).toBeGreaterThanOrEqual(1);
    expect(dropped.collected).toBe(false);
  });

  it("by releaseWasmBackend, lets its memory be collected, and starts again", async () => {
    const dropped = await dropIn("release");
    expect(dropped.memories).toBeGreaterThanOrEqual(1);
    expect(dropped.collected).toBe(true);
    expect(dropped.again).toBe(dropped.first);
  });
});
