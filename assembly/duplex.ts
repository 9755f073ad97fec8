// miRNA–target duplex: minimum free energy hybridization of a short query (miRNA, ≤ 32 nt) to a long
// target (lncRNA), in the energy model of RNAhybrid (Rehmsmeier et al., RNA 10:1507, 2004) with
// Turner 1999 parameters: Watson–Crick and G:U pairs, stacking, bulges and internal loops of
// bounded size (1×1, 1×2, 2×2 from the special tables), dangling ends at both duplex ends, no
// intramolecular structure. Definitions in docs/duplex.md; scripts/lib/reference/duplex.ts restates them.
//
// Layout: the miRNA is read 3'→5' (r[j] = q[m−1−j]) so that a duplex is a chain of pairs (i, j)
// with both indices increasing. C_j[i] is the best energy of a duplex whose first pair is (i, j);
// columns j are computed from m−1 down to 0, each as a vector over target positions i (i16 lanes,
// 8 at a time when SIMD is on). The generic internal loops (up to 15 × 15 (u, v) per cell) are where
// the time goes: the vector pass takes them per cell that pairs with r[j], the 15 u of each v in
// the lanes, since a column-wide pass would spend most lanes on cells that cannot pair.

const INF: i32 = 16000; // no structure; every real duplex energy is far below (dcal/mol)
const PAD: i32 = 64; // INF cells after each column, so lookahead reads need no bounds checks
const FINITE: i32 = 8000; // sums at or above this came from an INF operand: no structure
const MAX_QUERY: i32 = 32;
const MAX_LOOP: i32 = 30;

// Energy tables (i16, dcal/mol), filled once by the host from assembly/energy/*.json
const T_STACK: i32 = 0; //        6×6
const T_DANGLE5: i32 = 36; //     6×4
const T_DANGLE3: i32 = 60; //     6×4
const T_MISMATCH: i32 = 84; //    6×4×4
const T_INT11: i32 = 180; //      6×6×4×4
const T_INT21: i32 = 756; //      6×6×4×4×4
const T_INT22: i32 = 3060; //     6×6×4×4×4×4
const T_BULGE: i32 = 12276; //    0..30
const T_INTERNAL: i32 = 12307; // 0..30
const TABLE_LENGTH: i32 = 12338;
const TABLES = memory.data(TABLE_LENGTH * 2, 16);

// pair type of (x, y) as x*5 + y (codes A0 C1 G2 U3 N4): CG GC GU UG AU UA = 0..5, else -1
const PAIR_TYPE = memory.data<i8>([
  -1, -1, -1, 4, -1, // A·A A·C A·G A·U A·N
  -1, -1, 0, -1, -1, // C·G
  -1, 1, -1, 2, -1, //  G·C G·U
  5, -1, 3, -1, -1, //  U·A U·G
  -1, -1, -1, -1, -1,
]);

// generic internal-loop cost by unpaired bases (u, v): initiation + asymmetry, per call
const LOOP_COST = memory.data(MAX_LOOP * MAX_LOOP * 4, 16);
// the same for the vector pass, one row of 16 i16 lanes per v < 16 (lane u − 1 for u = 1..16), INF
// where (u, v) is not a generic loop within the limits; and bulge costs by size, as i16x8 splats
const LOOP_COST_U = memory.data(16 * 16 * 2, 16);
const BULGE_COST_V = memory.data(32 * 16, 16);
// the miRNA, reversed
const QUERY = memory.data(MAX_QUERY, 16);

// the loop limits LOOP_COST(_V) were filled for (−1: not yet, or the tables changed)
let costsForInternal: i32 = -1;
let costsForBulge: i32 = -1;

function fillLoopCosts(): void {
  for (let u = 0; u < MAX_LOOP; u++) {
    for (let v = 0; v < MAX_LOOP; v++) {
      const size = u + v;
      const cost = size <= MAX_LOOP ? tab(T_INTERNAL + size) + min(300, 30 * abs(u - v)) : INF;
      store<i32>(LOOP_COST + (<usize>(u * MAX_LOOP + v) << 2), cost);
      if (ASC_FEATURE_SIMD && u >= 1 && u <= 16 && v < 16) {
        const generic = (u > 2 || v > 2) && u <= maxInternal && v <= maxInternal && v >= 1;
        store<i16>(LOOP_COST_U + (<usize>(v * 16 + u - 1) << 1), <i16>(generic ? cost : INF));
      }
    }
  }
  if (ASC_FEATURE_SIMD) {
    for (let b = 0; b < 32; b++) v128.store(BULGE_COST_V + (<usize>b << 4), i16x8.splat(<i16>(b <= MAX_LOOP ? tab(T_BULGE + b) : INF)));
  }
  costsForInternal = maxInternal;
  costsForBulge = maxBulge;
}

/** Address where the host writes the energy tables (TABLE_LENGTH i16). */
export function duplexTables(): usize {
  costsForInternal = -1; // the host is about to write new tables
  return TABLES;
}

export function duplexTableLength(): i32 {
  return TABLE_LENGTH;
}

// @ts-ignore: decorator
@inline function tab(index: i32): i32 {
  return <i32>load<i16>(TABLES + (<usize>index << 1));
}

// @ts-ignore: decorator
@inline function pairType(x: i32, y: i32): i32 {
  return <i32>load<i8>(PAIR_TYPE + <usize>(x * 5 + y));
}

// @ts-ignore: decorator
@inline function known2(a: i32, b: i32): bool {
  return (a | b) < 4;
}

// state of the current call
let target: usize = 0;
let n: i32 = 0;
let m: i32 = 0;
let work: usize = 0;
let columnStride: i32 = 0; // i16 elements per column
let maxInternal: i32 = 15;
let maxBulge: i32 = 15;
let startsOut: usize = 0; // where duplex() writes the best start per target position (0: nowhere)
let helixLo: i32 = -1; // reversed miRNA positions [helixLo, helixHi] must form one stacked helix
let helixHi: i32 = -1;
let bestEnergy: i32 = 0; // the answer so far: empty structure = 0
let bestI: i32 = -1;
let bestJ: i32 = -1;

// @ts-ignore: decorator
@inline function t(i: i32): i32 {
  return <i32>load<u8>(target + <usize>i);
}

// @ts-ignore: decorator
@inline function r(j: i32): i32 {
  return <i32>load<u8>(QUERY + <usize>j);
}

/** Column j of table C (best energy of a duplex starting with pair (i, j)). */
// @ts-ignore: decorator
@inline function colC(j: i32): usize {
  return work + (<usize>(j * columnStride) << 1);
}

/** Column j of table D: C plus the mismatch term of (i, j) closing a generic loop from inside. */
// @ts-ignore: decorator
@inline function colD(j: i32): usize {
  return work + (<usize>((m + j) * columnStride) << 1);
}

// @ts-ignore: decorator
@inline function C(i: i32, j: i32): i32 {
  return <i32>load<i16>(colC(j) + (<usize>i << 1));
}

// scratch columns (i16 × columnStride each): partial minimum A, mismatch-open term MO
// @ts-ignore: decorator
@inline function colA(): usize {
  return work + (<usize>(2 * m * columnStride) << 1);
}
// @ts-ignore: decorator
@inline function colMO(): usize {
  return work + (<usize>((2 * m + 1) * columnStride) << 1);
}

