#!/bin/sh
# npm run train:cold-folds — the default's fold models for folds 2… of the human lncRNA-cold split
# (fold 1 is ncrnainter-human-cold, trained by train:folds and train:gclmi): for each fold, its
# duplex-mlp-both, pair-mlp and gclmi members and the ensemble-lite stacker over them, trained as the fold-1
# models are, without the fold's test lncRNAs. Then `npm run evaluate:cold` scores all ten folds.
# FOLDS="2 3" limits the run to those folds; GCLMI=keep keeps the committed gclmi fold models when only the
# other members change (gclmi reads its own graph rows, none of the featurized arrays). MEMBERS=keep keeps
# every committed fold member and refits only the stackers.
set -eu
. scripts/train/fold-lib.sh
py=/usr/bin/python3
folds=${FOLDS:-$(npx tsx scripts/train/cold-fold-numbers.ts)}
members=${MEMBERS:-train}
npm run build:kernels
[ "$members" = keep ] || npm run featurize -- --encoding kmer-ctd-seed-duplex --dataset pmlipred-trainval-ath
if [ "${GCLMI:-train}" != keep ] && [ "$members" != keep ]; then
  npm run -s gclmi:graph
  gclmi_only=""
  for k in $folds; do gclmi_only="$gclmi_only ncrnainter-human-cold-fold$k"; done
  $py -u scripts/train/gclmi.py --only human-cold-folds --variants $gclmi_only
fi
for k in $folds; do
  variant=ncrnainter-human-cold-fold$k
  suffix=human-cold-fold$k
  train_default_fold "$variant" "$suffix" "Fold model of the default for fold $k of the human lncRNA-cold split \
($variant; not served): the ensemble-lite stacker over plant-mlp (never saw a human RNA), duplex-mlp-both-$suffix, \
gclmi-$suffix and pair-mlp-$suffix (trained without the fold's test lncRNAs); its human and novel heads fitted on the \
fold's validation rows plus negatives drawn over all miRBase-18 human miRNAs (their logits then Platt-scaled on the rows \
without the drawn ones), its gate on its train and validation rows (a listed miRNA names its head, as in the served \
model); the plant head as the served one's."
done
