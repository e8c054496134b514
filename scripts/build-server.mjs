#!/usr/bin/env node
// `npm run build:server`: compiles the server (server/main.ts and the `portcullis` CLI, server/cli.ts, with everything
// they import from server/ and contracts/) to plain JavaScript in dist/server, so production runs
// `node dist/server/main.js` without a TypeScript loader.
//
// esbuild rather than tsc: the sources import each other without file extensions (`./app`), which Node's own ES
// module resolution refuses in tsc's output. esbuild bundles the project's own modules and leaves every package in
// node_modules as an import (`packages: "external"`), so packages that read their own files at run time (pdfkit's
// font metrics, PGlite's WebAssembly, oidc-provider) load exactly as they do under tsx. esbuild is the compiler tsx
// itself uses (a dependency of tsx, installed with it), so the compiled code is what `npm start` runs.
import fs from "node:fs";
import path from "node:path";
import { build } from "esbuild";

const root = path.resolve(import.meta.dirname, "..");
const outdir = path.join(root, "dist/server");
const startedAt = performance.now();

// Only dist/server: dist/web is the web build's (vite empties that folder itself).
fs.rmSync(outdir, { recursive: true, force: true });

const result = await build({
  absWorkingDir: root,
  entryPoints: ["server/main.ts", "server/cli.ts"],
  outdir,
  outbase: "server",
  bundle: true,
  // Code shared by the two entry points goes to chunks, and so does each dynamic import: the development identity
  // provider (`await import("./auth/dev-idp/provider")` in server/app.ts) stays a module of its own that production
  // never loads, with oidc-provider behind it.
  splitting: true,
  chunkNames: "chunks/[name]-[hash]",
  format: "esm", // package.json "type": "module"
  platform: "node",
  target: "node20",
  packages: "external",
  // A bundle renames clashing top-level names (a second `AppError` becomes `AppError2`); keep `.name` as written.
  keepNames: true,
  // Stack traces name the TypeScript files with `node --enable-source-maps` (or NODE_OPTIONS=--enable-source-maps).
  sourcemap: "linked",
  sourcesContent: false,
  metafile: true,
  logLevel: "warning",
});

const bytes = Object.values(result.metafile.outputs).reduce((sum, output) => sum + output.bytes, 0);
const seconds = ((performance.now() - startedAt) / 1000).toFixed(1);
console.log(
  `server built to ${path.relative(root, outdir)}/ (${Object.keys(result.metafile.outputs).length} files, ${(bytes / 1024).toFixed(0)} KB) in ${seconds} s`,
);
