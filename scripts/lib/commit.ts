// Which code a report was measured on: the commit, and whether the measured paths differed from it.
import { execFileSync } from "node:child_process";
import { repoRoot } from "./paths.ts";

/** "abc1234", or "abc1234, with uncommitted changes in functions/, models/" when those paths are dirty. */
export function describeCommit(measuredPaths: string[]): string {
  const git = (...args: string[]) => execFileSync("git", args, { cwd: repoRoot, encoding: "utf8" }).trim();
  const commit = git("rev-parse", "--short", "HEAD");
  const dirty = measuredPaths.filter((path) => git("status", "--porcelain", "--", path) !== "");
  return dirty.length === 0 ? commit : `${commit}, with uncommitted changes in ${dirty.join(", ")}`;
}
