// @ts-check
/**
 * Mutation testing of the security core (`npm run test:mutation`): Stryker changes one thing at a time in the
 * code below (a condition, a comparison, a string, a removed call…) and runs the tests that cover it; a change no
 * test notices ("survived") is a gap in the tests. Reports: reports/mutation/ (git-ignored).
 *
 * Mutated: every module of server/auth (sessions, permission matrix, scope, return-to, OIDC identity, relying
 * party, sign-in, development provider), the pipeline's authentication half (server/http/auth.ts) and the
 * scoped unit of work (server/db/scope.ts). Not mutated: server/auth/dev-idp/demo-directory.ts, the demo
 * users' static directory (data, not logic: a changed name or title is a different demo, not a weaker check).
 *
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
export default {
  testRunner: "vitest",
  vitest: {
    configFile: "vitest.mutation.config.ts",
    // Run the test files the coverage analysis names, not the ones vite's module graph calls related.
    related: false,
  },
  mutate: [
    "server/auth/**/*.ts",
    "!server/auth/**/*.test.ts",
    "!server/auth/dev-idp/demo-directory.ts",
    "server/http/auth.ts",
    "server/db/scope.ts",
  ],
  // Each mutant runs only the tests that executed it in the initial run.
  coverageAnalysis: "perTest",
  // Two cores, shared: never more than two vitest workers (each opens its own PGlite databases).
  concurrency: 2,
  // A re-run tests only the mutants whose code or covering tests changed since the last one.
  incremental: true,
  incrementalFile: "reports/mutation/stryker-incremental.json",
  // Loading a test file opens an app on a fresh PGlite copy: allow for a loaded machine before calling a timeout.
  timeoutMS: 30_000,
  reporters: ["clear-text", "progress", "html", "json"],
  htmlReporter: { fileName: "reports/mutation/mutation.html" },
  jsonReporter: { fileName: "reports/mutation/mutation.json" },
  // Vitest strips types without checking them, so nothing needs `// @ts-nocheck`; and the built web app (dist/web,
  // which the page tests serve and compare byte for byte) must be copied to the sandbox unchanged.
  disableTypeChecks: false,
  tempDirName: ".stryker-tmp",
  cleanTempDir: "always",
  thresholds: { high: 95, low: 90, break: 90 },
};
