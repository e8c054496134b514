import type {
  CreateTenantBody,
  CreateWorkspaceBody,
  TenantDetail,
  TenantList,
  TenantListQuery,
  UpdateTenantBody,
  UpdateWorkspaceBody,
  WorkspaceItem,
} from "../../../contracts/tenants";
import { type Caller, requirePermission } from "../../auth/permissions";
import { UUID } from "../../auth/scope";
import { isUniqueViolation } from "../../db/errors";
import type { ScopedTransaction } from "../../db/scope";
import type { TenantUpdate } from "../../db/types";
import { AppError, notFound } from "../../errors";
import * as queries from "./tenants.queries";

type WorkspaceRow = Awaited<ReturnType<typeof queries.findWorkspaces>>[number];

function toWorkspaceItem(row: WorkspaceRow): WorkspaceItem {
  return {
    id: row.id,
    tenant_id: row.tenant_id,
    name: row.name,
    kind: row.kind,
    description: row.description,
    archived_at: row.archived_at?.toISOString() ?? null,
    created_at: row.created_at.toISOString(),
    reports: row.reports ?? 0,
    engagements: row.engagements ?? 0,
  };
}

/** Each value once, in the order given. */
const distinct = (values: string[]) => [...new Set(values)];

/**
 * The settings as they are stored, after the rules a schema cannot state: the name is trimmed, directory ids are
 * compared lower-cased, and each directory signs in to one tenant only (sign-in picks the tenant by directory, so a
 * directory shared by two tenants would let one customer's users into the other's portal).
 */
async function checkedSettings(
  trx: ScopedTransaction,
  body: UpdateTenantBody,
  exceptId?: string,
): Promise<TenantUpdate> {
  const values: TenantUpdate = {};
  if (body.name !== undefined) values.name = body.name.trim();
  if (body.slug !== undefined) {
    if (await queries.isSlugTaken(trx, body.slug, exceptId)) {
      throw new AppError("conflict", `The slug "${body.slug}" is already used by another tenant`);
    }
    values.slug = body.slug;
  }
  if (body.entra_tenant_ids !== undefined) {
    await queries.lockDirectoryAssignments(trx);
    const ids = distinct(body.entra_tenant_ids.map((id) => id.toLowerCase()));
    const owner = ids.length > 0 ? await queries.findDirectoryOwner(trx, ids, exceptId) : undefined;
    if (owner) {
      throw new AppError(
        "conflict",
        `An Entra tenant id is already assigned to ${owner.name}: a directory signs in to one tenant only`,
      );
    }
    values.entra_tenant_ids = ids;
  }
  if (body.allowed_email_domains !== undefined) {
    values.allowed_email_domains = distinct(body.allowed_email_domains.map((domain) => domain.toLowerCase()));
  }
  if (body.require_mfa !== undefined) values.require_mfa = body.require_mfa;
  if (body.session_max_hours !== undefined) values.session_max_hours = body.session_max_hours;
  return values;
}

async function tenantDetail(trx: ScopedTransaction, id: string): Promise<TenantDetail> {
  const [tenant, workspaces] = await Promise.all([
    queries.findTenant(trx, id),
    queries.findWorkspaces(trx, { tenantId: id }),
  ]);
  if (!tenant) throw notFound("Tenant");
  return {
    id: tenant.id,
    slug: tenant.slug,
    name: tenant.name,
    entra_tenant_ids: tenant.entra_tenant_ids,
    require_mfa: tenant.require_mfa,
    allowed_email_domains: tenant.allowed_email_domains,
    session_max_hours: tenant.session_max_hours,
    users: tenant.users ?? 0,
    created_at: tenant.created_at.toISOString(),
    workspaces: workspaces.map(toWorkspaceItem),
  };
}

async function workspaceItem(trx: ScopedTransaction, id: string): Promise<WorkspaceItem> {
  const [row] = await queries.findWorkspaces(trx, { id });
  if (!row) throw notFound("Workspace");
  return toWorkspaceItem(row);
}

