// The README documents what the code has: every problem type in the fault table, and every folder
// (top level, functions/ and scripts/) in the layout section.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { PROBLEMS, problemType, type ProblemKind } from "../../functions/api/problems.ts";
import { repoRoot } from "../../scripts/lib/paths.ts";

const readme = readFileSync(join(repoRoot, "README.md"), "utf8");

/** The text of the README section whose heading starts with `title`, up to the next heading of its level. */
function section(title: string): string {
  const start = readme.indexOf(`\n## ${title}`);
  if (start < 0) throw new Error(`README has no "## ${title}" section`);
  const end = readme.indexOf("\n## ", start + 1);
  return readme.slice(start, end < 0 ? undefined : end);
}

/** Tracked entries of a folder: what a fresh clone holds (build outputs and dependencies are ignored). */
function entries(folder: string): string[] {
  const ignored = new Set(["node_modules", "build", ".wrangler", ".git"]);
  return readdirSync(join(repoRoot, folder), { withFileTypes: true })
    .filter((e) => !e.name.startsWith(".") && !ignored.has(e.name))
    .filter((e) => e.isDirectory() || folder !== "")
    .map((e) => (e.isDirectory() ? `${e.name}/` : e.name));
}

describe("README", () => {
  it("lists every problem type with its status", () => {
    for (const kind of Object.keys(PROBLEMS) as ProblemKind[]) {
      expect(readme).toMatch(new RegExp(`\\| ${PROBLEMS[kind].status} \\| \`${problemType(kind)}\` \\|`));
    }
  });

  it.each(["", "functions", "scripts"])("names every entry of %s/ in its layout section", (folder) => {
    const layout = section("Layout");
    const missing = entries(folder).filter((name) => !layout.includes(`\`${folder ? `${folder}/` : ""}${name}\``));
    expect(missing).toEqual([]);
  });
});