/** Bytes of workspace duplex() needs for a query of length q and a target of length len. */
export function duplexWorkBytes(q: i32, len: i32): usize {
  const stride = (len + PAD + 15) & ~15;
  // C and D columns, the A and MO scratch columns (i16), six key rows (u8), position lists (i32);
  // for a helix-constrained run, a block row per column and the active blocks (u8) and cells (i32)
  return (<usize>((2 * q + 3) * stride) << 1) + <usize>(6 * stride) + (<usize>(3 * (stride + 8)) << 2) + <usize>((q + 1) * blockRowBytes(stride)) + (<usize>(stride + 8) << 2);
}

/** Bytes of a row of one flag per 16-cell block (rounded up for whole-vector reads). */
// @ts-ignore: decorator
@inline function blockRowBytes(stride: i32): i32 {
  return ((stride >> 4) + 16 + 15) & ~15;
}

/** A column that stays INF: stands in for columns a transition may not land on. */
// @ts-ignore: decorator
@inline function infColumn(): usize {
  return work + (<usize>((2 * m + 2) * columnStride) << 1);
}
// @ts-ignore: decorator
@inline function keysXY(): usize {
  return work + (<usize>((2 * m + 3) * columnStride) << 1);
}
// @ts-ignore: decorator
@inline function keysXZ(): usize {
  return keysXY() + <usize>columnStride;
}
// @ts-ignore: decorator
@inline function keysWX(): usize {
  return keysXY() + <usize>(2 * columnStride);
}
/** x*16+y*4+z and x*64+y*16+z*4+w of t[i..i+3] (ACGU only), and whether t[i+1..i+3] holds an N. */
// @ts-ignore: decorator
@inline function keys3(): usize {
  return keysXY() + <usize>(3 * columnStride);
}
// @ts-ignore: decorator
@inline function keys4(): usize {
  return keysXY() + <usize>(4 * columnStride);
}
// @ts-ignore: decorator
@inline function nearN(): usize {
  return keysXY() + <usize>(5 * columnStride);
}
/** Target positions grouped by base: POSITION_START[b] .. POSITION_START[b+1] index this list. */
// @ts-ignore: decorator
@inline function positions(): usize {
  return keysXY() + <usize>(6 * columnStride);
}
/**
 * With a forced helix, block b of column j is flagged when a cell of it holds a finite C. A cell of
 * a column before the helix (no duplex may end there) is finite only if a finite cell lies within
 * one loop's reach, so blocks with no flagged block in reach are skipped: they stay INF.
 */
// @ts-ignore: decorator
@inline function finiteBlocks(j: i32): usize {
  return positions() + (<usize>(3 * (columnStride + 8)) << 2) + <usize>(j * blockRowBytes(columnStride));
}
// @ts-ignore: decorator
@inline function activeBlocks(): usize {
  return finiteBlocks(m);
}
/** The pairable cells of active blocks, by base as positions() lists them. */
// @ts-ignore: decorator
@inline function activeCells(): usize {
  return finiteBlocks(m + 1);
}
const GROUP_RANGE = memory.data(4 * 4, 16); // [from, to) in `list` of the two groups of cells fillColumnVector visits
const POSITION_START = memory.data(5 * 4, 16);
const POSITION_CURSOR = memory.data(5 * 4, 16);
// from n on: cells followed by an N (and the last cell); from 2n on: cells after an N (and 0)
let irregularFrom: i32 = 0;
let irregularCount: i32 = 0;
let afterNFrom: i32 = 0;
let afterNCount: i32 = 0;

function mismatch(p: i32, a: i32, b: i32): i32 {
  return known2(a, b) ? tab(T_MISMATCH + p * 16 + a * 4 + b) : 0;
}

function dangle5(p: i32, b: i32): i32 {
  return b < 4 ? tab(T_DANGLE5 + p * 4 + b) : 0;
}

function dangle3(p: i32, b: i32): i32 {
  return b < 4 ? tab(T_DANGLE3 + p * 4 + b) : 0;
}

function loopCost(u: i32, v: i32): i32 {
  return load<i32>(LOOP_COST + (<usize>(u * MAX_LOOP + v) << 2));
}

/** Energy of the loop between pair (i, j) and the next pair (k, l); both pairs must be valid. */
function loopEnergy(i: i32, j: i32, k: i32, l: i32): i32 {
  const u = k - i - 1;
  const v = l - j - 1;
  const p1 = pairType(t(i), r(j));
  const p2 = pairType(r(l), t(k));
  if (u == 0 && v == 0) return tab(T_STACK + p1 * 6 + p2);
  if (u == 0 || v == 0) return tab(T_BULGE + u + v) + (u + v == 1 ? tab(T_STACK + p1 * 6 + p2) : 0);
  const pp = p1 * 6 + p2;
  if (u == 1 && v == 1) {
    if (known2(t(i + 1), r(j + 1))) return tab(T_INT11 + pp * 16 + t(i + 1) * 4 + r(j + 1));
  } else if (u == 1 && v == 2) {
    if (known2(t(i + 1), r(l - 1) | r(j + 1))) return tab(T_INT21 + pp * 64 + t(i + 1) * 16 + r(l - 1) * 4 + r(j + 1));
  } else if (u == 2 && v == 1) {
    if (known2(r(l - 1), t(i + 1) | t(k - 1))) return tab(T_INT21 + (p2 * 6 + p1) * 64 + r(l - 1) * 16 + t(i + 1) * 4 + t(k - 1));
  } else if (u == 2 && v == 2) {
    if (known2(t(i + 1) | t(k - 1), r(l - 1) | r(j + 1))) {
      return tab(T_INT22 + pp * 256 + t(i + 1) * 64 + t(k - 1) * 16 + r(l - 1) * 4 + r(j + 1));
    }
  }
  return mismatch(p1, t(i + 1), r(j + 1)) + mismatch(p2, r(l - 1), t(k - 1)) + loopCost(u, v);
}

function rightEnd(i: i32, j: i32): i32 {
  const p = pairType(r(j), t(i));
  return (j < m - 1 ? dangle5(p, r(j + 1)) : 0) + (i < n - 1 ? dangle3(p, t(i + 1)) : 0);
}

function leftEnd(i: i32, j: i32): i32 {
  const p = pairType(t(i), r(j));
  return (i > 0 ? dangle5(p, t(i - 1)) : 0) + (j > 0 ? dangle3(p, r(j - 1)) : 0);
}

// @ts-ignore: decorator
@inline function inHelix(j: i32): bool {
  return j >= helixLo && j < helixHi;
}

/** Largest miRNA index a transition from column j may land on (the helix may not be skipped). */
// @ts-ignore: decorator
@inline function lastLanding(j: i32): i32 {
  return j < helixLo ? helixLo : m - 1;
}

