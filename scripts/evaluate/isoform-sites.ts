// Gene-level seed evidence: a lncRNA's isoforms among a reference set of transcripts (those sharing exact
// stretches with it, by the cold splits' rule) and the canonical seed sites of a miRNA on any of them.
// Human labels are copied to every transcript of a gene, so a partner's site may lie in an exon the scored
// transcript lacks. Only the reference's sequences are read, never labels: they stand in for the
// annotation a user's transcript would be matched to.
import { codesToSequence, type Codes } from "../../functions/kernels/codes.ts";
import type { Encoders } from "../../functions/kernels/encoders.ts";
import { stretchNeighbours } from "../data/similarity.ts";

export class IsoformSites {
  private readonly codes: Codes[];
  private readonly indexOf: Map<string, number>;
  private neighbours?: number[][];

  constructor(
    private readonly encoders: Encoders,
    reference: readonly string[],
  ) {
    const bySequence = new Map<string, Codes>();
    for (const s of reference) {
      const { codes } = encoders.normalize(s);
      bySequence.set(codesToSequence(codes), codes);
    }
    this.codes = [...bySequence.values()];
    this.indexOf = new Map([...bySequence.keys()].map((s, i) => [s, i]));
  }

  get size(): number {
    return this.codes.length;
  }

  /** The reference transcripts that share stretches with this lncRNA; none when the reference lacks it. */
  isoformsOf(lncrna: Codes): Codes[] {
    const own = this.indexOf.get(codesToSequence(lncrna));
    return own === undefined ? [] : this.isoforms()[own]!.map((j) => this.codes[j]!);
  }

  /** How many reference transcripts have at least one isoform among the others. */
  withIsoforms(): number {
    return this.isoforms().filter((n) => n.length > 0).length;
  }

  // the overlap scan covers the whole reference: once, at the first lookup
  private isoforms(): number[][] {
    return (this.neighbours ??= stretchNeighbours(this.encoders, this.codes));
  }

  /** The most canonical seed sites (8mer, 7mer-m8, 7mer-A1) of the miRNA on any of the targets. */
  best(mirna: Codes, targets: readonly Codes[]): number {
    let most = 0;
    for (const target of targets) {
      const { counts } = this.encoders.seedSites(mirna, target, 1);
      most = Math.max(most, counts["8mer"] + counts["7mer-m8"] + counts["7mer-A1"]);
    }
    return most;
  }
}
