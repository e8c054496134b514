import type pg from "pg";
import { TEST_APP_ROLE } from "./constants";

/** The login role of request connections on PostgreSQL, as a deployment has it: only a member of the app role. */
export const LOGIN_ROLE = "portcullis_web";

/**
 * Creates the request login role if this cluster has none yet (roles are cluster-wide, so concurrent runs may
 * race; the loser's error is ignored). Run as a superuser, after the migrations created the app role.
 */
export async function ensureLoginRole(admin: pg.Client, appRole = TEST_APP_ROLE): Promise<void> {
  await admin.query(`DO $$ BEGIN
      IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${LOGIN_ROLE}') THEN
        CREATE ROLE ${LOGIN_ROLE} LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE INHERIT;
      END IF;
    EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
    END $$`);
  await admin.query(`GRANT ${appRole} TO ${LOGIN_ROLE}`);
}

/** The same database URL, logged in as `user`. */
export function urlAs(url: string, user: string, database?: string): string {
  const copy = new URL(url);
  copy.username = user;
  copy.password = "";
  if (database) copy.pathname = `/${database}`;
  return copy.toString();
}
