// The README's fault table names every problem type the API documents.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { PROBLEMS, problemType, type ProblemKind } from "../../functions/api/problems.ts";
import { repoRoot } from "../../scripts/lib/paths.ts";

describe("README", () => {
  it("lists every problem type with its status", () => {
    const readme = readFileSync(join(repoRoot, "README.md"), "utf8");
    for (const kind of Object.keys(PROBLEMS) as ProblemKind[]) {
      expect(readme).toMatch(new RegExp(`\\| ${PROBLEMS[kind].status} \\| \`${problemType(kind)}\` \\|`));
    }
  });
});