// Per-column tables keyed by the target bases around a cell (x = t[i], y = t[i+1], …; 5 codes
// each, index x*5+y): built once per column, so the per-cell work is loads, adds and selects.
const COL_STACK = memory.data(25 * 4, 16); //     next pair (i+1, j+1)
const COL_BULGE_T = memory.data(25 * 4, 16); //   1-nt bulge on the target: next pair (i+2, j+1), key x*5+z
const COL_BULGE_Q = memory.data(25 * 4, 16); //   1-nt bulge on the miRNA: next pair (i+1, j+2)
const COL_END = memory.data(25 * 4, 16); //       (i, j) is the last pair; y = 4 also stands for "no base"
const COL_OPEN = memory.data(25 * 4, 16); //      mismatch of (i, j) opening a generic loop
const COL_CLOSE = memory.data(25 * 4, 16); //     mismatch of (i, j) closing a generic loop, key t[i−1]*5+t[i]
const COL_LEFT = memory.data(25 * 4, 16); //      left-end dangles of (i, j), key t[i−1]*5+t[i]
const PAIR_IN_COLUMN = memory.data(5 * 4, 16); // pair type of (x, r[j])
// The same tables for the vector pass, A C G U keys only (x*4+y), as low and high bytes for swizzle
const LUT_END: i32 = 0;
const LUT_STACK: i32 = 1;
const LUT_BULGE_T: i32 = 2;
const LUT_BULGE_Q: i32 = 3;
const LUT_CLOSE: i32 = 4;
const LUT_LEFT: i32 = 5;
const LUTS = memory.data(6 * 32, 16);
// special-loop energies of column j keyed by t[i..i+2] (x*16+y*4+z) or t[i..i+3], i32, INF if impossible
const SPECIAL_11 = memory.data(64 * 4, 16); // 1×1, next pair (i+2, j+2)
const SPECIAL_12 = memory.data(64 * 4, 16); // 1 target × 2 miRNA, next pair (i+2, j+3)
const SPECIAL_21 = memory.data(256 * 4, 16); // 2 target × 1 miRNA, next pair (i+3, j+2)
const SPECIAL_22 = memory.data(256 * 4, 16); // 2×2, next pair (i+3, j+3)

function buildSpecialTables(j: i32): void {
  const rj = r(j);
  const rj1 = j + 1 < m ? r(j + 1) : 4;
  const rj2 = j + 2 < m ? r(j + 2) : 4;
  const rj3 = j + 3 < m ? r(j + 3) : 4;
  // only bases that pair with r[j] are ever looked up; an entry whose inner pair cannot form is
  // only added to an INF cell, so stale values there are harmless
  if (rj1 > 3) return; // no miRNA base after r[j]: no special loop
  for (let x = 0; x < 4; x++) {
    const p1 = pairType(x, rj);
    if (p1 < 0) continue;
    for (let z = 0; z < 4; z++) {
      const p11 = pairType(rj2, z); // inner pair (i+2, j+2)
      const p12 = pairType(rj3, z); // inner pair (i+2, j+3)
      const int11 = T_INT11 + (p1 * 6 + p11) * 16 + rj1;
      const int12 = T_INT21 + (p1 * 6 + p12) * 64 + rj2 * 4 + rj1;
      for (let y = 0; y < 4; y++) {
        const key3 = <usize>(x * 16 + y * 4 + z) << 2;
        if (p11 >= 0) store<i32>(SPECIAL_11 + key3, tab(int11 + y * 4));
        if (p12 >= 0) store<i32>(SPECIAL_12 + key3, rj2 < 4 ? tab(int12 + y * 16) : INF);
      }
    }
    for (let w = 0; w < 4; w++) {
      const p21 = pairType(rj2, w); // inner pair (i+3, j+2)
      const p22 = pairType(rj3, w); // inner pair (i+3, j+3)
      if (p21 >= 0) {
        const int21 = T_INT21 + (p21 * 6 + p1) * 64 + rj1 * 16;
        for (let y = 0; y < 4; y++) {
          for (let z = 0; z < 4; z++) store<i32>(SPECIAL_21 + (<usize>(x * 64 + y * 16 + z * 4 + w) << 2), tab(int21 + y * 4 + z));
        }
      }
      if (p22 >= 0) {
        const int22 = T_INT22 + (p1 * 6 + p22) * 256 + rj2 * 4 + rj1;
        for (let y = 0; y < 4; y++) {
          for (let z = 0; z < 4; z++) store<i32>(SPECIAL_22 + (<usize>(x * 64 + y * 16 + z * 4 + w) << 2), rj2 < 4 ? tab(int22 + y * 64 + z * 16) : INF);
        }
      }
    }
  }
}

function packLut(lut: i32, table: usize): void {
  const dst = LUTS + (<usize>lut << 5);
  for (let x = 0; x < 4; x++) {
    for (let y = 0; y < 4; y++) {
      const value = load<i32>(table + (<usize>(x * 5 + y) << 2));
      store<u8>(dst + <usize>(x * 4 + y), <u8>(value & 0xff));
      store<u8>(dst + 16 + <usize>(x * 4 + y), <u8>((value >> 8) & 0xff));
    }
  }
}

/** Low bytes of the i16 table entries looked up by 16 byte keys. */
// @ts-ignore: decorator
@inline function lutLowBytes(lut: i32, keys: v128): v128 {
  return i8x16.swizzle(v128.load(LUTS + (<usize>lut << 5)), keys);
}

/** High bytes of the same entries. */
// @ts-ignore: decorator
@inline function lutHighBytes(lut: i32, keys: v128): v128 {
  return i8x16.swizzle(v128.load(LUTS + (<usize>lut << 5), 16), keys);
}

/** i16 entries of lanes 0..7 (`high` false) or 8..15 from the two byte lookups. */
// @ts-ignore: decorator
@inline function entries(lo: v128, hi: v128, high: bool): v128 {
  return high
    ? i8x16.shuffle(lo, hi, 8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15, 31)
    : i8x16.shuffle(lo, hi, 0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23);
}

// the entries of every LUT for the 16 cells from some position: [lut][lanes 0..7, lanes 8..15]
const LOOKED_UP = memory.data(6 * 32, 16);
// which key row each LUT is looked up with: 0 keysXY, 1 keysXZ, 2 keysWX (LUT_END … LUT_LEFT)
const LUT_KEYS = memory.data<u8>([0, 0, 1, 0, 2, 2]);

/** Looks every LUT up for the 16 cells from target position `at`, into LOOKED_UP. */
// @ts-ignore: decorator
@inline function lookUpAll(at: i32): void {
  for (let lut = 0; lut < 6; lut++) {
    const keys = v128.load(keysXY() + <usize>(load<u8>(LUT_KEYS + <usize>lut) * columnStride + at));
    const lo = lutLowBytes(lut, keys);
    const hi = lutHighBytes(lut, keys);
    v128.store(LOOKED_UP + (<usize>lut << 5), entries(lo, hi, false));
    v128.store(LOOKED_UP + (<usize>lut << 5), entries(lo, hi, true), 16);
  }
}

// @ts-ignore: decorator
@inline function colTab(table: usize, key: i32): i32 {
  return load<i32>(table + (<usize>key << 2));
}

