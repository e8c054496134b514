import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { AuditAction, AuditResource } from "../../../contracts/audit";
import {
  CreateTenantBody,
  CreateWorkspaceBody,
  TenantDetail,
  TenantList,
  TenantListQuery,
  TenantParams,
  UpdateTenantBody,
  UpdateWorkspaceBody,
  WorkspaceItem,
  WorkspaceParams,
} from "../../../contracts/tenants";
import { callerOf } from "../../http/auth";
import { errorAnswer } from "../../http/openapi";
import type { TenantService } from "./tenants.service";

/** Tenants and workspaces are the provider's settings: admins only. */
const settings = (action: AuditAction, resource?: AuditResource) => ({
  permission: "can_manage_settings" as const,
  audit: resource ? { action, resource } : { action },
});

export const tenantRoutes =
  (tenants: TenantService): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      "/api/v1/admin/tenants",
      {
        config: settings("admin.tenant_list"),
        schema: {
          description: "The provider's customer organisations, with how many workspaces and users each has.",
          querystring: TenantListQuery,
          response: { 200: TenantList },
        },
      },
      async (request) => tenants.listTenants(callerOf(request), request.query),
    );

    app.post(
      "/api/v1/admin/tenants",
      {
        config: settings("admin.tenant_create"),
        schema: {
          description:
            "Creates a customer organisation. Its users sign in through the Entra directories named here; access links go only to the allowed email domains.",
          body: CreateTenantBody,
          response: {
            201: TenantDetail,
            409: errorAnswer("The slug, or one of the Entra tenant ids, belongs to another tenant."),
          },
        },
      },
      async (request, reply) => {
        const created = await tenants.createTenant(callerOf(request), request.body);
        // The new customer's own trail starts with its creation.
        request.auditTenant = { tenantId: created.id };
        return reply.status(201).send(created);
      },
    );

    app.get(
      "/api/v1/admin/tenants/:id",
      {
        config: settings("admin.tenant_view", "tenant"),
        schema: {
          description: "One tenant's settings and its workspaces, archived ones included.",
          params: TenantParams,
          response: { 200: TenantDetail },
        },
      },
      async (request) => tenants.getTenant(callerOf(request), request.params.id),
    );

    app.patch(
      "/api/v1/admin/tenants/:id",
      {
        config: settings("admin.tenant_update", "tenant"),
        schema: {
          description:
            "Changes a tenant's settings; only the fields sent change. The MFA rule and the session lifetime apply from each user's next sign-in: sessions already open keep their expiry.",
          params: TenantParams,
          body: UpdateTenantBody,
          response: {
            200: TenantDetail,
            409: errorAnswer("The slug, or one of the Entra tenant ids, belongs to another tenant."),
          },
        },
      },
      async (request) => {
        const updated = await tenants.updateTenant(callerOf(request), request.params.id, request.body);
        request.auditTenant = { tenantId: updated.id };
        return updated;
      },
    );

    app.post(
      "/api/v1/admin/tenants/:id/workspaces",
      {
        config: settings("admin.workspace_create", "tenant"),
        schema: {
          description: "Creates a workspace (a SOC service or an advisory engagement space) for the tenant.",
          params: TenantParams,
          body: CreateWorkspaceBody,
          response: { 201: WorkspaceItem },
        },
      },
      async (request, reply) => {
        const created = await tenants.createWorkspace(callerOf(request), request.params.id, request.body);
        request.auditTenant = { tenantId: created.tenant_id, workspaceId: created.id };
        return reply.status(201).send(created);
      },
    );

    app.patch(
      "/api/v1/admin/workspaces/:id",
      {
        config: settings("admin.workspace_update", "workspace"),
        schema: {
          description:
            "Renames, describes, archives (read-only history: left out of pickers, no new access links; customers keep its published reports) or brings back a workspace. Its kind changes only while it holds no reports and no engagements.",
          params: WorkspaceParams,
          body: UpdateWorkspaceBody,
          response: {
            200: WorkspaceItem,
            409: errorAnswer("The kind of a workspace holding reports or engagements cannot change."),
          },
        },
      },
      async (request) => {
        const updated = await tenants.updateWorkspace(callerOf(request), request.params.id, request.body);
        request.auditTenant = { tenantId: updated.tenant_id, workspaceId: updated.id };
        return updated;
      },
    );
  };
