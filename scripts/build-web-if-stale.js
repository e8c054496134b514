#!/usr/bin/env node
// `npm start` builds the web app only when a source file is newer than the last build, so a restart is quick and a
// second `npm start` never rewrites the files a running server is serving.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const builtIndex = path.join(root, "dist/web/index.html");
const sources = [
  path.join(root, "web"),
  path.join(root, "vite.config.ts"),
  path.join(root, "package-lock.json"),
];

function newestMtime(entry) {
  const stat = fs.statSync(entry, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...fs.readdirSync(entry).map((name) => newestMtime(path.join(entry, name))));
}

const built = fs.statSync(builtIndex, { throwIfNoEntry: false })?.mtimeMs ?? 0;
if (built > Math.max(...sources.map(newestMtime))) process.exit(0);

const result = spawnSync("npx", ["vite", "build", "--logLevel", "warn"], { cwd: root, stdio: "inherit" });
process.exit(result.status ?? 1);