function buildColumnTables(j: i32): void {
  const rj = r(j);
  const rj1 = j + 1 < m ? r(j + 1) : 4;
  const rj2 = j + 2 < m ? r(j + 2) : 4;
  const rjm = j > 0 ? r(j - 1) : 4;
  // the vector pass looks up A C G U only (cells next to an N go through the scalar formulas)
  const bases = ASC_FEATURE_SIMD ? 4 : 5;
  for (let x = 0; x < bases; x++) {
    const p = pairType(x, rj);
    store<i32>(PAIR_IN_COLUMN + (<usize>x << 2), p);
    const back = pairType(rj, x);
    for (let y = 0; y < bases; y++) {
      const key = <usize>(x * 5 + y) << 2;
      const inner1 = pairType(rj1, y);
      const inner2 = pairType(rj2, y);
      const valid = p >= 0;
      store<i32>(COL_STACK + key, valid && inner1 >= 0 ? tab(T_STACK + p * 6 + inner1) : INF);
      store<i32>(COL_BULGE_T + key, valid && inner1 >= 0 ? tab(T_BULGE + 1) + tab(T_STACK + p * 6 + inner1) : INF);
      store<i32>(COL_BULGE_Q + key, valid && inner2 >= 0 ? tab(T_BULGE + 1) + tab(T_STACK + p * 6 + inner2) : INF);
      store<i32>(COL_END + key, valid ? (j < m - 1 ? dangle5(back, rj1) : 0) + dangle3(back, y) : INF);
      store<i32>(COL_OPEN + key, valid ? mismatch(p, y, rj1) : INF);
      // here x is t[i−1] and y is t[i]
      const py = pairType(y, rj);
      store<i32>(COL_CLOSE + key, py >= 0 ? mismatch(pairType(rj, y), rjm, x) : 0);
      store<i32>(COL_LEFT + key, py >= 0 ? dangle5(py, x) + (j > 0 ? dangle3(py, rjm) : 0) : 0);
    }
  }
  if (ASC_FEATURE_SIMD) {
    packLut(LUT_END, COL_END);
    packLut(LUT_STACK, COL_STACK);
    packLut(LUT_BULGE_T, COL_BULGE_T);
    packLut(LUT_BULGE_Q, COL_BULGE_Q);
    packLut(LUT_CLOSE, COL_CLOSE);
    packLut(LUT_LEFT, COL_LEFT);
  }
}

/** Scalar candidates of every cell of column j: end, stack, 1-nt bulges and the special loops. */
function scalarPass(j: i32, a: usize, mo: usize): void {
  const limit = lastLanding(j);
  const helix = inHelix(j);
  const endAllowed = !helix && j >= helixLo;
  const c1 = j + 1 <= limit ? colC(j + 1) : 0;
  const c2 = !helix && j + 2 <= limit ? colC(j + 2) : 0;
  const c3 = !helix && j + 3 <= limit ? colC(j + 3) : 0;
  const specials = !helix && maxInternal >= 1;
  const twoByTwo = maxInternal >= 2;
  const bulge1 = !helix && maxBulge >= 1;
  const rj = r(j);
  const rj1 = j + 1 < m ? r(j + 1) : 4;
  const rj2 = j + 2 < m ? r(j + 2) : 4;
  for (let i: i32 = 0; i < n; i++) {
    const x = t(i);
    const p = load<i32>(PAIR_IN_COLUMN + (<usize>x << 2));
    const slot = <usize>i << 1;
    if (p < 0) {
      store<i16>(a + slot, <i16>INF);
      store<i16>(mo + slot, <i16>INF);
      continue;
    }
    const y = t(i + 1); // the target is padded with N
    const z = t(i + 2);
    const xy = x * 5 + y;
    let best = endAllowed ? colTab(COL_END, i + 1 < n ? xy : x * 5 + 4) : INF;
    if (c1 != 0) {
      const c = <i32>load<i16>(c1 + slot + 2);
      best = min(best, select<i32>(c + colTab(COL_STACK, xy), INF, c < INF));
      if (bulge1) {
        const cb = <i32>load<i16>(c1 + slot + 4);
        best = min(best, select<i32>(cb + colTab(COL_BULGE_T, x * 5 + z), INF, cb < INF));
      }
    }
    if (c2 != 0) {
      if (bulge1) {
        const cb = <i32>load<i16>(c2 + slot + 2);
        best = min(best, select<i32>(cb + colTab(COL_BULGE_Q, xy), INF, cb < INF));
      }
      if (specials) {
        // 1×1: next pair (i+2, j+2); 2×1: next pair (i+3, j+2)
        const c11 = <i32>load<i16>(c2 + slot + 4);
        if (c11 < INF) best = min(best, c11 + loopEnergy(i, j, i + 2, j + 2));
        if (twoByTwo) {
          const c21 = <i32>load<i16>(c2 + slot + 6);
          if (c21 < INF) best = min(best, c21 + loopEnergy(i, j, i + 3, j + 2));
        }
      }
    }
    if (c3 != 0 && specials && twoByTwo) {
      // 1×2: next pair (i+2, j+3); 2×2: next pair (i+3, j+3)
      const c12 = <i32>load<i16>(c3 + slot + 4);
      if (c12 < INF) best = min(best, c12 + loopEnergy(i, j, i + 2, j + 3));
      const c22 = <i32>load<i16>(c3 + slot + 6);
      if (c22 < INF) best = min(best, c22 + loopEnergy(i, j, i + 3, j + 3));
    }
    store<i16>(a + slot, <i16>min(best, INF));
    store<i16>(mo + slot, <i16>(j + 1 < m && i + 1 < n ? colTab(COL_OPEN, xy) : 0));
  }
}

/** The full value of cell (i, j) from the later columns: every candidate, scalar. */
function cellValue(i: i32, j: i32): i32 {
  if (pairType(t(i), r(j)) < 0) return INF;
  const limit = lastLanding(j);
  let best = INF;
  if (!inHelix(j) && j >= helixLo) best = rightEnd(i, j);
  const span = inHelix(j) ? 1 : max(maxInternal, maxBulge) + 1;
  for (let k = i + 1; k <= i + span && k < n; k++) {
    for (let l = j + 1; l <= j + span && l <= limit; l++) {
      const u = k - i - 1;
      const v = l - j - 1;
      if (u > 0 && v > 0 && (u > maxInternal || v > maxInternal)) continue;
      if ((u == 0 || v == 0) && u + v > maxBulge) continue;
      const c = C(k, l);
      if (c < INF) best = min(best, c + loopEnergy(i, j, k, l));
    }
  }
  return min(best, INF);
}

/** D_j[k]: C plus the mismatch of (k, j) closing a generic loop from inside (unpaired t[k−1], r[j−1]). */
function closingValue(k: i32, j: i32): i32 {
  const c = C(k, j);
  if (c >= INF) return INF;
  return c + (k > 0 && j > 0 ? mismatch(pairType(r(j), t(k)), r(j - 1), t(k - 1)) : 0);
}

/** The best duplex starting in column j, if it beats the answer so far. */
function considerStarts(j: i32): void {
  for (let k: i32 = 0; k < n; k++) {
    const c = C(k, j);
    if (c >= INF) continue;
    const e = c + leftEnd(k, j);
    if (startsOut != 0) {
      const at = startsOut + (<usize>k << 1);
      store<i16>(at, <i16>min(<i32>load<i16>(at), e));
    }
    if (e < bestEnergy) {
      bestEnergy = e;
      bestI = k;
      bestJ = j;
    }
  }
}

function fillColumn(j: i32): void {
  buildColumnTables(j);
  if (ASC_FEATURE_SIMD) fillColumnVector(j);
  else fillColumnScalar(j);
}

