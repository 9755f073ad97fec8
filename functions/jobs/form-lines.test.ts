// The streaming form reader against forms as the platform's own FormData writes them.
import { describe, expect, it } from "vitest";
import { formLines, type BodyLine, type FormEvent } from "./form-lines.ts";

async function* linesOf(text: string): AsyncGenerator<BodyLine> {
  let line = 0;
  for (const part of text.split("\n")) yield { text: part.endsWith("\r") ? part.slice(0, -1) : part, line: ++line };
}

const events = async (text: string, boundary: string) => {
  const out: FormEvent[] = [];
  for await (const event of formLines(linesOf(text), boundary)) out.push(event);
  return out;
};

describe("formLines", () => {
  it("reads the parts of a FormData body with their lines, numbered within each part", async () => {
    const form = new FormData();
    form.append("mirna", new File([">m1\nACGU\n"], "m.fa"));
    form.append("pairing", "zip");
    form.append("lncrna", new File([">l1\r\nAC\r\nGU"], "l.fa"));
    const request = new Request("http://x/", { method: "POST", body: form });
    const boundary = /boundary=(.+)$/.exec(request.headers.get("Content-Type")!)![1]!;
    const got = await events(await request.text(), boundary);
    const parts = got.filter((e) => "kind" in e && e.kind === "part");
    expect(parts.map((p) => "name" in p && [p.name, p.filename])).toEqual([
      ["mirna", "m.fa"],
      ["pairing", undefined],
      ["lncrna", "l.fa"],
    ]);
    const lines = got.flatMap((e) => ("kind" in e && e.kind === "line" ? [`${e.part}:${e.line}:${e.text}`] : []));
    expect(lines).toEqual([
      "mirna:1:>m1",
      "mirna:2:ACGU",
      "mirna:3:",
      "pairing:1:zip",
      "lncrna:1:>l1",
      "lncrna:2:AC",
      "lncrna:3:GU",
    ]);
  });

  it("reports a body cut off before its closing boundary, and a part without a name", async () => {
    const cut = await events('--b\r\nContent-Disposition: form-data; name="mirna"\r\n\r\n>m\r\nACGU', "b");
    expect(cut.at(-1)).toMatchObject({ kind: "malformed", line: 5 });
    const nameless = await events("--b\r\nContent-Type: text/plain\r\n\r\nx\r\n--b--\r\n", "b");
    expect(nameless).toEqual([expect.objectContaining({ kind: "malformed", line: 2 })]);
    expect(await events("no boundary here", "b")).toEqual([expect.objectContaining({ kind: "malformed" })]);
  });
});
