import type { MeResponse } from "../../../contracts/auth";
import { type Actor, permissionMap } from "../../auth/permissions";

/** GET /api/v1/me (and the app page's initial data): who is signed in, with what role, permissions, organisation and proof. */
export function meOf(actor: Actor): MeResponse {
  return {
    user: { id: actor.userId, name: actor.name, email: actor.email },
    role: actor.role,
    permissions: permissionMap(actor.role),
    tenant: actor.tenant,
    workspace_ids: actor.workspaceIds === "all" ? "all" : [...actor.workspaceIds],
    auth_method: actor.authMethod,
    mfa: actor.mfa,
  };
}