function fillColumnScalar(j: i32): void {
  const cj = colC(j);
  const dj = colD(j);
  const a = colA();
  const mo = colMO();
  scalarPass(j, a, mo);
  const limit = lastLanding(j);
  const vmax = inHelix(j) ? 0 : min(maxInternal, limit - j - 1);
  const bmax = inHelix(j) ? 0 : maxBulge;
  for (let i: i32 = 0; i < n; i++) {
    const slot = <usize>i << 1;
    let acc = <i32>load<i16>(a + slot);
    const open = <i32>load<i16>(mo + slot);
    if (open >= INF) {
      store<i16>(cj + slot, <i16>INF);
      continue;
    }
    if (j + 1 <= limit) {
      for (let b = 2; b <= bmax; b++) acc = min(acc, C(i + b + 1, j + 1) + tab(T_BULGE + b));
    }
    for (let b = 2; b <= bmax && j + b + 1 <= limit; b++) acc = min(acc, C(i + 1, j + b + 1) + tab(T_BULGE + b));
    let loops = INF;
    for (let v = 1; v <= vmax; v++) {
      const row = colD(j + v + 1);
      for (let u = v > 2 ? 1 : 3; u <= maxInternal; u++) {
        loops = min(loops, <i32>load<i16>(row + (<usize>(i + u + 1) << 1)) + loopCost(u, v));
      }
    }
    acc = min(acc, loops + open);
    store<i16>(cj + slot, <i16>(acc < FINITE ? acc : INF));
  }
  for (let k: i32 = 0; k < n; k++) store<i16>(dj + (<usize>k << 1), <i16>closingValue(k, j));
  if (helixLo < 0 || j <= helixLo) considerStarts(j);
}

/** Minimum of the special loops (1×1, 2×1, 1×2, 2×2) of cell (i, j) by the general rules, scalar. */
function specialLoops(i: i32, j: i32, c2: usize, c3: usize): i32 {
  const slot = <usize>i << 1;
  let best = INF;
  if (c2 != 0) {
    const c11 = <i32>load<i16>(c2 + slot + 4);
    if (c11 < INF) best = min(best, c11 + loopEnergy(i, j, i + 2, j + 2));
    if (maxInternal >= 2) {
      const c21 = <i32>load<i16>(c2 + slot + 6);
      if (c21 < INF) best = min(best, c21 + loopEnergy(i, j, i + 3, j + 2));
    }
  }
  if (c3 != 0 && maxInternal >= 2) {
    const c12 = <i32>load<i16>(c3 + slot + 4);
    if (c12 < INF) best = min(best, c12 + loopEnergy(i, j, i + 2, j + 3));
    const c22 = <i32>load<i16>(c3 + slot + 6);
    if (c22 < INF) best = min(best, c22 + loopEnergy(i, j, i + 3, j + 3));
  }
  return best;
}

/**
 * Eight cells of column j starting at `slot`: every candidate but the special and generic loops
 * (in A), then D and the energies of duplexes starting there (into the E column). The table
 * lookups for these lanes are at `looked` (lookUpAll): end, stack, 1-nt bulges, closing mismatch and left end.
 * Returns `lows` lowered by those start energies.
 */
// @ts-ignore: decorator
@inline function vectorCells(j: i32, slot: usize, pairable: v128, flags: i32, c1: usize, c2: usize, bmax: i32, queryBulges: i32, looked: usize, lows: v128): v128 {
  const inf = i16x8.splat(<i16>INF);
  const end = v128.load(looked + (<usize>LUT_END << 5));
  const stack = v128.load(looked + (<usize>LUT_STACK << 5));
  const bulgeT = v128.load(looked + (<usize>LUT_BULGE_T << 5));
  const bulgeQ = v128.load(looked + (<usize>LUT_BULGE_Q << 5));
  const close = v128.load(looked + (<usize>LUT_CLOSE << 5));
  const left = v128.load(looked + (<usize>LUT_LEFT << 5));
  let acc = v128.load(colA() + slot);
  if (flags & 1) acc = i16x8.min_s(acc, end);
  if (c1 != 0) {
    acc = i16x8.min_s(acc, i16x8.add_sat_s(v128.load(c1 + slot, 2), stack));
    if (flags & 2) acc = i16x8.min_s(acc, i16x8.add_sat_s(v128.load(c1 + slot, 4), bulgeT));
    for (let b = 2; b <= bmax; b++) {
      acc = i16x8.min_s(acc, i16x8.add_sat_s(v128.load(c1 + slot + (<usize>(b + 1) << 1)), v128.load(BULGE_COST_V + (<usize>b << 4))));
    }
  }
  if (c2 != 0 && (flags & 2)) acc = i16x8.min_s(acc, i16x8.add_sat_s(v128.load(c2 + slot, 2), bulgeQ));
  // miRNA bulges: columns j+3, j+4, … one stride apart
  const stride = <usize>columnStride << 1;
  let column = colC(j + 3) + slot;
  for (let b = 2; b <= queryBulges; b++) {
    acc = i16x8.min_s(acc, i16x8.add_sat_s(v128.load(column, 2), v128.load(BULGE_COST_V + (<usize>b << 4))));
    column += stride;
  }
  // a sum at or above FINITE had an INF operand; cells that cannot pair stay INF
  const keep = v128.and(i16x8.lt_s(acc, i16x8.splat(<i16>FINITE)), pairable);
  const c = v128.bitselect(acc, inf, keep);
  v128.store(colC(j) + slot, c);
  v128.store(colD(j) + slot, v128.bitselect(i16x8.add_sat_s(c, close), inf, keep));
  const starts = v128.bitselect(i16x8.add_sat_s(c, left), inf, keep);
  v128.store(colE() + slot, starts);
  return i16x8.min_s(lows, starts);
}

/** D and E of cell (k, j) by the general rules; returns E. */
function exactClosing(k: i32, j: i32): i32 {
  store<i16>(colD(j) + (<usize>k << 1), <i16>closingValue(k, j));
  const c = C(k, j);
  const e = c < INF ? c + leftEnd(k, j) : INF;
  store<i16>(colE() + (<usize>k << 1), <i16>e);
  return e;
}

/** Scratch column of the vector path: energies of the duplexes starting in the current column. */
// @ts-ignore: decorator
@inline function colE(): usize {
  return colMO(); // the scalar path's MO column, unused by the vector path
}

// the cells genericLoops4 takes when fewer than four are left
const LOOP_TAIL = memory.data(4 * 4, 16);

/** A[i] = min(A[i], loops + the open mismatch of cell i). */
// @ts-ignore: decorator
@inline function addLoops(a: usize, i: i32, loops: i32): void {
  const cell = a + (<usize>i << 1);
  store<i16>(cell, <i16>min(<i32>load<i16>(cell), min(loops + colTab(COL_OPEN, t(i) * 5 + t(i + 1)), INF)));
}

/**
 * The generic internal loops closed by four cells (i, j) listed at `cells` (i32), added into A: min
 * over (u, v) of D_{j+v+1}[i+u+1] + cost(u, v), the 15 u of each v in the lanes of two vectors
 * (LOOP_COST_U holds INF where (u, v) is not a generic loop within the limits), each cost row loaded
 * once for the four. Only cells that pair get here, so no work goes to the others.
 */
