# Sourced by folds.sh and cold-folds.sh: the default's fold models for one human harness variant.
# train_default_fold VARIANT SUFFIX DESCRIPTION — its duplex-mlp-both and pair-mlp members (trained on the
# variant's train rows plus negatives drawn over all miRBase-18 human miRNAs, as the served members are;
# epoch and calibration on its validation rows), then the ensemble-lite stacker over them, plant-mlp and
# gclmi-SUFFIX (which train:gclmi writes), into models/folds as <name>-SUFFIX. Its heads are fitted on the
# variant's validation rows plus negatives drawn over the same miRNA set, the heads' logits then
# Platt-scaled on those rows without the drawn ones. MEMBERS=keep refits only the
# stacker over the committed members.
train_default_fold() {
  variant=$1
  suffix=$2
  description=$3
  features=build/features/kmer-ctd-seed-duplex
  if [ "${MEMBERS:-train}" != keep ]; then
    npm run -s fold:features -- --variant "$variant" --encoding kmer-ctd-seed-duplex --species-negatives hsa
    /usr/bin/python3 scripts/train/kmer_mlp.py --name "duplex-mlp-both-$suffix" --models models/folds \
      --family feature-mlp-fold --variant "$variant" --epochs 12 --features "$features/pmlipred-trainval-ath" \
      --features "$features/$variant+hsa-negatives"
    /usr/bin/python3 scripts/train/kmer_mlp.py --name "pair-mlp-$suffix" --models models/folds \
      --family feature-mlp-fold --variant "$variant" --epochs 12 --columns '^(seed|duplex)\.' \
      --features "$features/pmlipred-trainval-ath" --features "$features/$variant+hsa-negatives"
  fi
  npx tsx scripts/train/ensemble-inputs.ts --variant "$variant" --member plant-mlp --member "duplex-mlp-both-$suffix" \
    --member "gclmi-$suffix" --member "pair-mlp-$suffix" --mirna-domains --known-lncrnas --species-negatives hsa \
    --gate scripts/train/ensemble-gate.encoding.json --out "build/ensemble-lite-$suffix"
  /usr/bin/python3 scripts/train/ensemble.py --inputs "build/ensemble-lite-$suffix" \
    --novel-head-from "build/ensemble-lite-$suffix" --name "ensemble-lite-$suffix" --models models/folds \
    --family ensemble-fold --description "$description"
}
