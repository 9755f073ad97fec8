// Plain-TypeScript references of every kernel in assembly/encoders.ts, written for clarity rather
// than speed, straight from the definitions in docs/encoding.md. Tests compare the kernels against
// them; the kernel benchmark uses them as the baseline.

export type RefNormalized = { codes: Uint8Array; ambiguous: number } | { position: number; symbol: string };

const CODE: Record<string, number> = { A: 0, C: 1, G: 2, T: 3, U: 3 };
const AMBIGUOUS = new Set("NRYSWKMBDHV");
const WHITESPACE = new Set([" ", "\t", "\r", "\n", "\v", "\f"]);

export function normalizeRef(text: string): RefNormalized {
  const codes: number[] = [];
  let ambiguous = 0;
  let position = 0;
  for (const symbol of text) {
    position++;
    if (WHITESPACE.has(symbol)) continue;
    const upper = symbol.length === 1 && /[a-z]/i.test(symbol) ? symbol.toUpperCase() : symbol;
    const code = CODE[upper];
    if (code !== undefined) codes.push(code);
    else if (AMBIGUOUS.has(upper)) {
      codes.push(4);
      ambiguous++;
    } else return { position, symbol };
  }
  return { codes: Uint8Array.from(codes), ambiguous };
}

export function onehotRef(codes: Uint8Array, width: number, into?: Float32Array): Float32Array {
  const out = into ? into.fill(0) : new Float32Array(4 * width);
  for (let i = 0; i < Math.min(codes.length, width); i++) {
    const c = codes[i]!;
    if (c < 4) out[c * width + i] = 1;
  }
  return out;
}

export function kmerRef(codes: Uint8Array, kmax: number, normalize: boolean, into?: Float32Array): Float32Array {
  const blocks: number[][] = [];
  for (let k = 1; k <= kmax; k++) {
    const counts = new Array<number>(4 ** k).fill(0);
    for (let start = 0; start + k <= codes.length; start++) {
      let index = 0;
      let valid = true;
      for (let j = 0; j < k; j++) {
        const c = codes[start + j]!;
        if (c > 3) valid = false;
        index = index * 4 + (c & 3);
      }
      if (valid) counts[index]!++;
    }
    const total = counts.reduce((a, b) => a + b, 0);
    blocks.push(normalize && total > 0 ? counts.map((c) => c / total) : counts);
  }
  const flat = blocks.flat();
  if (!into) return Float32Array.from(flat);
  into.set(flat);
  return into;
}

export function ctdRef(codes: Uint8Array): Float32Array {
  const out = new Float32Array(30);
  const n = codes.length;
  if (n === 0) return out;
  const pairIndex = (a: number, b: number) => {
    const [lo, hi] = a < b ? [a, b] : [b, a];
    return [
      [-1, 0, 1, 2],
      [0, -1, 3, 4],
      [1, 3, -1, 5],
      [2, 4, 5, -1],
    ][lo]![hi]!;
  };
  for (let x = 0; x < 4; x++) out[x] = codes.filter((c) => c === x).length / n;
  if (n > 1) {
    const transitions = new Array<number>(6).fill(0);
    for (let i = 0; i + 1 < n; i++) {
      const a = codes[i]!;
      const b = codes[i + 1]!;
      if (a < 4 && b < 4 && a !== b) transitions[pairIndex(a, b)]!++;
    }
    transitions.forEach((t, j) => (out[4 + j] = t / (n - 1)));
  }
  for (let x = 0; x < 4; x++) {
    const positions: number[] = [];
    codes.forEach((c, i) => c === x && positions.push(i + 1));
    if (positions.length === 0) continue;
    [0, 0.25, 0.5, 0.75, 1].forEach((q, j) => {
      const rank = Math.max(1, Math.ceil(q * positions.length));
      out[10 + x * 5 + j] = positions[rank - 1]! / n;
    });
  }
  return out;
}

export function kmerTokensRef(
  codes: Uint8Array,
  k: number,
  stride: number,
  maxTokens: number,
): { tokens: Int32Array; windows: number } {
  const tokens = new Int32Array(maxTokens);
  const windows = codes.length >= k ? Math.floor((codes.length - k) / stride) + 1 : 0;
  for (let w = 0; w < Math.min(windows, maxTokens); w++) {
    const window = codes.subarray(w * stride, w * stride + k);
    if (window.some((c) => c > 3)) tokens[w] = 1;
    else tokens[w] = 2 + window.reduce((index, c) => index * 4 + c, 0);
  }
  return { tokens, windows };
}

export interface RefSite {
  start: number;
  end: number;
  type: string;
  wobble: number;
}

/** Seed sites by direct reading of the definition: target core t[p..p+5] pairs miRNA nt 7..2. */
export function seedSitesRef(mir: Uint8Array, target: Uint8Array): RefSite[] {
  const sites: RefSite[] = [];
  if (mir.length < 8) return sites;
  const watsonCrick = (t: number, m: number) =>
    (t === 0 && m === 3) || (t === 3 && m === 0) || (t === 1 && m === 2) || (t === 2 && m === 1);
  const gu = (t: number, m: number) => (t === 2 && m === 3) || (t === 3 && m === 2);
  for (let p = 0; p + 6 <= target.length; p++) {
    let wobble = 0;
    let ok = true;
    for (let q = 0; q < 6 && ok; q++) {
      const t = target[p + q]!;
      const m = mir[6 - q]!; // nt (7 - q), 0-based 6 - q
      if (watsonCrick(t, m)) continue;
      if (gu(t, m)) wobble++;
      else ok = false;
    }
    if (!ok) continue;
    const m8 = p >= 1 && watsonCrick(target[p - 1]!, mir[7]!);
    const a1 = p + 6 < target.length && target[p + 6] === 0;
    const type = m8 && a1 ? "8mer" : m8 ? "7mer-m8" : a1 ? "7mer-A1" : "6mer";
    sites.push({ start: (m8 ? p - 1 : p) + 1, end: (a1 ? p + 6 : p + 5) + 1, type, wobble });
  }
  return sites;
}

/**
 * Ungapped complementarity, written for clarity: for every antiparallel diagonal (miRNA nt k against
 * target nt p + m − 1 − k, p over every overlap), the best local segment score with G:C +7, A:U +2,
 * G:U +1 and anything else −5; positions past either end of the target count as N.
 */
export function complementarityRef(mir: Uint8Array, target: Uint8Array): number {
  const m = mir.length;
  const strength = (a: number, b: number) =>
    a > 3 || b > 3 ? -5 : a + b === 3 ? (a === 1 || a === 2 ? 7 : 2) : a + b === 5 ? 1 : -5;
  let best = 0;
  for (let p = 1 - m; p < target.length; p++) {
    let run = 0;
    for (let k = 0; k < m; k++) {
      run = Math.max(0, run + strength(mir[k]!, target[p + m - 1 - k] ?? 4));
      best = Math.max(best, run);
    }
  }
  return best;
}
