// Plain-TypeScript reference of the duplex kernel (assembly/duplex.ts): the same energy model,
// written as a direct memoized recursion for clarity. Definitions in docs/duplex.md.
import tables from "../../../assembly/energy/turner1999.json" with { type: "json" };

export interface DuplexOptions {
  maxInternal?: number; // unpaired bases per side of an internal loop
  maxBulge?: number;
  /** Force a helix over miRNA nt from..to (1-based, 5′→3'), e.g. [2, 7] for the seed. */
  helix?: [number, number];
}

export interface RefDuplex {
  /** dcal/mol; 0 with no pairs when nothing pairs favourably. */
  energy: number;
  /** Paired positions, 0-based: target index and miRNA index (5′→3′), in target order. */
  pairs: Array<[number, number]>;
  /** Per target position, the best duplex starting there: its energy and pairs (null when none). */
  starts: Array<{ energy: number; pairs: Array<[number, number]> } | null>;
}

const INF = 1e9;
const PAIR: Record<string, number> = { "1,2": 0, "2,1": 1, "2,3": 2, "3,2": 3, "0,3": 4, "3,0": 5 };
const pairType = (x: number, y: number) => PAIR[`${x},${y}`] ?? -1;
const known = (...bases: number[]) => bases.every((b) => b < 4);

/** The energy terms of the model for one miRNA/target pair (indices: target i, reversed miRNA j). */
function energyModel(mirna: Uint8Array, target: Uint8Array) {
  const m = mirna.length;
  const n = target.length;
  const t = target;
  const r = Uint8Array.from({ length: m }, (_, j) => mirna[m - 1 - j]!); // miRNA 3'→5'
  const mm = (p: number, a: number, b: number) => (known(a, b) ? tables.mismatchInternal[p * 16 + a * 4 + b]! : 0);
  const d5 = (p: number, b: number) => (b < 4 ? tables.dangle5[p * 4 + b]! : 0);
  const d3 = (p: number, b: number) => (b < 4 ? tables.dangle3[p * 4 + b]! : 0);

  const loopEnergy = (i: number, j: number, k: number, l: number): number => {
    const u = k - i - 1;
    const v = l - j - 1;
    const p1 = pairType(t[i]!, r[j]!);
    const p2 = pairType(r[l]!, t[k]!);
    if (u === 0 && v === 0) return tables.stack[p1 * 6 + p2]!;
    if (u === 0 || v === 0) return tables.bulge[u + v]! + (u + v === 1 ? tables.stack[p1 * 6 + p2]! : 0);
    const pp = (p1 * 6 + p2) * 1;
    if (u === 1 && v === 1 && known(t[i + 1]!, r[j + 1]!)) return tables.int11[pp * 16 + t[i + 1]! * 4 + r[j + 1]!]!;
    if (u === 1 && v === 2 && known(t[i + 1]!, r[l - 1]!, r[j + 1]!))
      return tables.int21[pp * 64 + t[i + 1]! * 16 + r[l - 1]! * 4 + r[j + 1]!]!;
    if (u === 2 && v === 1 && known(r[l - 1]!, t[i + 1]!, t[k - 1]!))
      return tables.int21[(p2 * 6 + p1) * 64 + r[l - 1]! * 16 + t[i + 1]! * 4 + t[k - 1]!]!;
    if (u === 2 && v === 2 && known(t[i + 1]!, t[k - 1]!, r[l - 1]!, r[j + 1]!)) {
      return tables.int22[pp * 256 + t[i + 1]! * 64 + t[k - 1]! * 16 + r[l - 1]! * 4 + r[j + 1]!]!;
    }
    return (
      mm(p1, t[i + 1]!, r[j + 1]!) +
      mm(p2, r[l - 1]!, t[k - 1]!) +
      tables.internal[u + v]! +
      Math.min(300, 30 * Math.abs(u - v))
    );
  };

  const rightEnd = (i: number, j: number) => {
    const p = pairType(r[j]!, t[i]!);
    return (j < m - 1 ? d5(p, r[j + 1]!) : 0) + (i < n - 1 ? d3(p, t[i + 1]!) : 0);
  };
  const leftEnd = (i: number, j: number) => {
    const p = pairType(t[i]!, r[j]!);
    return (i > 0 ? d5(p, t[i - 1]!) : 0) + (j > 0 ? d3(p, r[j - 1]!) : 0);
  };

  return { m, n, t, r, loopEnergy, rightEnd, leftEnd };
}

