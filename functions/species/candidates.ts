// Candidate miRNAs of a screen, from a species set or a user FASTA. Identical sequences are scored
// once: each distinct sequence is one candidate carrying all the ids that share it.
import { MirnaPanel } from "../features/mirna-panel.ts";
import { codesToSequence, type Codes } from "../kernels/codes.ts";

export interface CandidateInput {
  id: string;
  codes: Codes;
}

export interface Candidate {
  /** Ids sharing this sequence, in input order; the first names the candidate. */
  ids: string[];
  codes: Codes;
}

export interface CandidateSet {
  candidates: Candidate[];
  /** The candidates' codes as a panel (row i = candidates[i]), with its per-encoding feature cache. */
  panel: MirnaPanel;
  /** Records before grouping. */
  count: number;
}

export function groupCandidates(records: readonly CandidateInput[]): CandidateSet {
  const bySequence = new Map<string, Candidate>();
  for (const { id, codes } of records) {
    const key = codesToSequence(codes);
    const seen = bySequence.get(key);
    if (seen) seen.ids.push(id);
    else bySequence.set(key, { ids: [id], codes });
  }
  const candidates = [...bySequence.values()];
  return { candidates, panel: new MirnaPanel(candidates.map((c) => c.codes)), count: records.length };
}
