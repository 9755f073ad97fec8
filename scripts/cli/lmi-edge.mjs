#!/usr/bin/env node
// The package's bin (`npx lmi-edge`): runs the TypeScript CLI through tsx.
import { register } from "tsx/esm/api";

register();
await import("./main.ts");
