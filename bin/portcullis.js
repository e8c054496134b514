#!/usr/bin/env node
// The `portcullis` command: runs the TypeScript CLI through tsx (no separate compile step).
import { register } from "tsx/esm/api";

register();
await import("../server/cli.ts");