/** Energy (dcal/mol) of a given duplex: pairs [target index, miRNA index 5′→3′], 0-based, in order. */
export function structureEnergyRef(mirna: Uint8Array, target: Uint8Array, pairs: Array<[number, number]>): number {
  const { m, loopEnergy, rightEnd, leftEnd } = energyModel(mirna, target);
  const at = pairs.map(([i, q]) => [i, m - 1 - q] as [number, number]);
  let e = leftEnd(at[0]![0], at[0]![1]) + rightEnd(at[at.length - 1]![0], at[at.length - 1]![1]);
  for (let k = 1; k < at.length; k++) e += loopEnergy(at[k - 1]![0], at[k - 1]![1], at[k]![0], at[k]![1]);
  return e;
}

export function duplexRef(mirna: Uint8Array, target: Uint8Array, options: DuplexOptions = {}): RefDuplex {
  const U = options.maxInternal ?? 15;
  const B = options.maxBulge ?? 15;
  const { m, n, t, r, loopEnergy, rightEnd, leftEnd } = energyModel(mirna, target);
  // helix over miRNA nt a..b ↔ reversed positions m−b .. m−a
  const [jlo, jhi] = options.helix ? [m - options.helix[1], m - options.helix[0]] : [-1, -1];
  const inHelix = (j: number) => options.helix !== undefined && j >= jlo && j < jhi;

  // C(i, j): best structure whose first pair is (i, j), extending to higher i and j
  const memo = new Map<number, { e: number; next?: [number, number] }>();
  const closed = (i: number, j: number): { e: number; next?: [number, number] } => {
    const key = i * 64 + j;
    const hit = memo.get(key);
    if (hit) return hit;
    let best: { e: number; next?: [number, number] } = { e: INF };
    if (pairType(t[i]!, r[j]!) >= 0) {
      if (!inHelix(j) && !(options.helix && j < jlo)) best = { e: rightEnd(i, j) };
      for (let k = i + 1; k <= Math.min(n - 1, i + 1 + Math.max(U, B)); k++) {
        for (let l = j + 1; l <= Math.min(m - 1, j + 1 + Math.max(U, B)); l++) {
          const u = k - i - 1;
          const v = l - j - 1;
          if (u > 0 && v > 0 && (u > U || v > U)) continue;
          if ((u === 0 || v === 0) && u + v > B) continue;
          if (inHelix(j) && (u > 0 || v > 0)) continue;
          if (options.helix && j < jlo && l > jlo) continue;
          if (pairType(t[k]!, r[l]!) < 0) continue;
          const e = loopEnergy(i, j, k, l) + closed(k, l).e;
          if (e < best.e) best = { e, next: [k, l] };
        }
      }
    }
    memo.set(key, best);
    return best;
  };

  const trace = (start: [number, number]) => {
    const pairs: Array<[number, number]> = [];
    for (let at: [number, number] | undefined = start; at; at = closed(at[0], at[1]).next)
      pairs.push([at[0], m - 1 - at[1]]);
    return pairs;
  };
  let best = { e: 0, start: undefined as [number, number] | undefined };
  const starts: RefDuplex["starts"] = [];
  for (let i = 0; i < n; i++) {
    let here = { e: INF, start: undefined as [number, number] | undefined };
    for (let j = 0; j < m; j++) {
      if (options.helix && j > jlo) continue;
      const c = closed(i, j);
      if (c.e >= INF) continue;
      const e = c.e + leftEnd(i, j);
      if (e < best.e) best = { e, start: [i, j] };
      if (e < here.e) here = { e, start: [i, j] };
    }
    starts.push(here.start ? { energy: here.e, pairs: trace(here.start) } : null);
  }
  return { energy: best.e, pairs: best.start ? trace(best.start) : [], starts };
}
