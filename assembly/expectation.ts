// Plant target complementarity in psRNATarget's scoring schema V2 (Dai, Zhuang & Zhao, NAR 2018):
// the expectation of the miRNA's best alignment on the target, its site and alignment, and the
// target-mimicry check (Wu et al. 2013). Every parameter and its source: docs/complementarity.md;
// test/reference/expectation.ts restates the definitions in plain TS.
//
// Penalties are in quarter points (u8, saturating at 255) so that 0.5 × 1.5 stays an integer.
// The alignment covers miRNA nt 1..H (H = min(length, HSP size)); it is global on the miRNA and
// local on the target. With the target reversed (s[k] = t[n−1−k]) miRNA nt i and target column k
// both increase along a site, and the Gotoh recurrences for row i (miRNA nt i) are
//   M[i][k] = cost(i, s[k]) + min(M, X, Y)[i−1][k−1]            nt i against s[k]
//   X[i][k] = min(M[i−1][k] + open(i), X[i−1][k] + extend(i))  nt i unpaired (miRNA bulge)
//   Y[i][k] = min(M[i][k−1] + open'(i), Y[i][k−1] + extend'(i)) s[k] unpaired after nt i (target bulge)
// with row 0 free (a site may start anywhere) and sites ending on M[H]. The SIMD build runs 16
// columns per vector and all H rows per block, carrying each row's last column into the next
// block; the target-bulge recurrence runs along the columns, so within a block it is a prefix-min
// by doubling plus the carried chain. The best site's alignment is traced on a small window.

const INF: i32 = 255;
const PAD_CODE: u8 = 5; // reversed-target padding past the end: never a site
const MAX_HSP: i32 = 32;
const MAX_TRACE_BULGE: i32 = (INF - 8) / 2 + 1; // target-bulge nt a site below INF can hold

// penalties in quarter points: psRNATarget V2 defaults, ×1.5 in the seed region
const MISMATCH: i32 = 4;
const WOBBLE: i32 = 2;
const GAP_OPEN: i32 = 8;
const GAP_EXTEND: i32 = 2;
const SEED_FIRST: i32 = 2;
const SEED_LAST: i32 = 13;
const CLEAVAGE_FIRST: i32 = 10; // nt 10 and 11 pair at a cleavage site

// alignment states per miRNA nt, as written to the output record
const PAIRED: u8 = 0;
const WOBBLED: u8 = 1;
const MISMATCHED: u8 = 2;
const UNPAIRED: u8 = 3;

// output record (i32 offsets); states and bulges follow as bytes
const OUT_STATES: usize = 64;
const OUT_BULGES: usize = OUT_STATES + <usize>MAX_HSP;
/** Bytes of the output record expectation() writes. */
export const EXPECTATION_RECORD_BYTES: i32 = 64 + 2 * MAX_HSP;

@inline function inSeed(i: i32): bool {
  return i >= SEED_FIRST && i <= SEED_LAST;
}

// a target bulge after nt i lies in the seed when both of its neighbours do
@inline function bulgeInSeed(i: i32): bool {
  return i >= SEED_FIRST && i < SEED_LAST;
}

@inline function weigh(penalty: i32, seed: bool): i32 {
  return seed ? (penalty * 3) >> 1 : penalty;
}

@inline function pairCost(i: i32, m: i32, t: i32): i32 {
  if (m < 4 && t < 4) {
    if (m + t == 3) return 0;
    if (m + t == 5) return weigh(WOBBLE, inSeed(i));
  }
  return weigh(MISMATCH, inSeed(i));
}

@inline function addSat(a: i32, b: i32): i32 {
  return min(INF, a + b);
}

/** Bytes of work memory expectation() needs for a miRNA of mirLen nt on a target of targetLen nt. */
export function expectationWorkBytes(mirLen: i32, targetLen: i32, hsp: i32): i32 {
  const h = min(min(mirLen, hsp), MAX_HSP);
  const reversed = ((targetLen + 15) & ~15) + 16;
  const rows = (h + 1) * 16;
  const trace = 3 * (h + 1) * (h + MAX_TRACE_BULGE);
  return reversed + 3 * rows + 6 * (h + 1) + trace + 64;
}