export function createTenantService() {
  return {
    /** GET /api/v1/admin/tenants — the provider's customer organisations (console). */
    async listTenants({ actor, scoped }: Caller, query: TenantListQuery): Promise<TenantList> {
      requirePermission(actor, "can_manage_settings");
      const page = query.page ?? 1;
      const pageSize = query.pageSize ?? 50;
      const { items, total } = await scoped({ kind: "provider" }, (trx) =>
        queries.findTenants(trx, { q: query.q }, { limit: pageSize, offset: (page - 1) * pageSize }),
      );
      return {
        items: items.map((row) => ({
          ...row,
          workspaces: row.workspaces ?? 0,
          users: row.users ?? 0,
          created_at: row.created_at.toISOString(),
        })),
        total,
        page,
        page_size: pageSize,
      };
    },

    /** GET /api/v1/admin/tenants/:id */
    async getTenant({ actor, scoped }: Caller, id: string): Promise<TenantDetail> {
      requirePermission(actor, "can_manage_settings");
      if (!UUID.test(id)) throw notFound("Tenant");
      return scoped({ kind: "provider" }, (trx) => tenantDetail(trx, id));
    },

    /** POST /api/v1/admin/tenants — a new customer organisation, without workspaces yet. */
    async createTenant({ actor, scoped }: Caller, body: CreateTenantBody): Promise<TenantDetail> {
      requirePermission(actor, "can_manage_settings");
      return scoped({ kind: "provider" }, async (trx) => {
        const values = await checkedSettings(trx, body);
        try {
          const { id } = await queries.insertTenant(trx, {
            ...values,
            name: values.name ?? body.name,
            slug: body.slug,
          });
          return await tenantDetail(trx, id);
        } catch (error) {
          if (isUniqueViolation(error)) {
            throw new AppError("conflict", `The slug "${body.slug}" is already used by another tenant`);
          }
          throw error;
        }
      });
    },

    /**
     * PATCH /api/v1/admin/tenants/:id — only the fields sent change. A stricter sign-in rule applies at once:
     * requiring MFA ends the single sign-on sessions opened without it, and removing an Entra directory ends
     * every single sign-on session of the tenant (the people of the directories kept sign in again). A new session
     * lifetime applies from each user's next sign-in; sessions already open keep the expiry they were given.
     */
    async updateTenant({ actor, scoped }: Caller, id: string, body: UpdateTenantBody): Promise<TenantDetail> {
      requirePermission(actor, "can_manage_settings");
      if (!UUID.test(id)) throw notFound("Tenant");
      return scoped({ kind: "provider" }, async (trx) => {
        const before = await queries.lockSignInRules(trx, id);
        if (!before) throw notFound("Tenant");
        const values = await checkedSettings(trx, body, id);
        try {
          const updated = await queries.updateTenant(trx, id, values);
          if (!updated) throw notFound("Tenant");
          const removedDirectory = before.entra_tenant_ids.some(
            (directory) =>
              values.entra_tenant_ids && !values.entra_tenant_ids.includes(directory.toLowerCase()),
          );
          if (removedDirectory) await queries.revokeSsoSessions(trx, id, "all");
          else if (values.require_mfa && !before.require_mfa)
            await queries.revokeSsoSessions(trx, id, "without_mfa");
        } catch (error) {
          if (isUniqueViolation(error)) {
            throw new AppError("conflict", `The slug "${body.slug}" is already used by another tenant`);
          }
          throw error;
        }
        return tenantDetail(trx, id);
      });
    },

    /** POST /api/v1/admin/tenants/:id/workspaces */
    async createWorkspace(
      { actor, scoped }: Caller,
      tenantId: string,
      body: CreateWorkspaceBody,
    ): Promise<WorkspaceItem> {
      requirePermission(actor, "can_manage_settings");
      if (!UUID.test(tenantId)) throw notFound("Tenant");
      return scoped({ kind: "provider" }, async (trx) => {
        if (!(await queries.findTenant(trx, tenantId))) throw notFound("Tenant");
        const { id } = await queries.insertWorkspace(trx, {
          tenant_id: tenantId,
          name: body.name.trim(),
          kind: body.kind,
          description: body.description?.trim() ?? "",
        });
        return workspaceItem(trx, id);
      });
    },

    /**
     * PATCH /api/v1/admin/workspaces/:id — rename, describe, archive or bring back. The kind decides which
     * reports and views the workspace has, so it changes only while the workspace holds no reports and no
     * engagements (else 409): what was delivered under one kind is never re-labelled as the other.
     */
    async updateWorkspace(
      { actor, scoped }: Caller,
      id: string,
      body: UpdateWorkspaceBody,
    ): Promise<WorkspaceItem> {
      requirePermission(actor, "can_manage_settings");
      if (!UUID.test(id)) throw notFound("Workspace");
      return scoped({ kind: "provider" }, async (trx) => {
        if (!(await queries.lockWorkspace(trx, id))) throw notFound("Workspace");
        const current = await workspaceItem(trx, id);
        if (body.kind !== undefined && body.kind !== current.kind) {
          if (current.reports > 0 || current.engagements > 0) {
            throw new AppError(
              "conflict",
              "The kind of a workspace that holds reports or engagements cannot change; create a new workspace instead",
            );
          }
        }
        const isArchived = current.archived_at !== null;
        const values = {
          ...(body.name !== undefined ? { name: body.name.trim() } : {}),
          ...(body.description !== undefined ? { description: body.description.trim() } : {}),
          ...(body.kind !== undefined ? { kind: body.kind } : {}),
          // Archiving again keeps the first date.
          ...(body.archived === true && !isArchived ? { archived_at: new Date() } : {}),
          ...(body.archived === false ? { archived_at: null } : {}),
        };
        if (Object.keys(values).length > 0) await queries.updateWorkspace(trx, id, values);
        return workspaceItem(trx, id);
      });
    },
  };
}

export type TenantService = ReturnType<typeof createTenantService>;
