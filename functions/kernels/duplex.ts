// Duplex results as the API and the featurizer see them, and the pieces of the binding that are
// pure TypeScript: the energy-table layout the kernel expects and the RNAhybrid-style diagram.
import { CODE_LETTERS, type Codes } from "./codes.ts";

/** Free-energy tables in the layout assembly/energy/*.json holds them (dcal/mol). */
export interface EnergyTables {
  stack: number[];
  dangle5: number[];
  dangle3: number[];
  mismatchInternal: number[];
  int11: number[];
  int21: number[];
  int22: number[];
  bulge: number[];
  internal: number[];
}

const TABLE_ORDER = [
  "stack",
  "dangle5",
  "dangle3",
  "mismatchInternal",
  "int11",
  "int21",
  "int22",
  "bulge",
  "internal",
] as const;
const TABLE_SIZES = [36, 24, 24, 96, 576, 2304, 9216, 31, 31];

/** The tables concatenated in the order assembly/duplex.ts indexes them. */
export function packEnergyTables(tables: EnergyTables): Int16Array {
  const packed = new Int16Array(TABLE_SIZES.reduce((a, b) => a + b, 0));
  let offset = 0;
  TABLE_ORDER.forEach((name, k) => {
    const values = tables[name];
    if (values.length !== TABLE_SIZES[k])
      throw new Error(`energy table ${name} has ${values.length} values, expected ${TABLE_SIZES[k]}`);
    packed.set(values, offset);
    offset += values.length;
  });
  return packed;
}

export interface DuplexOptions {
  /** Unpaired bases per side of an internal loop (RNAhybrid's -u; default 15). */
  maxInternalLoop?: number;
  /** Unpaired bases of a bulge (RNAhybrid's -v; default 15). */
  maxBulge?: number;
  /** Force one stacked helix over these miRNA nt (1-based, 5′→3′), e.g. [2, 7] or [2, 8] for the seed. */
  helix?: [number, number];
  /** How many non-overlapping sites to list, best first (default 1: the best only). */
  sites?: number;
}

export interface DuplexSite {
  /** Minimum free energy in kcal/mol (negative = favourable). */
  energy: number;
  /** 1-based inclusive span on the target of the paired region. */
  targetStart: number;
  targetEnd: number;
  /** 1-based inclusive span on the miRNA (5′→3′) of the paired region. */
  mirnaStart: number;
  mirnaEnd: number;
  /** Paired positions, 1-based: [target, miRNA]. */
  readonly pairs: Array<[number, number]>;
  /** RNAhybrid-style picture: target unpaired, target paired, miRNA paired, miRNA unpaired. */
  readonly diagram: [string, string, string, string];
}

export interface DuplexResult {
  /** The minimum free energy over the whole target, kcal/mol (0 when nothing pairs favourably). */
  energy: number;
  best: DuplexSite | null;
  /** Best non-overlapping sites, best first (the first is `best`); as many as asked for. */
  sites: DuplexSite[];
}

/**
 * The duplex drawn as RNAhybrid draws it: target 5′→3′ on top, miRNA 3′→5′ below, paired bases on
 * the two middle lines, unpaired ones outside; one flanking target base on each side.
 */
export function duplexDiagram(
  target: Codes,
  mirna: Codes,
  pairs: Array<[number, number]>,
): [string, string, string, string] {
  // pieces joined once at the end: a line grown by += stays a tree of one-character concatenations,
  // many times the heap of the flat string, for as long as the duplex is cached or answered
  const lines: Lines = [[], [], [], []];
  const [i0, j0] = pairs[0]!; // 0-based here
  // left flank: one target base 5′ of the duplex, the miRNA's 3′ overhang read 3′→5′
  let overhang3 = "";
  for (let j = mirna.length - 1; j > j0; j--) overhang3 += CODE_LETTERS[mirna[j]!]!;
  appendGap(lines, i0 > 0 ? CODE_LETTERS[target[i0 - 1]!]! : "", overhang3);
  for (let k = 0; k < pairs.length; k++) {
    const [i, j] = pairs[k]!;
    if (k > 0) {
      const [pi, pj] = pairs[k - 1]!;
      let tu = "";
      for (let x = pi + 1; x < i; x++) tu += CODE_LETTERS[target[x]!]!;
      let mu = "";
      for (let y = pj - 1; y > j; y--) mu += CODE_LETTERS[mirna[y]!]!;
      if (tu || mu) appendGap(lines, tu, mu);
    }
    appendColumn(lines, " ", CODE_LETTERS[target[i]!]!, CODE_LETTERS[mirna[j]!]!, " ");
  }
  const [i1, j1] = pairs[pairs.length - 1]!;
  let overhang5 = "";
  for (let j = j1 - 1; j >= 0; j--) overhang5 += CODE_LETTERS[mirna[j]!]!;
  appendGap(lines, i1 + 1 < target.length ? CODE_LETTERS[target[i1 + 1]!]! : "", overhang5);
  return [lines[0].join(""), lines[1].join(""), lines[2].join(""), lines[3].join("")];
}

type Lines = [string[], string[], string[], string[]];

function appendColumn(lines: Lines, top: string, upper: string, lower: string, bottom: string): void {
  lines[0].push(top);
  lines[1].push(upper);
  lines[2].push(lower);
  lines[3].push(bottom);
}

/** Unpaired bases: the target's on the top line, the miRNA's on the bottom one, padded to one width. */
function appendGap(lines: Lines, targetBases: string, mirnaBases: string): void {
  const width = Math.max(targetBases.length, mirnaBases.length);
  appendColumn(lines, targetBases.padEnd(width), " ".repeat(width), " ".repeat(width), mirnaBases.padEnd(width));
}
