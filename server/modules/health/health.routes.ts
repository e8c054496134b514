import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { sql } from "kysely";
import { Type } from "typebox";
import type { AppContext } from "../../app";
import { isSchemaCurrent } from "../../db/migrations";

const HealthResponse = Type.Object({ status: Type.Literal("ok") });
const ReadyResponse = Type.Object({
  status: Type.Union([Type.Literal("ready"), Type.Literal("not_ready")]),
  database: Type.Union([Type.Literal("ok"), Type.Literal("unreachable")]),
  migrations: Type.Union([Type.Literal("current"), Type.Literal("pending"), Type.Literal("unknown")]),
});

/** Liveness (the process answers) and readiness (the database answers and the schema is current). */
export const healthRoutes =
  (context: AppContext): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get("/healthz", { schema: { response: { 200: HealthResponse } } }, async () => ({
      status: "ok" as const,
    }));

    app.get(
      "/readyz",
      { schema: { response: { 200: ReadyResponse, 503: ReadyResponse } } },
      async (request, reply) => {
        const { db, owner } = context.database;
        let database: "ok" | "unreachable" = "ok";
        let migrations: "current" | "pending" | "unknown" = "unknown";
        try {
          await sql`select 1`.execute(db);
          // The migrations table is the owner's: the request login role has no reason to read it.
          migrations = (await isSchemaCurrent(owner.db, { appRole: context.config.appRole }))
            ? "current"
            : "pending";
        } catch (error) {
          database = "unreachable";
          request.log.warn({ err: error }, "readiness check failed");
        }
        const ready = database === "ok" && migrations === "current";
        return reply
          .status(ready ? 200 : 503)
          .send({ status: ready ? "ready" : "not_ready", database, migrations });
      },
    );
  };
