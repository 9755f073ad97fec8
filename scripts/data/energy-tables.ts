// npm run energy:tables -- --par FILE [--out assembly/energy/turner1999.json]
// Turns a ViennaRNA v2.0 parameter file (e.g. rna_turner1999.par, the Turner 1999 nearest-neighbour
// set of Mathews et al., J Mol Biol 288:911, 1999) into the compact free-energy tables the duplex
// kernel reads: dcal/mol at 37 °C, bases A C G U = 0..3, pair types CG GC GU UG AU UA = 0..5.
import { readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { parseCli, runCli } from "../lib/cli.ts";

const PAIRS = ["CG", "GC", "GU", "UG", "AU", "UA"] as const;
const BASES = "ACGU";
const INF = 10000; // "no such loop": larger than any duplex can recover

interface Sections {
  [name: string]: { comment?: string; rows: number[][] }[];
}

function parseSections(text: string): Sections {
  const sections: Sections = {};
  let current: Sections[string] | undefined;
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (line.startsWith("# ")) {
      current = sections[line.slice(2).trim()] = [{ rows: [] }];
      continue;
    }
    if (!current || line === "") continue;
    const comment = /^\/\*\s*(.*?)\s*\*\/$/.exec(line);
    if (comment) {
      const last = current[current.length - 1]!;
      if (last.rows.length === 0 && last.comment === undefined) last.comment = comment[1];
      else current.push({ comment: comment[1], rows: [] });
      continue;
    }
    const values = line.split(/\s+/).map((v) => (v === "INF" ? INF : Number(v)));
    if (values.some((v) => Number.isNaN(v))) continue;
    current[current.length - 1]!.rows.push(values);
  }
  return sections;
}

function section(sections: Sections, name: string) {
  const s = sections[name];
  if (!s) throw new Error(`parameter file has no "# ${name}" section`);
  return s;
}

/** Blocks of a section keyed by their comment, e.g. "CG.AA..GC". */
function blocks(sections: Sections, name: string): Map<string, number[][]> {
  return new Map(section(sections, name).map((b) => [b.comment ?? "", b.rows]));
}

function build(text: string) {
  const s = parseSections(text);
  const stackRows = section(s, "stack")[0]!.rows;
  const stack = PAIRS.flatMap((_, a) => PAIRS.map((_, b) => stackRows[a]![b]!));
  const perPairBase = (name: string) =>
    PAIRS.flatMap((_, t) => [1, 2, 3, 4].map((c) => section(s, name)[0]!.rows[t]![c]!));
  const mismatchRows = section(s, "mismatch_internal")[0]!.rows; // 7 blocks of 5 rows (@ACGU)
  const mismatchInternal = PAIRS.flatMap((_, t) =>
    [1, 2, 3, 4].flatMap((a) => [1, 2, 3, 4].map((b) => mismatchRows[t * 5 + a]![b]!)),
  );
  const int11Blocks = blocks(s, "int11");
  const int11 = PAIRS.flatMap((p1) =>
    PAIRS.flatMap((p2) => {
      const rows = int11Blocks.get(`${p1}..${p2}`);
      if (!rows) throw new Error(`int11 block ${p1}..${p2} missing`);
      return [1, 2, 3, 4].flatMap((a) => [1, 2, 3, 4].map((b) => rows[a]![b]!));
    }),
  );
  const int21Blocks = blocks(s, "int21");
  const int21 = PAIRS.flatMap((p1) =>
    PAIRS.flatMap((p2) =>
      [...BASES].flatMap((x) => {
        const rows = int21Blocks.get(`${p1}.${x}..${p2}`);
        if (!rows) throw new Error(`int21 block ${p1}.${x}..${p2} missing`);
        return [1, 2, 3, 4].flatMap((a) => [1, 2, 3, 4].map((b) => rows[a]![b]!));
      }),
    ),
  );
  const int22Blocks = blocks(s, "int22");
  const int22 = PAIRS.flatMap((p1) =>
    PAIRS.flatMap((p2) =>
      [...BASES].flatMap((x) =>
        [...BASES].flatMap((y) => {
          const rows = int22Blocks.get(`${p1}.${x}${y}..${p2}`);
          if (!rows) throw new Error(`int22 block ${p1}.${x}${y}..${p2} missing`);
          return rows.slice(0, 4).flatMap((r) => r.slice(0, 4));
        }),
      ),
    ),
  );
  const loop = (name: string) => section(s, name)[0]!.rows.flat().slice(0, 31);
  return {
    source:
      "Turner 1999 nearest-neighbour free energies at 37 °C (Mathews, Sabina, Zuker & Turner, J Mol Biol 288:911, 1999), converted from ViennaRNA's rna_turner1999.par by scripts/data/energy-tables.ts",
    units: "dcal/mol",
    inf: INF,
    pairs: PAIRS,
    bases: BASES,
    layout: {
      stack: "[outer pair][inner pair read from the inner side] (6×6)",
      dangle5: "[pair][base 5′ of the pair's first base] (6×4)",
      dangle3: "[pair][base 3′ of the pair's second base] (6×4)",
      mismatchInternal: "[pair][base 3′ of first][base 5′ of second] (6×4×4)",
      int11: "[outer pair][inner pair reversed][x][y] (6×6×4×4)",
      int21: "[outer pair][inner pair reversed][x][y][z] (6×6×4×4×4)",
      int22: "[outer pair][inner pair reversed][w][x][y][z] (6×6×4×4×4×4)",
      bulge: "initiation by size 0..30",
      internal: "initiation by total size 0..30",
    },
    stack,
    dangle5: perPairBase("dangle5"),
    dangle3: perPairBase("dangle3"),
    mismatchInternal,
    int11,
    int21,
    int22,
    bulge: loop("bulge"),
    internal: loop("internal"),
  };
}

const usage = "usage: npm run energy:tables -- --par FILE [--out FILE]";

runCli(() => {
  const { values } = parseCli(usage, { par: { type: "string" }, out: { type: "string" } });
  if (values.help) return console.log(usage);
  if (!values.par) throw new Error(`no --par given\n\n${usage}`);
  const tables = build(readFileSync(resolve(values.par), "utf8"));
  const out = resolve(values.out ?? "assembly/energy/turner1999.json");
  writeFileSync(out, JSON.stringify(tables) + "\n");
  console.log(
    `wrote ${out}: ${tables.int22.length} int22, ${tables.int21.length} int21, ${tables.int11.length} int11 values`,
  );
});
