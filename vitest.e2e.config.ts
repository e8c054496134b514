import { defineConfig } from "vitest/config";

// Browser journeys (playwright-core + the system Chromium). Each test file starts its own server process on a
// fresh data folder, so there is no globalSetup here; files run one at a time to keep the machine calm.
export default defineConfig({
  test: {
    include: ["e2e/**/*.e2e.ts"],
    testTimeout: 120_000,
    hookTimeout: 300_000,
    pool: "forks",
    fileParallelism: false,
  },
});