// @ts-ignore: decorator
@inline function genericLoops4(cells: usize, j: i32, vmax: i32, a: usize): void {
  const stride = <usize>columnStride << 1;
  const i0 = load<i32>(cells);
  const i1 = load<i32>(cells, 4);
  const i2 = load<i32>(cells, 8);
  const i3 = load<i32>(cells, 12);
  const d = colD(j + 2);
  let row0 = d + (<usize>(i0 + 2) << 1);
  let row1 = d + (<usize>(i1 + 2) << 1);
  let row2 = d + (<usize>(i2 + 2) << 1);
  let row3 = d + (<usize>(i3 + 2) << 1);
  let cost = LOOP_COST_U + 32;
  const inf = i16x8.splat(<i16>INF);
  let l0 = inf, h0 = inf, l1 = inf, h1 = inf, l2 = inf, h2 = inf, l3 = inf, h3 = inf;
  for (let v = 1; v <= vmax; v++) {
    const cl = v128.load(cost);
    const ch = v128.load(cost, 16);
    l0 = i16x8.min_s(l0, i16x8.add_sat_s(v128.load(row0), cl));
    h0 = i16x8.min_s(h0, i16x8.add_sat_s(v128.load(row0, 16), ch));
    l1 = i16x8.min_s(l1, i16x8.add_sat_s(v128.load(row1), cl));
    h1 = i16x8.min_s(h1, i16x8.add_sat_s(v128.load(row1, 16), ch));
    l2 = i16x8.min_s(l2, i16x8.add_sat_s(v128.load(row2), cl));
    h2 = i16x8.min_s(h2, i16x8.add_sat_s(v128.load(row2, 16), ch));
    l3 = i16x8.min_s(l3, i16x8.add_sat_s(v128.load(row3), cl));
    h3 = i16x8.min_s(h3, i16x8.add_sat_s(v128.load(row3, 16), ch));
    row0 += stride;
    row1 += stride;
    row2 += stride;
    row3 += stride;
    cost += 32;
  }
  // the four minima together: halve lanes three times, across the cells' vectors
  const x0 = i16x8.min_s(l0, h0);
  const x1 = i16x8.min_s(l1, h1);
  const x2 = i16x8.min_s(l2, h2);
  const x3 = i16x8.min_s(l3, h3);
  // lanes 0-3 of a cell against its lanes 4-7: [x0 | x1] and [x2 | x3], four lanes each
  const y01 = i16x8.min_s(i8x16.shuffle(x0, x1, 0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23), i8x16.shuffle(x0, x1, 8, 9, 10, 11, 12, 13, 14, 15, 24, 25, 26, 27, 28, 29, 30, 31));
  const y23 = i16x8.min_s(i8x16.shuffle(x2, x3, 0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23), i8x16.shuffle(x2, x3, 8, 9, 10, 11, 12, 13, 14, 15, 24, 25, 26, 27, 28, 29, 30, 31));
  // two lanes per cell
  const z = i16x8.min_s(i8x16.shuffle(y01, y23, 0, 1, 2, 3, 8, 9, 10, 11, 16, 17, 18, 19, 24, 25, 26, 27), i8x16.shuffle(y01, y23, 4, 5, 6, 7, 12, 13, 14, 15, 20, 21, 22, 23, 28, 29, 30, 31));
  // one lane per cell: lanes 0, 2, 4, 6
  const w = i16x8.min_s(z, i8x16.shuffle(z, z, 2, 3, 0, 1, 6, 7, 4, 5, 10, 11, 8, 9, 14, 15, 12, 13));
  addLoops(a, i0, <i32>i16x8.extract_lane_s(w, 0));
  addLoops(a, i1, <i32>i16x8.extract_lane_s(w, 2));
  addLoops(a, i2, <i32>i16x8.extract_lane_s(w, 4));
  addLoops(a, i3, <i32>i16x8.extract_lane_s(w, 6));
}

/** Flags the blocks of column j that hold a finite C (helix-constrained runs). */
function recordFiniteBlocks(j: i32): void {
  const column = colC(j);
  const flags = finiteBlocks(j);
  const blocks = (n + 15) >> 4;
  const inf = i16x8.splat(<i16>INF);
  for (let b = 0; b < blocks; b++) {
    const at = column + (<usize>b << 5);
    store<u8>(flags + <usize>b, <u8>(v128.any_true(i16x8.lt_s(i16x8.min_s(v128.load(at), v128.load(at, 16)), inf)) ? 1 : 0));
  }
  memory.fill(flags + <usize>blocks, 0, <usize>(blockRowBytes(columnStride) - blocks));
}

/**
 * Flags the blocks of column j (before the helix) that may hold a finite cell: a cell's next pair
 * lies at most `reach` columns on (up to the helix) and `reach` positions on, so its block or one of
 * the next `spread` blocks of such a column must hold a finite cell.
 */
function markActiveBlocks(j: i32): void {
  const active = activeBlocks();
  const bytes = blockRowBytes(columnStride);
  const reach = max(maxInternal, maxBulge) + 1;
  const spread = (reach + 15) >> 4;
  const last = min(j + reach, lastLanding(j));
  memory.fill(active, 0, <usize>bytes);
  for (let l = j + 1; l <= last; l++) {
    const flags = finiteBlocks(l);
    for (let b = 0; b < bytes; b += 16) v128.store(active + <usize>b, v128.or(v128.load(active + <usize>b), v128.load(flags + <usize>b)));
  }
  const blocks = (n + 15) >> 4;
  for (let b = 0; b < blocks; b++) {
    let any = load<u8>(active + <usize>b);
    for (let s = 1; s <= spread; s++) any |= load<u8>(active + <usize>(b + s)); // blocks after b are not yet widened
    store<u8>(active + <usize>b, any);
  }
}

/** Copies the cells of positions() [from, to) that lie in active blocks to activeCells() from `into`; returns the end. */
function compactActive(from: i32, to: i32, into: i32): i32 {
  const list = positions();
  const active = activeBlocks();
  const out = activeCells();
  let k = into;
  for (let p = from; p < to; p++) {
    const i = load<i32>(list + (<usize>p << 2));
    store<i32>(out + (<usize>k << 2), i);
    k += <i32>load<u8>(active + <usize>(i >> 4)); // branch-free: the slot is kept only for an active cell
  }
  return k;
}