/**
 * Lowest expectation of the miRNA (codes at mir) on the target, in quarter points, or −1 when no
 * site fits (an empty sequence, or a 1-nt target for a longer miRNA). The record at out: [0] expectation, [1] site start, [2] site end (1-based
 * on the target), [3] seed-region mismatches, [4] cleavage site paired, [5] H, [6] mimicry sites,
 * [7] best mimicry start, [8] end, [9] miRNA nt the bulge follows, [10] its mismatches and G:U;
 * then per miRNA nt 1..H its state (0 Watson–Crick, 1 G:U, 2 mismatch, 3 unpaired) and the target
 * nt left unpaired after it.
 */
export function expectation(mir: usize, mirLen: i32, target: usize, targetLen: i32, hsp: i32, work: usize, out: usize): i32 {
  memory.fill(out, 0, <usize>EXPECTATION_RECORD_BYTES);
  mimicry(mir, mirLen, target, targetLen, out);
  const h = min(min(mirLen, hsp), MAX_HSP);
  store<i32>(out, -1);
  store<i32>(out + 20, h);
  if (h < 1 || targetLen < 1) return -1;
  const n = targetLen;
  const padded = (n + 15) & ~15;
  const s = work;
  for (let k = 0; k < n; k++) store<u8>(s + <usize>k, load<u8>(target + <usize>(n - 1 - k)));
  memory.fill(s + <usize>n, PAD_CODE, <usize>(padded + 16 - n));
  const tables = s + <usize>(padded + 16); // per row: cost by target code (16 bytes)
  const ramps = tables + <usize>((h + 1) * 16); // per row: extend'(i) × (lane + 1)
  const carries = ramps + <usize>((h + 1) * 16); // per row: M, Y, P of the previous block's last column
  const trace = carries + <usize>(6 * (h + 1) + 16);
  for (let i = 1; i <= h; i++) {
    const m = <i32>load<u8>(mir + <usize>(i - 1));
    const row = tables + <usize>(i * 16);
    for (let c = 0; c < 16; c++) store<u8>(row + <usize>c, pairCost(i, m, c));
    const extend = weigh(GAP_EXTEND, bulgeInSeed(i));
    for (let lane = 0; lane < 16; lane++) store<u8>(ramps + <usize>(i * 16 + lane), extend * (lane + 1));
  }
  let best: i32 = INF + 1;
  let bestK: i32 = -1;
  if (ASC_FEATURE_SIMD) {
    const lastM = carries;
    const lastY = carries + <usize>(h + 1);
    const lastP = carries + <usize>(2 * (h + 1));
    memory.fill(carries, <u8>INF, <usize>(3 * (h + 1)));
    const inf = i8x16.splat(-1);
    for (let b0 = 0; b0 < n; b0 += 16) {
      const tv = v128.load(s + <usize>b0);
      let prevM = inf;
      let prevX = inf;
      let prevP = i8x16.splat(0);
      let carryP: i32 = 0; // P[i−1] of the previous block's last column (row 0: free)
      let m = inf;
      for (let i = 1; i <= h; i++) {
        const seed = inSeed(i);
        const shiftedP = i8x16.shuffle(i8x16.splat(<i8>carryP), prevP, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30);
        m = i8x16.add_sat_u(shiftedP, i8x16.swizzle(v128.load(tables + <usize>(i * 16)), tv));
        const x = i8x16.min_u(
          i8x16.add_sat_u(prevM, i8x16.splat(<i8>weigh(GAP_OPEN, seed))),
          i8x16.add_sat_u(prevX, i8x16.splat(<i8>weigh(GAP_EXTEND, seed))),
        );
        const bulgeSeed = bulgeInSeed(i);
        const extend = weigh(GAP_EXTEND, bulgeSeed);
        const shiftedM = i8x16.shuffle(i8x16.splat(<i8>load<u8>(lastM + <usize>i)), m, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30);
        let y = i8x16.add_sat_u(shiftedM, i8x16.splat(<i8>weigh(GAP_OPEN, bulgeSeed)));
        y = i8x16.min_u(y, i8x16.add_sat_u(i8x16.shuffle(inf, y, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30), i8x16.splat(<i8>extend)));
        y = i8x16.min_u(y, i8x16.add_sat_u(i8x16.shuffle(inf, y, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29), i8x16.splat(<i8>(2 * extend))));
        y = i8x16.min_u(y, i8x16.add_sat_u(i8x16.shuffle(inf, y, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27), i8x16.splat(<i8>(4 * extend))));
        y = i8x16.min_u(y, i8x16.add_sat_u(i8x16.shuffle(inf, y, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23), i8x16.splat(<i8>(8 * extend))));
        y = i8x16.min_u(y, i8x16.add_sat_u(i8x16.splat(<i8>load<u8>(lastY + <usize>i)), v128.load(ramps + <usize>(i * 16))));
        const p = i8x16.min_u(m, i8x16.min_u(x, y));
        store<u8>(lastM + <usize>i, i8x16.extract_lane_u(m, 15));
        store<u8>(lastY + <usize>i, i8x16.extract_lane_u(y, 15));
        carryP = <i32>load<u8>(lastP + <usize>i);
        store<u8>(lastP + <usize>i, i8x16.extract_lane_u(p, 15));
        prevM = m;
        prevX = x;
        prevP = p;
      }
      // sites end on M[H]; lanes past the target are padding
      if (b0 + 16 > n) {
        const lanes = i8x16(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
        m = v128.or(m, i8x16.ge_u(lanes, i8x16.splat(<i8>(n - b0))));
      }
      let low = i8x16.min_u(m, i8x16.shuffle(m, m, 8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7));
      low = i8x16.min_u(low, i8x16.shuffle(low, low, 4, 5, 6, 7, 0, 1, 2, 3, 4, 5, 6, 7, 0, 1, 2, 3));
      low = i8x16.min_u(low, i8x16.shuffle(low, low, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1));
      low = i8x16.min_u(low, i8x16.shuffle(low, low, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0));
      const blockBest = <i32>i8x16.extract_lane_u(low, 0);
      if (blockBest <= best) {
        // ties: the last column, i.e. the site nearest the target's 5′ end
        const lanes = i8x16.bitmask(i8x16.eq(m, i8x16.splat(<i8>blockBest)));
        best = blockBest;
        bestK = b0 + 31 - <i32>clz(lanes);
      }
    }
  } else {
    // column by column, the same recurrences; prev*/cur* hold one column each, rows 0..h
    const stride = <usize>(h + 1);
    let prevM = carries;
    let prevY = prevM + stride;
    let prevP = prevY + stride;
    let curM = prevP + stride;
    let curY = curM + stride;
    let curP = curY + stride;
    memory.fill(carries, <u8>INF, stride * 6);
    store<u8>(prevP, 0);
    for (let k = 0; k < n; k++) {
      const t = <i32>load<u8>(s + <usize>k);
      store<u8>(curP, 0);
      let mAbove: i32 = INF;
      let xAbove: i32 = INF;
      for (let i = 1; i <= h; i++) {
        const seed = inSeed(i);
        const bulgeSeed = bulgeInSeed(i);
        const m = addSat(<i32>load<u8>(prevP + <usize>(i - 1)), <i32>load<u8>(tables + <usize>(i * 16 + t)));
        const x = min(addSat(mAbove, weigh(GAP_OPEN, seed)), addSat(xAbove, weigh(GAP_EXTEND, seed)));
        const y = min(
          addSat(<i32>load<u8>(prevM + <usize>i), weigh(GAP_OPEN, bulgeSeed)),
          addSat(<i32>load<u8>(prevY + <usize>i), weigh(GAP_EXTEND, bulgeSeed)),
        );
        store<u8>(curM + <usize>i, m);
        store<u8>(curY + <usize>i, y);
        store<u8>(curP + <usize>i, min(m, min(x, y)));
        mAbove = m;
        xAbove = x;
      }
      if (mAbove <= best) {
        best = mAbove;
        bestK = k;
      }
      let swap = prevM;
      prevM = curM;
      curM = swap;
      swap = prevY;
      prevY = curY;
      curY = swap;
      swap = prevP;
      prevP = curP;
      curP = swap;
    }
  }
  if (best >= INF) return -1; // a target too short for any site ending on a pair
  traceSite(mir, s, n, h, tables, best, bestK, trace, out);
  return best;
}

/**
 * Recomputes the DP on the columns a site ending at column kEnd with this cost can span, then
 * traces it (preferring M, then X, then Y at every tie) into the output record.
 */
@inline function cell(i: i32, c: i32, width: i32): usize {
  return <usize>(i * width + c);
}

function traceSite(mir: usize, s: usize, n: i32, h: i32, tables: usize, cost: i32, kEnd: i32, trace: usize, out: usize): void {
  const bulges = cost >= GAP_OPEN ? (cost - GAP_OPEN) / GAP_EXTEND + 1 : 0;
  const lo = max(0, kEnd - (h + bulges) + 1);
  const width = kEnd - lo + 1;
  const plane = <usize>((h + 1) * width);
  const tM = trace;
  const tX = trace + plane;
  const tY = trace + 2 * plane;
  for (let c = 0; c < width; c++) {
    store<u8>(tM + cell(0, c, width), INF);
    store<u8>(tX + cell(0, c, width), INF);
    store<u8>(tY + cell(0, c, width), INF);
  }
  for (let i = 1; i <= h; i++) {
    const seed = inSeed(i);
    const bulgeSeed = bulgeInSeed(i);
    for (let c = 0; c < width; c++) {
      const t = <i32>load<u8>(s + <usize>(lo + c));
      let diag: i32 = i == 1 ? 0 : INF;
      if (c > 0 && i > 1) diag = min(<i32>load<u8>(tM + cell(i - 1, c - 1, width)), min(<i32>load<u8>(tX + cell(i - 1, c - 1, width)), <i32>load<u8>(tY + cell(i - 1, c - 1, width))));
      store<u8>(tM + cell(i, c, width), addSat(diag, <i32>load<u8>(tables + <usize>(i * 16 + t))));
      store<u8>(tX + cell(i, c, width), min(addSat(<i32>load<u8>(tM + cell(i - 1, c, width)), weigh(GAP_OPEN, seed)), addSat(<i32>load<u8>(tX + cell(i - 1, c, width)), weigh(GAP_EXTEND, seed))));
      let y: i32 = INF;
      if (c > 0) y = min(addSat(<i32>load<u8>(tM + cell(i, c - 1, width)), weigh(GAP_OPEN, bulgeSeed)), addSat(<i32>load<u8>(tY + cell(i, c - 1, width)), weigh(GAP_EXTEND, bulgeSeed)));
      store<u8>(tY + cell(i, c, width), y);
    }
  }
  const states = out + OUT_STATES;
  const bulgeCounts = out + OUT_BULGES;
  let i = h;
  let c = width - 1;
  let state = 0; // 0 M, 1 X, 2 Y
  let first = c;
  while (i >= 1) {
    if (state == 0) {
      const m = <i32>load<u8>(mir + <usize>(i - 1));
      const t = <i32>load<u8>(s + <usize>(lo + c));
      const pc = pairCost(i, m, t);
      store<u8>(states + <usize>(i - 1), pc == 0 ? PAIRED : m < 4 && t < 4 && m + t == 5 ? WOBBLED : MISMATCHED);
      first = c;
      if (i == 1) break;
      const rest = <i32>load<u8>(tM + cell(i, c, width)) - pc;
      i--;
      c--;
      state = <i32>load<u8>(tM + cell(i, c, width)) == rest ? 0 : <i32>load<u8>(tX + cell(i, c, width)) == rest ? 1 : 2;
    } else if (state == 1) {
      store<u8>(states + <usize>(i - 1), UNPAIRED);
      const value = <i32>load<u8>(tX + cell(i, c, width));
      state = addSat(<i32>load<u8>(tM + cell(i - 1, c, width)), weigh(GAP_OPEN, inSeed(i))) == value ? 0 : 1;
      i--;
    } else {
      store<u8>(bulgeCounts + <usize>(i - 1), load<u8>(bulgeCounts + <usize>(i - 1)) + 1);
      const value = <i32>load<u8>(tY + cell(i, c, width));
      state = addSat(<i32>load<u8>(tM + cell(i, c - 1, width)), weigh(GAP_OPEN, bulgeInSeed(i))) == value ? 0 : 2;
      c--;
    }
  }
  let seedMismatches = 0;
  for (let j = SEED_FIRST; j <= min(h, SEED_LAST); j++) {
    const st = load<u8>(states + <usize>(j - 1));
    if (st == MISMATCHED || st == UNPAIRED) seedMismatches++;
    if (j < SEED_LAST) seedMismatches += <i32>load<u8>(bulgeCounts + <usize>(j - 1));
  }
  const cleavage =
    h > CLEAVAGE_FIRST &&
    load<u8>(states + <usize>(CLEAVAGE_FIRST - 1)) <= WOBBLED &&
    load<u8>(states + <usize>CLEAVAGE_FIRST) <= WOBBLED &&
    load<u8>(bulgeCounts + <usize>(CLEAVAGE_FIRST - 1)) == 0;
  store<i32>(out, cost);
  store<i32>(out + 4, n - (lo + width - 1)); // column kEnd pairs nt H: the site's 5′ end on the target
  store<i32>(out + 8, n - (lo + first));
  store<i32>(out + 12, seedMismatches);
  store<i32>(out + 16, cleavage ? 1 : 0);
}

// Target mimicry (Wu et al. 2013): miRNA nt 2–8 pair Watson–Crick, the target has exactly three
// unpaired nt after miRNA nt 9, 10 or 11, and the rest of the miRNA pairs with at most three
// mismatches and G:U pairs together, never more than two mismatches in a row.
const MIMICRY_SEED_LAST: i32 = 8;
const MIMICRY_BULGE: i32 = 3;
const MIMICRY_BULGE_FIRST: i32 = 9;
const MIMICRY_BULGE_LAST: i32 = 11;
const MIMICRY_MAX_MISPAIRS: i32 = 3;
const MIMICRY_MAX_RUN: i32 = 2;

function mimicry(mir: usize, mirLen: i32, target: usize, n: i32, out: usize): void {
  if (mirLen <= MIMICRY_BULGE_LAST + 1) return;
  let sites = 0;
  let bestScore = MIMICRY_MAX_MISPAIRS + 1;
  // e: the target position (0-based) nt 1 faces; nt i ≤ b faces e − (i − 1), nt i > b faces e − (i − 1) − 3
  for (let e = mirLen - 1 + MIMICRY_BULGE; e < n; e++) {
    let seedPaired = true;
    for (let i = 2; i <= MIMICRY_SEED_LAST; i++) {
      if (<i32>load<u8>(mir + <usize>(i - 1)) + <i32>load<u8>(target + <usize>(e - i + 1)) != 3) {
        seedPaired = false;
        break;
      }
    }
    if (!seedPaired) continue;
    for (let b = MIMICRY_BULGE_FIRST; b <= MIMICRY_BULGE_LAST; b++) {
      let mispairs = 0;
      let run = 0;
      let longest = 0;
      for (let i = 1; i <= mirLen; i++) {
        if (i >= 2 && i <= MIMICRY_SEED_LAST) {
          run = 0;
          continue;
        }
        const m = <i32>load<u8>(mir + <usize>(i - 1));
        const t = <i32>load<u8>(target + <usize>(e - i + 1 - (i > b ? MIMICRY_BULGE : 0)));
        if (m < 4 && t < 4 && m + t == 3) {
          run = 0;
        } else if (m < 4 && t < 4 && m + t == 5) {
          mispairs++;
          run = 0;
        } else {
          mispairs++;
          run++;
          longest = max(longest, run);
        }
      }
      if (mispairs > MIMICRY_MAX_MISPAIRS || longest > MIMICRY_MAX_RUN) continue;
      sites++;
      if (mispairs < bestScore) {
        bestScore = mispairs;
        store<i32>(out + 28, e - (mirLen - 1) - MIMICRY_BULGE + 1);
        store<i32>(out + 32, e + 1);
        store<i32>(out + 36, b);
        store<i32>(out + 40, mispairs);
      }
    }
  }
  store<i32>(out + 24, sites);
}
