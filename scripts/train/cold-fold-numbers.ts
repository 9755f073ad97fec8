// Prints the human lncRNA-cold folds after the first, as train:cold-folds loops over them ("2 3 … N"):
// fold 1 is ncrnainter-human-cold, which train:folds trains. The split defines how many there are.
import { COLD_FOLDS } from "../evaluate/benchmarks.ts";

console.log(Array.from({ length: COLD_FOLDS - 1 }, (_, k) => k + 2).join(" "));
