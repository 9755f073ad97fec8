#!/bin/sh
# npm run train:folds — fold models of the default (ensemble-lite) and of its duplex-mlp-both and pair-mlp for each
# human cold variant of the harness (lncRNA-, miRNA- and both-disjoint), trained without the variant's
# test RNAs, plus pair-level comparison models on the lncRNA-cold fold. The gclmi fold members come
# from `npm run train:gclmi`. Then `npm run evaluate:cold`; `npm run evaluate` puts them in the README.
# Run before train:ensemble-lite, whose head for new lncRNAs is fitted on build/ensemble-lite-human-cold.
# MEMBERS=keep refits only the fold stackers over the committed fold members.
set -eu
. scripts/train/fold-lib.sh
py=/usr/bin/python3
features=build/features/kmer-ctd-seed-duplex
npm run build:kernels
members=${MEMBERS:-train}
[ "$members" = keep ] || npm run featurize -- --encoding kmer-ctd-seed-duplex --dataset pmlipred-trainval-ath
for variant in ncrnainter-human-cold ncrnainter-human-cold-mirna ncrnainter-human-cold-both; do
  suffix=${variant#ncrnainter-}
  case $variant in
    *-mirna) held="miRNAs" ;;
    *-both) held="lncRNAs and miRNAs" ;;
    *) held="lncRNAs" ;;
  esac
  train_default_fold "$variant" "$suffix" "Fold model of the default for the harness variant $variant (not served): the \
ensemble-lite stacker over plant-mlp (never saw a human RNA), duplex-mlp-both-$suffix, gclmi-$suffix and pair-mlp-$suffix \
(trained without the variant's test $held); its human head fitted on the variant's validation rows plus negatives drawn \
over all miRBase-18 human miRNAs (its logit then Platt-scaled on the rows without the drawn ones), its gate on the variant's train and validation rows (a listed miRNA names its head, as in the served model); the plant head as the served \
one's; a lncRNA outside the variant's train rows gets the novel head, fitted on the variant's validation rows as the human head is (the served model's novel head is fitted on \
ensemble-lite-human-cold's rows)."
done
cold=$features/ncrnainter-human-cold+hsa-negatives
if [ "$members" != keep ]; then
  $py scripts/train/kmer_mlp.py --name pair-mirna-mlp-human-cold --models models/folds --family feature-mlp-fold \
    --variant ncrnainter-human-cold --epochs 12 --columns '^(seed|duplex|mirna)\.' --features "$cold"
  $py scripts/train/kmer_mlp.py --name pair-human-mlp-human-cold --models models/folds --family feature-mlp-fold \
    --variant ncrnainter-human-cold --epochs 12 --columns '^(seed|duplex)\.' --features "$cold"
fi
npm run evaluate:cold
