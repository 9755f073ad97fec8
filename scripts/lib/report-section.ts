// Reports that several scripts write into: each script owns one "## " section, replaced in place on
// a rerun (appended the first time), the rest of the file left as it was.
import { existsSync, readFileSync, writeFileSync } from "node:fs";

export function writeReportSection(file: string, heading: string, section: string): void {
  const previous = existsSync(file) ? readFileSync(file, "utf8") : "";
  const start = previous.indexOf(heading);
  let next = start < 0 ? -1 : previous.indexOf("\n## ", start + heading.length);
  if (start >= 0 && next < 0) next = previous.length;
  const updated =
    start < 0
      ? `${previous.trimEnd()}\n\n${section}`
      : `${previous.slice(0, start)}${section}${previous.slice(next).replace(/^\n+/, "\n")}`;
  writeFileSync(file, updated.endsWith("\n") ? updated : `${updated}\n`);
}

/**
 * The sections of a report that other scripts own — those whose heading names its script as
 * "(bench:name)" — so that a script rewriting the whole file can keep them.
 */
export function sectionsOwnedByOthers(report: string, owner: string): string {
  const sections = report.split(/\n(?=## )/).filter((s) => s.startsWith("## "));
  return sections
    .filter(
      (s) => /\((bench|evaluate):[\w-]+\)\s*$/.test(s.split("\n")[0]!) && !s.split("\n")[0]!.includes(`(${owner})`),
    )
    .map((s) => s.trimEnd())
    .join("\n\n");
}
