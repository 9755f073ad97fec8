// What request handlers need from the deployment: the encoders, the models and the species catalog
// (an isolate cache over the SPECIES storage). Built once per isolate on first use (nothing heavy
// at global scope; model sessions open on first use of each model).
import type { Encoders } from "./kernels/encoders.ts";
import type { ModelRegistry } from "./inference/registry.ts";
import type { SpeciesCatalog } from "./species/store.ts";

export interface Runtime {
  encoders: Encoders;
  models: ModelRegistry;
  species: SpeciesCatalog;
}

export type RuntimeFactory = () => Runtime;

export function lazyRuntime(create: RuntimeFactory): RuntimeFactory {
  let runtime: Runtime | undefined;
  return () => (runtime ??= create());
}
