// npx tsx scripts/train/rna2vec-corpus.ts [--k 4] [--data-dir DIR] [--out DIR]
// The rna2vec pre-training corpora of preMLI (data README §2: CANTATAdb 2.0 lncRNAs of 16 species,
// PMRD plant mature miRNAs), tokenized by the same AS kernel (kmerTokens, stride 1) that encodes a
// pair at serve time, so the word2vec vocabulary is exactly the model's token ids (0 pad, 1 N, 2 + index).
// Writes, per corpus (mirna, lncrna), what scripts/train/premli.py reads:
//   <out>/<corpus>.tokens.npy   int32, every sequence's tokens end to end
//   <out>/<corpus>.offsets.npy  int32 [sequences + 1], where each sequence starts in tokens
//   <out>/corpus.json           k, files, sequence and token counts
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseFasta } from "../data/fasta.ts";
import { parseCli, positiveIntOption, runCli } from "../lib/cli.ts";
import { loadEncoders } from "../lib/kernels-node.ts";
import { writeNpy } from "../lib/npy.ts";
import { buildDir, resolveDataDir } from "../lib/paths.ts";

const usage = "usage: npx tsx scripts/train/rna2vec-corpus.ts [--k 4] [--data-dir DIR] [--out DIR]";

interface CorpusSummary {
  files: string[];
  records: number;
  /** Identical sequences are kept once (PMRD lists one mature sequence under many species' names). */
  distinctSequences: number;
  /** Sequences the normalizer rejects (a symbol that is no nucleotide/IUPAC code) are left out. */
  rejected: number;
  tokens: number;
  nucleotides: number;
}

function tokenizeCorpus(files: string[], dataDir: string, k: number, out: string, name: string): CorpusSummary {
  const encoders = loadEncoders();
  const seen = new Set<string>();
  const chunks: Int32Array[] = [];
  const offsets = [0];
  let records = 0;
  let rejected = 0;
  let nucleotides = 0;
  for (const file of files) {
    for (const { sequence } of parseFasta(readFileSync(join(dataDir, file), "utf8"))) {
      records++;
      const upper = sequence.toUpperCase();
      if (seen.has(upper)) continue;
      seen.add(upper);
      let codes: Uint8Array;
      try {
        codes = encoders.normalize(upper).codes;
      } catch {
        rejected++;
        continue;
      }
      if (codes.length < k) continue;
      const { tokens } = encoders.kmerTokens(codes, k, 1, codes.length - k + 1);
      chunks.push(tokens);
      nucleotides += codes.length;
      offsets.push(offsets[offsets.length - 1]! + tokens.length);
    }
  }
  const all = new Int32Array(offsets[offsets.length - 1]!);
  let at = 0;
  for (const chunk of chunks) {
    all.set(chunk, at);
    at += chunk.length;
  }
  writeNpy(join(out, `${name}.tokens.npy`), all, [all.length]);
  writeNpy(join(out, `${name}.offsets.npy`), Int32Array.from(offsets), [offsets.length]);
  return { files, records, distinctSequences: seen.size, rejected, tokens: all.length, nucleotides };
}

runCli(() => {
  const { values } = parseCli(usage, {
    k: { type: "string" },
    "data-dir": { type: "string" },
    out: { type: "string" },
  });
  if (values.help) return console.log(usage);
  const k = positiveIntOption("k", values.k, 4);
  const dataDir = resolveDataDir(values["data-dir"]);
  const out = values.out ?? join(buildDir, "rna2vec", `k${k}`);
  mkdirSync(out, { recursive: true });
  const lncrnaFiles = readdirSync(join(dataDir, "premli", "cantata_lncrna"))
    .filter((f) => f.endsWith(".fasta"))
    .sort()
    .map((f) => join("premli", "cantata_lncrna", f));
  const summary = {
    k,
    stride: 1,
    tokenIds: "kmerTokens: 0 pad, 1 window with N, 2 + base-4 index of the k-mer",
    mirna: tokenizeCorpus([join("premli", "mirna", "all_mature.fasta")], dataDir, k, out, "mirna"),
    lncrna: tokenizeCorpus(lncrnaFiles, dataDir, k, out, "lncrna"),
  };
  writeFileSync(join(out, "corpus.json"), JSON.stringify(summary, null, 2) + "\n");
  console.log(
    `rna2vec corpora (k = ${k}) → ${out}: miRNA ${summary.mirna.distinctSequences} sequences / ${summary.mirna.tokens} tokens, lncRNA ${summary.lncrna.distinctSequences} sequences / ${summary.lncrna.tokens} tokens`,
  );
});
