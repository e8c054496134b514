import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import type { AppContext } from "../../app";
import { permissionMap, permissionNames } from "../../auth/permissions";
import { actorOf } from "../../http/auth";

const MeResponse = Type.Object({
  user: Type.Object({
    id: Type.Union([Type.String(), Type.Null()]),
    name: Type.String(),
    email: Type.String(),
  }),
  role: Type.String(),
  permissions: Type.Object(Object.fromEntries(permissionNames.map((name) => [name, Type.Boolean()]))),
  tenant: Type.Union([
    Type.Object({ id: Type.String(), name: Type.String(), slug: Type.String() }),
    Type.Null(),
  ]),
  workspace_ids: Type.Union([Type.Array(Type.String()), Type.Literal("all")]),
  auth_method: Type.Union([Type.Literal("sso"), Type.Literal("email")]),
  mfa: Type.Boolean(),
});

/** GET /api/v1/me: who is signed in, with what role, permissions, tenant and proof. */
export const meRoutes =
  (context: AppContext): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      "/api/v1/me",
      { config: { permission: "authenticated" }, schema: { response: { 200: MeResponse } } },
      async (request) => {
        const actor = actorOf(request);
        const tenant = actor.tenantId
          ? await context.runScoped(
              { kind: "tenant", tenantId: actor.tenantId, workspaceIds: actor.workspaceIds },
              (trx) =>
                trx
                  .selectFrom("tenants")
                  .select(["id", "name", "slug"])
                  .where("id", "=", actor.tenantId)
                  .executeTakeFirst(),
            )
          : null;
        return {
          user: { id: actor.userId, name: actor.name, email: actor.email },
          role: actor.role,
          permissions: permissionMap(actor.role),
          tenant: tenant ?? null,
          workspace_ids: actor.workspaceIds === "all" ? ("all" as const) : [...actor.workspaceIds],
          auth_method: actor.authMethod,
          mfa: actor.mfa,
        };
      },
    );
  };
