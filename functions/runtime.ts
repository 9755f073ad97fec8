// What request handlers need from the deployment: the encoders, the models, the species catalog and
// the reference lncRNAs (isolate caches over the SPECIES storage). Built once per isolate on first use (nothing heavy
// at global scope; model sessions open on first use of each model).
import type { Encoders } from "./kernels/encoders.ts";
import type { ModelRegistry } from "./inference/registry.ts";
import type { SpeciesCatalog } from "./species/store.ts";
import type { ReferenceStore } from "./species/reference.ts";

export interface Runtime {
  encoders: Encoders;
  models: ModelRegistry;
  species: SpeciesCatalog;
  /** The reference lncRNAs in the same storage, for the gene head. */
  references: ReferenceStore;
}

export type RuntimeFactory = () => Runtime;

export function lazyRuntime(create: RuntimeFactory): RuntimeFactory {
  let runtime: Runtime | undefined;
  return () => (runtime ??= create());
}
