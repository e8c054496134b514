import path from "node:path";
import tailwindcss from "@tailwindcss/vite";
import react from "@vitejs/plugin-react";
import { defineConfig, type ProxyOptions } from "vite";

// The SPA lives in web/; the API server (server/) serves the built files from dist/web in production.
const apiTarget = `http://127.0.0.1:${process.env.PORTCULLIS_API_PORT ?? "3000"}`;

// Anchored patterns so "/api" does not also swallow e.g. "/apiary". The Host header is kept
// (no changeOrigin) so the server's same-origin checks see the browser's origin.
const apiProxy: Record<string, ProxyOptions> = {
  "^/(api|auth|dev-idp)(/|\\?|$)": { target: apiTarget },
  "^/(healthz|readyz)(\\?|$)": { target: apiTarget },
};

export default defineConfig({
  root: "web",
  plugins: [react(), tailwindcss()],
  build: {
    outDir: "../dist/web",
    emptyOutDir: true,
    rolldownOptions: {
      // Two pages: the app, and the server's script-free sign-in page (see server/http/web.ts).
      input: {
        app: path.resolve(import.meta.dirname, "web/index.html"),
        "sign-in": path.resolve(import.meta.dirname, "web/sign-in.html"),
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