function fillColumnVector(j: i32): void {
  const a = colA();
  const helix = inHelix(j);
  const limit = lastLanding(j);
  const vmax = helix || maxInternal < 3 ? 0 : min(maxInternal, limit - j - 1);
  const bmax = helix ? 0 : maxBulge;
  const queryBulges = min(bmax, limit - j - 1); // a miRNA bulge of b lands on column j+b+1 ≤ limit
  const c1 = j + 1 <= limit ? colC(j + 1) : 0;
  const c2 = !helix && j + 2 <= limit ? colC(j + 2) : 0;
  const c3 = !helix && j + 3 <= limit ? colC(j + 3) : 0;
  const flags = (!helix && j >= helixLo ? 1 : 0) | (!helix && maxBulge >= 1 ? 2 : 0);
  const rj = r(j);
  // partners of r[j]: A·U, C·G, G·C, G·U, U·A, U·G
  const partner1 = rj == 0 ? 3 : rj == 1 ? 2 : rj == 2 ? 1 : rj == 3 ? 0 : 0xff;
  const partner2 = rj == 2 ? 3 : rj == 3 ? 2 : 0xff;
  // the cells that pair with r[j], two groups by partner base: group g is [GROUP_RANGE[2g], GROUP_RANGE[2g + 1]) of `list`
  const sparse = helixLo >= 0 && j < helixLo;
  let list = positions();
  const from1 = partner1 <= 3 ? load<i32>(POSITION_START + (<usize>partner1 << 2)) : 0;
  const to1 = partner1 <= 3 ? load<i32>(POSITION_START + (<usize>(partner1 + 1) << 2)) : 0;
  const from2 = partner2 <= 3 ? load<i32>(POSITION_START + (<usize>partner2 << 2)) : 0;
  const to2 = partner2 <= 3 ? load<i32>(POSITION_START + (<usize>(partner2 + 1) << 2)) : 0;
  if (sparse) {
    markActiveBlocks(j);
    list = activeCells();
    const end1 = compactActive(from1, to1, 0);
    store<i32>(GROUP_RANGE, 0);
    store<i32>(GROUP_RANGE, end1, 4);
    store<i32>(GROUP_RANGE, end1, 8);
    store<i32>(GROUP_RANGE, compactActive(from2, to2, end1), 12);
  } else {
    store<i32>(GROUP_RANGE, from1);
    store<i32>(GROUP_RANGE, to1, 4);
    store<i32>(GROUP_RANGE, from2, 8);
    store<i32>(GROUP_RANGE, to2, 12);
  }

  // A: the special and generic loops, over the positions that pair with r[j] only (the vector pass
  // masks the others, so A may hold anything there)
  const inf = i16x8.splat(<i16>INF);
  if (helix || maxInternal < 1) {
    // no loops at all here (vmax is 0 too)
    for (let i: i32 = 0; i < n; i += 8) v128.store(a + (<usize>i << 1), inf);
  } else {
    buildSpecialTables(j);
    // lookups against an INF column where a loop may not land: sums ≥ FINITE mean "no loop"
    const s2 = c2 != 0 ? c2 : infColumn();
    const s3 = c3 != 0 && maxInternal >= 2 ? c3 : infColumn();
    const s21 = maxInternal >= 2 ? s2 : infColumn();
    const near = nearN();
    const k3s = keys3();
    const k4s = keys4();
    // an N among the miRNA bases a special loop leaves unpaired: the tables do not cover it
    const general = (j + 1 < m && r(j + 1) > 3) || (j + 2 < m && r(j + 2) > 3);
    for (let g = 0; g < 2; g++) {
      const from = load<i32>(GROUP_RANGE + (<usize>g << 3));
      const to = load<i32>(GROUP_RANGE + (<usize>g << 3), 4);
      for (let p = from; p < to; p++) {
        const i = load<i32>(list + (<usize>p << 2));
        const slot = <usize>i << 1;
        let best: i32;
        if (general || load<u8>(near + <usize>i) != 0) {
          best = specialLoops(i, j, c2, c3); // an N inside the loop: the general formula
        } else {
          const key3 = <usize>load<u8>(k3s + <usize>i) << 2;
          const key4 = <usize>load<u8>(k4s + <usize>i) << 2;
          best = min(
            min(<i32>load<i16>(s2 + slot, 4) + load<i32>(SPECIAL_11 + key3), <i32>load<i16>(s21 + slot, 6) + load<i32>(SPECIAL_21 + key4)),
            min(<i32>load<i16>(s3 + slot, 4) + load<i32>(SPECIAL_12 + key3), <i32>load<i16>(s3 + slot, 6) + load<i32>(SPECIAL_22 + key4)),
          );
        }
        store<i16>(a + slot, <i16>min(best, INF));
      }
    }
    if (vmax > 0) {
      // the generic loops, four cells at a time (each (u, v) cost row is loaded once for the four)
      for (let g = 0; g < 2; g++) {
        const from = load<i32>(GROUP_RANGE + (<usize>g << 3));
        const to = load<i32>(GROUP_RANGE + (<usize>g << 3), 4);
        let p = from;
        for (; p + 4 <= to; p += 4) genericLoops4(list + (<usize>p << 2), j, vmax, a);
        if (p < to) {
          // the last one to three cells, the last of them repeated (adding a cell's loops twice changes nothing)
          for (let k = 0; k < 4; k++) store<i32>(LOOP_TAIL + (<usize>k << 2), load<i32>(list + (<usize>min(p + k, to - 1) << 2)));
          genericLoops4(LOOP_TAIL, j, vmax, a);
        }
      }
    }
  }

  // every other candidate and D, 16 cells at a time
  const p1 = i8x16.splat(<i8>partner1);
  const p2 = i8x16.splat(<i8>partner2);
  let lows = inf;
  for (let at: i32 = 0; at < n; at += 16) {
    if (sparse && load<u8>(activeBlocks() + <usize>(at >> 4)) == 0) {
      const slot = <usize>at << 1;
      for (let half: usize = 0; half < 32; half += 16) {
        v128.store(colC(j) + slot + half, inf);
        v128.store(colD(j) + slot + half, inf);
        v128.store(colE() + slot + half, inf);
      }
      continue;
    }
    const codes = v128.load(target + <usize>at);
    const pairs = v128.or(i8x16.eq(codes, p1), i8x16.eq(codes, p2));
    lookUpAll(at);
    const slot = <usize>at << 1;
    lows = vectorCells(j, slot, i16x8.extend_low_i8x16_s(pairs), flags, c1, c2, bmax, queryBulges, LOOKED_UP, lows);
    lows = vectorCells(j, slot + 16, i16x8.extend_high_i8x16_s(pairs), flags, c1, c2, bmax, queryBulges, LOOKED_UP + 16, lows);
  }
  let low = min(min(min(<i32>i16x8.extract_lane_s(lows, 0), <i32>i16x8.extract_lane_s(lows, 1)), min(<i32>i16x8.extract_lane_s(lows, 2), <i32>i16x8.extract_lane_s(lows, 3))),
            min(min(<i32>i16x8.extract_lane_s(lows, 4), <i32>i16x8.extract_lane_s(lows, 5)), min(<i32>i16x8.extract_lane_s(lows, 6), <i32>i16x8.extract_lane_s(lows, 7))));
  // cells whose keys cannot express their context (an N after them, or the last one): recompute C,
  // then D and E there
  for (let p = irregularFrom; p < irregularFrom + irregularCount; p++) {
    const i = load<i32>(positions() + (<usize>p << 2));
    store<i16>(colC(j) + (<usize>i << 1), <i16>cellValue(i, j));
    low = min(low, exactClosing(i, j));
  }
  // keys stand in A for an N before a cell (or for nothing, at 0): fix D and E there. Their vector
  // left-end energies could only come out lower than the truth, so `low` still flags every improvement.
  for (let p = afterNFrom; p < afterNFrom + afterNCount; p++) low = min(low, exactClosing(load<i32>(positions() + (<usize>p << 2)), j));
  if (helixLo >= 0) recordFiniteBlocks(j);
  if (startsOut != 0 && (helixLo < 0 || j <= helixLo)) {
    const e = colE();
    for (let k: usize = 0; k < <usize>n; k += 8) v128.store(startsOut + (k << 1), i16x8.min_s(v128.load(startsOut + (k << 1)), v128.load(e + (k << 1))));
  }
  if ((helixLo < 0 || j <= helixLo) && low < bestEnergy) {
    const e = colE();
    for (let k: i32 = 0; k < n; k++) {
      const energy = <i32>load<i16>(e + (<usize>k << 1));
      if (energy < bestEnergy) {
        bestEnergy = energy;
        bestI = k;
        bestJ = j;
      }
    }
  }
}

