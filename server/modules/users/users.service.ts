import type { Role } from "../../../contracts/auth";
import type {
  ChangeRoleBody,
  InviteOutcome,
  InviteUserBody,
  UserList,
  UserListQuery,
  UserSummary,
} from "../../../contracts/users";
import { type Caller, isStaffRole, requirePermission } from "../../auth/permissions";
import { UUID } from "../../auth/scope";
import type { SessionService } from "../../auth/sessions";
import type { ScopedTransaction } from "../../db/scope";
import { AppError, notFound } from "../../errors";
import { type AccessLinkService, isAllowedDomain } from "../access-links/access-links.service";
import * as queries from "./users.queries";

export interface UserServiceDeps {
  sessions: SessionService;
  accessLinks: AccessLinkService;
  /** The identity provider's application roles and the portal role each grants. */
  roleMap: Record<string, Role>;
}

/** A changed user and the organisation they belong to (null: provider staff), for the audit trail. */
export interface ChangedUser {
  user: UserSummary;
  tenantId: string | null;
}

function toSummary(row: queries.UserRow): UserSummary {
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    role: row.role,
    signInMethod: "sso",
    lastSignInAt: row.last_login_at?.toISOString() ?? null,
    mfa: row.latest_mfa ?? null,
    disabledAt: row.disabled_at?.toISOString() ?? null,
    activeSessions: row.active_sessions ?? 0,
  };
}

