// Worker entry: the app with the workerd runtime (precompiled wasm modules, bundled models).
import { createApp } from "./app.ts";
import { lazyRuntime } from "./runtime.ts";
import { createWorkerdRuntime } from "./runtime-workerd.ts";

const app = createApp(lazyRuntime(createWorkerdRuntime));

export default app;
