import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { FastifyRequest } from "fastify";
import type { AuditAction } from "../../../contracts/audit";
import {
  ChangeRoleBody,
  InviteOutcome,
  InviteUserBody,
  UserList,
  UserListQuery,
  UserParams,
  UserSummary,
} from "../../../contracts/users";
import { afterCommit, callerOf } from "../../http/auth";
import { errorAnswer } from "../../http/openapi";
import type { ChangedUser, UserService } from "./users.service";

const manage = (action: AuditAction, withResource = true) => ({
  permission: "can_manage_users" as const,
  audit: withResource ? { action, resource: "user" as const } : { action },
});

/** A change to a customer's user joins that customer's trail, so their access log shows what the provider did. */
function answer(request: FastifyRequest, { user, tenantId }: ChangedUser): UserSummary {
  if (tenantId) request.auditTenant = { tenantId };
  return user;
}

export const userRoutes =
  (users: UserService): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      "/api/v1/admin/users",
      {
        config: manage("admin.user_list", false),
        schema: {
          description:
            "One customer organisation's users, or the provider's staff (`tenant=staff`), by name: role, last sign-in, MFA at the latest sign-in, disabled or not, live sessions. These are the people who sign in with single sign-on; a customer's email-link people are its access links.",
          querystring: UserListQuery,
          response: { 200: UserList },
        },
      },
      async (request) => {
        const list = await users.list(callerOf(request), request.query);
        if (list.tenant) request.auditTenant = { tenantId: list.tenant.id };
        return list;
      },
    );

    app.post(
      "/api/v1/admin/users/:id/role",
      {
        config: manage("user.role_changed"),
        schema: {
          description:
            "Changes a user's role within its kind (customer_viewer ↔ customer_approver, analyst ↔ admin) and ends their sessions at once, on every instance.",
          params: UserParams,
          body: ChangeRoleBody,
          response: {
            200: UserSummary,
            400: errorAnswer(
              "The role is of the other kind (a customer cannot become staff, nor staff a customer).",
            ),
            409: errorAnswer("An admin cannot change their own role."),
          },
        },
      },
      async (request) =>
        answer(request, await users.changeRole(callerOf(request), request.params.id, request.body)),
    );

    app.post(
      "/api/v1/admin/users/:id/disable",
      {
        config: manage("user.disabled"),
        schema: {
          description:
            "Disables a user: signing in is refused and their sessions end at once, on every instance.",
          params: UserParams,
          response: { 200: UserSummary, 409: errorAnswer("An admin cannot disable their own account.") },
        },
      },
      async (request) => answer(request, await users.disable(callerOf(request), request.params.id)),
    );

    app.post(
      "/api/v1/admin/users/:id/enable",
      {
        config: manage("user.enabled"),
        schema: {
          description: "Lets a disabled user sign in again.",
          params: UserParams,
          response: { 200: UserSummary },
        },
      },
      async (request) => answer(request, await users.enable(callerOf(request), request.params.id)),
    );

    app.post(
      "/api/v1/admin/users/invite",
      {
        config: manage("admin.user_invite", false),
        schema: {
          description:
            "Invites a customer user. An organisation that takes the address by email link: an access link to the workspace, with the role, is emailed (after this request commits). One that signs in with Microsoft Entra ID and does not list the address's domain for links: nothing is created, and the answer says which app role to assign in Entra.",
          body: InviteUserBody,
          response: {
            200: InviteOutcome,
            400: errorAnswer("The address is not in the organisation's allowed email domains."),
          },
        },
      },
      async (request) => {
        const { outcome, queueMail } = await users.invite(callerOf(request), request.body);
        request.auditTenant = { tenantId: request.body.tenantId, workspaceId: request.body.workspaceId };
        if (queueMail) afterCommit(request, queueMail);
        return outcome;
      },
    );
  };
