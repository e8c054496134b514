import path from "node:path";
import { defineConfig } from "vitest/config";
import { BaseSequencer, type TestSpecification } from "vitest/node";
import base from "./vitest.config";

/** Quickest first: Stryker stops at a mutant's first failing test, so the cheap files should get the first try. */
const ORDER = [
  "server/auth/permissions.test.ts",
  "server/auth/scope.test.ts",
  "server/auth/oidc/identity.test.ts",
  "server/auth/return-to.test.ts",
  "server/http/errors.test.ts",
  "server/http/auth.test.ts",
  "server/auth/sessions.test.ts",
  "server/db/scope.test.ts",
  "server/auth/sign-in.test.ts",
  "server/auth/permissions.routes.test.ts",
  "server/auth/sessions.security.test.ts",
  "server/auth/revocation.test.ts",
  "server/http/openapi.test.ts",
  "server/auth/oidc.security.test.ts",
  "server/http/web.test.ts",
  "server/http/pipeline.security.test.ts",
];

class QuickestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (file: TestSpecification) => {
      const index = ORDER.indexOf(
        path.relative(file.project.config.root, file.moduleId).split(path.sep).join("/"),
      );
      return index === -1 ? ORDER.length : index;
    };
    return [...files].sort((a, b) => rank(a) - rank(b));
  }
}

/**
 * The tests `npm run test:mutation` (Stryker) runs against the security core: those of server/auth, server/http
 * and server/db/scope.ts, which exercise the session service, the permission matrix, sign-in, the request
 * pipeline's authentication half and the scoped unit of work. Same global setup (one migrated, seeded PGlite
 * template per run) as `vitest.config.ts`; Stryker's vitest runner replaces `pool: "forks"` by one worker thread of
 * its own, which these tests are fine with. Left out: `server/config.test.ts` (it runs none of the mutated
 * code) and the feature modules' tests (they reach these files only through the same pipeline, at the price of many
 * more app setups per mutant); the PostgreSQL-only revocation test skips itself on PGlite.
 */
export default defineConfig({
  test: {
    ...base.test,
    include: ["server/auth/**/*.test.ts", "server/http/*.test.ts", "server/db/scope.test.ts"],
    sequence: { sequencer: QuickestFirst },
  },
});
