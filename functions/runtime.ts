// What request handlers need from the deployment: the encoders and the models. Built once per
// isolate on first use (nothing heavy at global scope).
import type { Encoders } from "./kernels/encoders.ts";
import type { ModelRegistry } from "./models/registry.ts";

export interface Runtime {
  encoders: Encoders;
  models: ModelRegistry;
}

export type RuntimeFactory = () => Runtime;

export function lazyRuntime(create: RuntimeFactory): RuntimeFactory {
  let runtime: Runtime | undefined;
  return () => (runtime ??= create());
}
