// Generated miRNA–lncRNA pairs whose model scores spread over (0, 1): random lncRNAs of plant-like
// lengths and base composition with 0–4 planted seed sites of mixed types. Never data-dir sequences.
import { randomRna, reverseComplement, seededRandom } from "./generators.ts";

export interface GeneratedPair {
  id: string;
  mirna: string;
  lncrna: string;
}

export function generatedPairs(count: number, seed: number): GeneratedPair[] {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
  return Array.from({ length: count }, (_, i) => {
    const mirna = randomRna(random, 20 + Math.floor(random() * 5));
    // AU-rich or GC-rich backgrounds, as lncRNAs vary
    const alphabet = pick(["ACGU", "AAUUCGU", "ACGGCCU", "AAAUUUCG"]);
    let lncrna = randomRna(random, 200 + Math.floor(random() * 2800), alphabet);
    const sites = Math.floor(random() * 5);
    for (let s = 0; s < sites; s++) {
      const core = reverseComplement(mirna.slice(1, pick([7, 8])));
      const site = core + (random() < 0.5 ? "A" : "C");
      const at = Math.floor(random() * (lncrna.length - site.length));
      lncrna = lncrna.slice(0, at) + site + lncrna.slice(at + site.length);
    }
    return { id: `generated-${i}`, mirna, lncrna };
  });
}
