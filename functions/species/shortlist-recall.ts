// How often a screen's first pass keeps what scoring every candidate would rank in its top 25, per
// species set: measured by `npm run bench:screen` for the default model (models/screen/shortlist-recall.json)
// and reported in every answer whose ranking came from a shortlist, so a shortlist is never silent.
import measured from "../../models/screen/shortlist-recall.json";

export interface RecallRecord {
  name: string;
  source: string;
  /** Share of the exhaustive top `top` that the shortlist's top `top` holds, over the lncRNAs measured. */
  recall: number;
  lncrnas: number;
}

export interface RecallFile {
  model: string;
  modelSha256: string;
  top: number;
  perSignal: number;
  sets: RecallRecord[];
}

export type RecallAnswer =
  | { measured: true; top: number; recall: number; lncrnas: number; perSignal: number }
  | { measured: false; reason: string };

const MEASURED: RecallFile = measured;

/** The measured recall of the shortlist for this model and species set, or why there is none. */
export function shortlistRecall(
  model: string,
  modelSha256: string | undefined,
  set: { name: string; source: string } | undefined,
  file: RecallFile = MEASURED,
): RecallAnswer {
  if (!set)
    return { measured: false, reason: "candidates from a FASTA: the shortlist's recall is measured per species set" };
  if (file.model !== model || file.modelSha256 !== modelSha256)
    return {
      measured: false,
      reason: `the shortlist's recall was measured for ${file.model} as bench:screen last ran, not this model`,
    };
  const record = file.sets.find((s) => s.name === set.name && s.source === set.source);
  if (!record)
    return {
      measured: false,
      reason: `no recall measured for the set ${set.name} (${set.source}) (npm run bench:screen)`,
    };
  return { measured: true, top: file.top, recall: record.recall, lncrnas: record.lncrnas, perSignal: file.perSignal };
}
