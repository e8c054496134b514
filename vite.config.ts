import fs from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import zlib from "node:zlib";
import preact from "@preact/preset-vite";
import tailwindcss from "@tailwindcss/vite";
import { defineConfig, type Plugin, type ProxyOptions } from "vite";

// The SPA lives in web/; the API server (server/) serves the built files from dist/web in production.
// It is written against React's API and built with Preact's (preact/compat, aliased by the preset for react,
// react-dom and the JSX runtime): the same components in about a tenth of React's script, which is most of what a
// phone downloads and runs before the first page appears.
const apiTarget = `http://127.0.0.1:${process.env.PORTCULLIS_API_PORT ?? "3000"}`;

// Anchored patterns so "/api" does not also swallow e.g. "/apiary". The Host header is kept
// (no changeOrigin) so the server's same-origin checks see the browser's origin.
const apiProxy: Record<string, ProxyOptions> = {
  "^/(api|auth|dev-idp)(/|\\?|$)": { target: apiTarget },
  "^/(healthz|readyz)(\\?|$)": { target: apiTarget },
};

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);
const COMPRESSIBLE = /\.(js|mjs|css|html|svg|json|txt)$/;

/**
 * Writes `<file>.br` and `<file>.gz` beside every text file of the build, at the highest settings (done once per
 * build, not per request); the server sends them as they are (@fastify/static `preCompressed`). A few lines of
 * node:zlib rather than a plugin package: nothing to keep compatible with Vite's next bundler.
 */
function precompress(): Plugin {
  let outDir = "";
  return {
    name: "portcullis:precompress",
    apply: "build",
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    async closeBundle() {
      const files = (await fs.readdir(outDir, { recursive: true, withFileTypes: true }))
        .filter((entry) => entry.isFile() && COMPRESSIBLE.test(entry.name))
        .map((entry) => path.join(entry.parentPath, entry.name));
      await Promise.all(
        files.map(async (file) => {
          const source = await fs.readFile(file);
          const [br, gz] = await Promise.all([
            brotli(source, {
              params: {
                [zlib.constants.BROTLI_PARAM_QUALITY]: zlib.constants.BROTLI_MAX_QUALITY,
                [zlib.constants.BROTLI_PARAM_SIZE_HINT]: source.length,
              },
            }),
            gzip(source, { level: zlib.constants.Z_BEST_COMPRESSION }),
          ]);
          // A file too small to gain is sent plain (the server falls back to it when no variant exists).
          if (br.length < source.length) await fs.writeFile(`${file}.br`, br);
          if (gz.length < source.length) await fs.writeFile(`${file}.gz`, gz);
        }),
      );
    },
  };
}

export default defineConfig({
  root: "web",
  plugins: [preact({ prerender: { enabled: false } }), tailwindcss(), precompress()],
  build: {
    outDir: "../dist/web",
    emptyOutDir: true,
    rolldownOptions: {
      // Two pages: the app, and the server's script-free sign-in page (see server/http/web.ts).
      input: {
        app: path.resolve(import.meta.dirname, "web/index.html"),
        "sign-in": path.resolve(import.meta.dirname, "web/sign-in.html"),
      },
      onLog(level, log, handler) {
        // react-router looks up two React 19 hooks that preact/compat lacks and does without them: `use` (server
        // components only) and `useOptimistic` (falls back to the value itself).
        if (log.code === "IMPORT_IS_UNDEFINED" && /preact[\\/]compat/.test(log.message)) return;
        handler(level, log);
      },
    },
  },
  server: {
    port: 5173,
    strictPort: true,
    proxy: apiProxy,
  },
  preview: {
    port: 4173,
    proxy: apiProxy,
  },
});