export function createUserService(deps: UserServiceDeps) {
  const { sessions, accessLinks, roleMap } = deps;

  const appRolesOf = (role: Role) =>
    Object.entries(roleMap)
      .filter(([, granted]) => granted === role)
      .map(([appRole]) => appRole);

  /** The user, locked for the change; a malformed or unknown id is a 404. */
  async function lockedUser(trx: ScopedTransaction, id: string) {
    const user = UUID.test(id) ? await queries.lockUser(trx, id) : undefined;
    if (!user) throw notFound("User");
    return user;
  }

  /**
   * Before a staff member is demoted or disabled: the acting admin must still be an enabled admin once every
   * admin's row is locked. Two admins disabling each other at once then end with one of them refused, never
   * with a provider that has no admin left to undo it.
   */
  async function lockAdminsAsActor(trx: ScopedTransaction, actor: Caller["actor"]): Promise<void> {
    const admins = await queries.lockEnabledAdmins(trx);
    if (!actor.userId || !admins.includes(actor.userId)) {
      throw new AppError("conflict", "Your own account was changed meanwhile; reload the page");
    }
  }

  async function changed(trx: ScopedTransaction, id: string): Promise<ChangedUser> {
    const row = await queries.findUser(trx, id);
    if (!row) throw notFound("User");
    return { user: toSummary(row), tenantId: row.tenant_id };
  }

  return {
    /** GET /api/v1/admin/users — one organisation's users, or the provider's staff. */
    async list({ actor, scoped }: Caller, query: UserListQuery): Promise<UserList> {
      requirePermission(actor, "can_manage_users");
      const page = query.page ?? 1;
      const pageSize = query.pageSize ?? 50;
      return scoped({ kind: "provider" }, async (trx) => {
        let tenant: UserList["tenant"] = null;
        if (query.tenant !== "staff") {
          const found = await queries.findTenant(trx, query.tenant);
          if (!found) throw notFound("Tenant");
          tenant = { id: found.id, name: found.name };
        }
        const { items, total } = await queries.findUsers(
          trx,
          { tenantId: tenant?.id ?? null, q: query.q },
          { limit: pageSize, offset: (page - 1) * pageSize },
        );
        return { tenant, items: items.map(toSummary), total, page, page_size: pageSize };
      });
    },

    /**
     * POST /api/v1/admin/users/:id/role — a customer stays a customer and staff stay staff. The user's sessions
     * end at once (each request checks its session row, on every instance). At their next sign-in the identity
     * provider's app role assignment decides again: the console's change lasts until then unless it is made there
     * too.
     */
    async changeRole({ actor, scoped }: Caller, id: string, body: ChangeRoleBody): Promise<ChangedUser> {
      requirePermission(actor, "can_manage_users");
      return scoped({ kind: "provider" }, async (trx) => {
        if (isStaffRole(body.role)) await lockAdminsAsActor(trx, actor);
        const user = await lockedUser(trx, id);
        // The database holds staff to no tenant and customers to one; the kind of account never changes here.
        if (isStaffRole(body.role) !== (user.tenant_id === null)) {
          throw new AppError(
            "bad_request",
            user.tenant_id === null
              ? "A provider staff member's role is analyst or admin"
              : "A customer user's role is customer_viewer or customer_approver",
          );
        }
        if (body.role !== user.role) {
          // Nobody demotes themselves, so the provider always keeps the admin who could undo it.
          if (user.id === actor.userId) {
            throw new AppError("conflict", "You cannot change your own role; ask another admin");
          }
          await queries.updateUser(trx, user.id, { role: body.role });
          await sessions.revokeAllForUser(trx, user.id);
        }
        return changed(trx, user.id);
      });
    },

    /** POST /api/v1/admin/users/:id/disable — signing in is refused and every session ends at once. */
    async disable({ actor, scoped }: Caller, id: string): Promise<ChangedUser> {
      requirePermission(actor, "can_manage_users");
      return scoped({ kind: "provider" }, async (trx) => {
        await lockAdminsAsActor(trx, actor);
        const user = await lockedUser(trx, id);
        // Disabling oneself could leave the provider without an admin able to enable anyone again.
        if (user.id === actor.userId) {
          throw new AppError("conflict", "You cannot disable your own account; ask another admin");
        }
        if (!user.disabled_at) await queries.updateUser(trx, user.id, { disabled_at: new Date() });
        await sessions.revokeAllForUser(trx, user.id);
        return changed(trx, user.id);
      });
    },

    /** POST /api/v1/admin/users/:id/enable — the user may sign in again (ended sessions stay ended). */
    async enable({ actor, scoped }: Caller, id: string): Promise<ChangedUser> {
      requirePermission(actor, "can_manage_users");
      return scoped({ kind: "provider" }, async (trx) => {
        const user = await lockedUser(trx, id);
        if (user.disabled_at) await queries.updateUser(trx, user.id, { disabled_at: null });
        return changed(trx, user.id);
      });
    },

    /**
     * POST /api/v1/admin/users/invite — an organisation that takes the address by email link gets an access link
     * (its mail is queued by `queueMail` after commit). One that signs in through Entra ID and does not list
     * the address's domain for links gets nothing: people reach the portal there by being assigned its
     * application role, which only the organisation's Entra admin can do.
     */
    async invite(
      caller: Caller,
      body: InviteUserBody,
    ): Promise<{ outcome: InviteOutcome; queueMail: (() => Promise<unknown>) | null }> {
      requirePermission(caller.actor, "can_manage_users");
      const email = body.email.toLowerCase();
      const tenant = await caller.scoped({ kind: "provider" }, async (trx) => {
        const found = await queries.findTenant(trx, body.tenantId);
        if (!found) throw notFound("Tenant");
        const workspace = await queries.findWorkspace(trx, body.workspaceId);
        // Another organisation's workspace is as unknown as a missing one.
        if (!workspace || workspace.tenant_id !== found.id) throw notFound("Workspace");
        return found;
      });
      const domains = tenant.allowed_email_domains;
      const isLinkDomain = domains.length > 0 && isAllowedDomain(email, domains);
      if (tenant.entra_tenant_ids.length > 0 && !isLinkDomain) {
        const [appRole = body.role] = appRolesOf(body.role);
        const viewer = appRolesOf("customer_viewer")[0] ?? "customer_viewer";
        const approver = appRolesOf("customer_approver")[0] ?? "customer_approver";
        return {
          outcome: {
            outcome: "entra",
            email,
            appRole,
            note: `${tenant.name} signs in with Microsoft Entra ID and does not take ${email} by email link. Ask their Entra administrator to assign ${email} to the portal's enterprise application with the app role ${appRole} (${viewer}: views reports; ${approver}: also signs documents). They can then sign in with their work account. Nothing was sent.`,
          },
          queueMail: null,
        };
      }
      const { issued, queueMail } = await accessLinks.issue(caller, body.workspaceId, {
        email,
        role: body.role,
      });
      return { outcome: { outcome: "link_sent", ...issued }, queueMail };
    },
  };
}

export type UserService = ReturnType<typeof createUserService>;
