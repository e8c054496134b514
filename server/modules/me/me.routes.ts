import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { permissionNames } from "../../auth/permissions";
import { callerOf } from "../../http/auth";
import { getMe } from "./me.service";

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
export const meRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    "/api/v1/me",
    { config: { permission: "authenticated" }, schema: { response: { 200: MeResponse } } },
    async (request) => getMe(callerOf(request)),
  );
};