/** Lookup keys of every target position and its positions grouped by base, for the vector pass. */
function prepareTarget(): void {
  const xy = keysXY();
  const xz = keysXZ();
  const wx = keysWX();
  const list = positions();
  const cursor = POSITION_CURSOR;
  for (let b = 0; b < 5; b++) store<i32>(cursor + (<usize>b << 2), 0);
  // the irregular cells and those after an N are listed after the n grouped positions
  irregularFrom = n;
  afterNFrom = 2 * n;
  let irregular = irregularFrom;
  let afterN = afterNFrom;
  let previous = 4; // no base before position 0
  for (let i: i32 = 0; i < n; i++) {
    const code = t(i);
    const x = code & 3;
    const y = t(i + 1);
    const z = t(i + 2);
    const w = t(i + 3);
    store<u8>(xy + <usize>i, <u8>(x * 4 + (y & 3)));
    store<u8>(xz + <usize>i, <u8>(x * 4 + (z & 3)));
    store<u8>(wx + <usize>i, <u8>((previous & 3) * 4 + x));
    store<u8>(keys3() + <usize>i, <u8>(x * 16 + (y & 3) * 4 + (z & 3)));
    store<u8>(keys4() + <usize>i, <u8>(x * 64 + (y & 3) * 16 + (z & 3) * 4 + (w & 3)));
    store<u8>(nearN() + <usize>i, <u8>((y | z | w) >> 2));
    const at = cursor + (<usize>code << 2);
    store<i32>(at, load<i32>(at) + 1);
    if (y == 4) store<i32>(list + (<usize>(irregular++) << 2), i); // an N after it, or the last cell
    if (previous == 4) store<i32>(list + (<usize>(afterN++) << 2), i); // an N before it, or the first cell
    previous = code;
  }
  irregularCount = irregular - irregularFrom;
  afterNCount = afterN - afterNFrom;
  // positions grouped by base (a counting sort: no data-dependent branch per base)
  let count = 0;
  for (let b = 0; b < 5; b++) {
    const size = load<i32>(cursor + (<usize>b << 2));
    store<i32>(POSITION_START + (<usize>b << 2), count);
    store<i32>(cursor + (<usize>b << 2), count);
    count += size;
  }
  for (let i: i32 = 0; i < n; i++) {
    const at = cursor + (<usize>t(i) << 2);
    const slot = load<i32>(at);
    store<i32>(list + (<usize>slot << 2), i);
    store<i32>(at, slot + 1);
  }
}

/**
 * Fills the tables for the miRNA `mir` (codes 5'→3', length q ≤ 32) against `tgt` (length len),
 * with loops up to `internal` unpaired bases per side and bulges up to `bulge`; `helixFrom`..
 * `helixTo` (1-based miRNA nt, 0 = none) force one stacked helix over those positions.
 * With `starts` ≠ 0, also writes there, per target position, the best energy of a duplex starting
 * at it (i16, INF when none; room for len rounded up to 8), which duplexStartAt finds for one
 * position: the other sites come from it.
 * Returns the minimum free energy in dcal/mol (0 when nothing pairs favourably); then
 * duplexBestStart / duplexTrace read the structures.
 */
export function duplex(mir: usize, q: i32, tgt: usize, len: i32, workspace: usize, internal: i32, bulge: i32, helixFrom: i32, helixTo: i32, starts: usize): i32 {
  if (q > MAX_QUERY) unreachable();
  target = tgt;
  n = len;
  m = q;
  work = workspace;
  columnStride = (len + PAD + 15) & ~15;
  maxInternal = min(internal, MAX_LOOP / 2);
  maxBulge = min(bulge, MAX_LOOP);
  helixLo = helixFrom > 0 ? q - helixTo : -1;
  helixHi = helixFrom > 0 ? q - helixFrom : -1;
  for (let j = 0; j < q; j++) store<u8>(QUERY + <usize>j, load<u8>(mir + <usize>(q - 1 - j)));
  if (maxInternal != costsForInternal || maxBulge != costsForBulge) fillLoopCosts();
  // the padding after each C and D column and the INF column must read as "no structure"; the vector
  // pass writes every cell of a column before any read of it (the scalar one relies on the fill)
  const total = <usize>((2 * q + 3) * columnStride);
  if (ASC_FEATURE_SIMD) {
    const inf = i16x8.splat(<i16>INF);
    const from = <usize>(len & ~7);
    for (let column = 0; column < 2 * q + 3; column++) {
      const base = work + (<usize>(column * columnStride) << 1);
      const start: usize = column == 2 * q + 2 ? 0 : from;
      for (let k: usize = start; k < <usize>columnStride; k += 8) v128.store(base + (k << 1), inf);
    }
  } else {
    for (let k: usize = 0; k < total; k++) store<i16>(work + (k << 1), <i16>INF);
  }
  startsOut = starts;
  if (starts != 0) for (let k: usize = 0; k < <usize>((len + 7) & ~7); k++) store<i16>(starts + (k << 1), <i16>INF);
  if (ASC_FEATURE_SIMD) prepareTarget();
  bestEnergy = 0;
  bestI = -1;
  bestJ = -1;
  for (let j = q - 1; j >= 0; j--) fillColumn(j);
  return bestEnergy;
}

/** First pair (target index, reversed miRNA index) of the optimal duplex, after duplex(). */
export function duplexBestI(): i32 {
  return bestI;
}

export function duplexBestJ(): i32 {
  return bestJ;
}

/**
 * Best duplex starting at target position i (any miRNA position) after duplex(): its energy
 * (dcal/mol, ≥ INF when none), with the miRNA index written to `outJ`.
 */
export function duplexStartAt(i: i32, outJ: usize): i32 {
  let best = INF;
  let bestJ = -1;
  for (let j = 0; j < m; j++) {
    if (helixLo >= 0 && j > helixLo) break;
    const c = C(i, j);
    if (c >= INF) continue;
    const e = c + leftEnd(i, j);
    if (e < best) {
      best = e;
      bestJ = j;
    }
  }
  store<i32>(outJ, bestJ);
  return best;
}

/**
 * Follows the optimal duplex from its first pair (i, j) (j in reversed miRNA indexing, as
 * duplexStartAt reports it) and writes its pairs as (target index, miRNA index 5'→3') i32 pairs.
 * Returns the number of pairs.
 */
export function duplexTrace(i: i32, j: i32, out: usize): i32 {
  let count = 0;
  while (true) {
    store<i32>(out + (<usize>count << 3), i);
    store<i32>(out + (<usize>count << 3) + 4, m - 1 - j);
    count++;
    const c = C(i, j);
    const limit = lastLanding(j);
    if (!inHelix(j) && j >= helixLo && c == rightEnd(i, j)) break;
    let found = false;
    const span = inHelix(j) ? 1 : max(maxInternal, maxBulge) + 1;
    for (let k = i + 1; k <= i + span && k < n && !found; k++) {
      for (let l = j + 1; l <= j + span && l <= limit; l++) {
        const u = k - i - 1;
        const v = l - j - 1;
        if (u > 0 && v > 0 && (u > maxInternal || v > maxInternal)) continue;
        if ((u == 0 || v == 0) && u + v > maxBulge) continue;
        const next = C(k, l);
        if (next >= INF || pairType(t(k), r(l)) < 0) continue;
        if (next + loopEnergy(i, j, k, l) == c) {
          i = k;
          j = l;
          found = true;
          break;
        }
      }
    }
    if (!found) break; // cannot happen when the tables are consistent
  }
  return count;
}
