// psRNATarget-style expectation and target mimicry written for clarity (assembly/expectation.ts is the
// fast version): a full Gotoh DP over miRNA nt 1..H × every target column with a traceback matrix,
// and a direct scan for mimicry sites. Definitions: docs/complementarity.md.
import {
  expectationCall,
  PSRNATARGET_V2,
  type ExpectationResult,
  type ExpectationSite,
  type MimicrySite,
} from "../../../functions/kernels/expectation.ts";

const SEED = (i: number) => i >= 2 && i <= 13;
const SEED_BULGE = (i: number) => i >= 2 && i < 13; // a lncRNA bulge after nt i, inside the seed
const weigh = (penalty: number, seed: boolean) => (seed ? penalty * 1.5 : penalty);
const isPair = (m: number, t: number) => m < 4 && t < 4 && m + t === 3;
const isWobble = (m: number, t: number) => m < 4 && t < 4 && m + t === 5;

function pairPenalty(i: number, m: number, t: number): number {
  if (isPair(m, t)) return 0;
  return weigh(isWobble(m, t) ? 0.5 : 1, SEED(i));
}
const open = (i: number) => weigh(2, SEED(i));
const extend = (i: number) => weigh(0.5, SEED(i));
const bulgeOpen = (i: number) => weigh(2, SEED_BULGE(i));
const bulgeExtend = (i: number) => weigh(0.5, SEED_BULGE(i));

export function expectationRef(mir: Uint8Array, target: Uint8Array, hsp = PSRNATARGET_V2.hspSize): ExpectationResult {
  const h = Math.min(mir.length, hsp, 32);
  const mimicry = mimicryRef(mir, target);
  const n = target.length;
  if (h < 1 || n < 1) return { scoredLength: h, best: null, mimicry };
  // column k is target position n − 1 − k: miRNA nt i and k both grow along a site
  const s = Array.from({ length: n }, (_, k) => target[n - 1 - k]!);
  const grid = () => Array.from({ length: h + 1 }, () => new Array<number>(n).fill(Infinity));
  const M = grid();
  const X = grid();
  const Y = grid();
  for (let i = 1; i <= h; i++) {
    for (let k = 0; k < n; k++) {
      const before =
        i === 1 ? 0 : k === 0 ? Infinity : Math.min(M[i - 1]![k - 1]!, X[i - 1]![k - 1]!, Y[i - 1]![k - 1]!);
      M[i]![k] = before + pairPenalty(i, mir[i - 1]!, s[k]!);
      X[i]![k] = Math.min(M[i - 1]![k]! + open(i), X[i - 1]![k]! + extend(i));
      Y[i]![k] = k === 0 ? Infinity : Math.min(M[i]![k - 1]! + bulgeOpen(i), Y[i]![k - 1]! + bulgeExtend(i));
    }
  }
  let endColumn = 0;
  for (let k = 0; k < n; k++) if (M[h]![k]! <= M[h]![endColumn]!) endColumn = k;
  const expectation = M[h]![endColumn]!;
  if (!Number.isFinite(expectation)) return { scoredLength: h, best: null, mimicry }; // no site ends on a pair

  const mismatches: number[] = [];
  const wobbles: number[] = [];
  const unpaired: number[] = [];
  const bulgeAfter = new Array<number>(h + 1).fill(0);
  let [i, k, state] = [h, endColumn, "M" as "M" | "X" | "Y"];
  let firstColumn: number;
  for (;;) {
    if (state === "M") {
      const [m, t] = [mir[i - 1]!, s[k]!];
      if (isWobble(m, t)) wobbles.push(i);
      else if (!isPair(m, t)) mismatches.push(i);
      firstColumn = k;
      if (i === 1) break;
      const rest = M[i]![k]! - pairPenalty(i, m, t);
      [i, k] = [i - 1, k - 1];
      state = M[i]![k] === rest ? "M" : X[i]![k] === rest ? "X" : "Y";
    } else if (state === "X") {
      unpaired.push(i);
      state = M[i - 1]![k]! + open(i) === X[i]![k] ? "M" : "X";
      i--;
    } else {
      bulgeAfter[i]!++;
      state = M[i]![k - 1]! + bulgeOpen(i) === Y[i]![k] ? "M" : "Y";
      k--;
    }
  }
  const targetBulges = bulgeAfter.flatMap((length, after) => (length > 0 ? [{ after, length }] : []));
  const inSeed = (p: number) => p >= 2 && p <= 13;
  const seedMismatches =
    mismatches.filter(inSeed).length +
    unpaired.filter(inSeed).length +
    targetBulges.filter((b) => SEED_BULGE(b.after)).reduce((sum, b) => sum + b.length, 0);
  const paired = (p: number) => p <= h && !mismatches.includes(p) && !unpaired.includes(p);
  const cleavageSite = h > 10 && paired(10) && paired(11) && bulgeAfter[10] === 0;
  const best: ExpectationSite = {
    expectation,
    start: n - endColumn,
    end: n - firstColumn,
    mismatches: mismatches.sort((a, b) => a - b),
    wobbles: wobbles.sort((a, b) => a - b),
    unpaired: unpaired.sort((a, b) => a - b),
    targetBulges,
    seedMismatches,
    cleavageSite,
    ...expectationCall(expectation, seedMismatches, cleavageSite),
  };
  return { scoredLength: h, best, mimicry };
}

/**
 * Target mimicry (Wu et al. 2013): miRNA nt 2–8 pair Watson–Crick; the lncRNA holds exactly three
 * unpaired nt after miRNA nt 9, 10 or 11; every other miRNA nt pairs, with at most three mismatches
 * and G:U pairs in all and never more than two mismatches in a row.
 */
export function mimicryRef(mir: Uint8Array, target: Uint8Array): { sites: number; best: MimicrySite | null } {
  const L = mir.length;
  let sites = 0;
  let best: MimicrySite | null = null;
  if (L <= 12) return { sites, best };
  // the site's 5′ end on the lncRNA at `start` (0-based): nt i faces start + L + 3 − i, minus 3 past the bulge
  for (let start = 0; start + L + 3 <= target.length; start++) {
    for (let bulge = 9; bulge <= 11; bulge++) {
      const facing = (i: number) => target[start + L + 3 - i - (i > bulge ? 3 : 0)]!;
      let seedPaired = true;
      for (let i = 2; i <= 8; i++) seedPaired &&= isPair(mir[i - 1]!, facing(i));
      if (!seedPaired) continue;
      let mispairs = 0;
      let run = 0;
      let longestRun = 0;
      for (let i = 1; i <= L; i++) {
        if (i >= 2 && i <= 8) {
          run = 0; // the paired seed ends a run of mismatches
          continue;
        }
        const [m, t] = [mir[i - 1]!, facing(i)];
        if (isPair(m, t)) run = 0;
        else if (isWobble(m, t)) [mispairs, run] = [mispairs + 1, 0];
        else [mispairs, run, longestRun] = [mispairs + 1, run + 1, Math.max(longestRun, run + 1)];
      }
      if (mispairs > 3 || longestRun > 2) continue;
      sites++;
      if (!best || mispairs < best.mispairs)
        best = { start: start + 1, end: start + L + 3, bulgeAfter: bulge, mispairs };
    }
  }
  return { sites, best };
}
