import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { TenantList, TenantListQuery } from "../../../contracts/tenants";
import { callerOf } from "../../http/auth";
import type { TenantService } from "./tenants.service";

export const tenantRoutes =
  (tenants: TenantService): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      "/api/v1/admin/tenants",
      {
        config: { permission: "can_manage_settings", audit: { action: "admin.tenant_list" } },
        schema: {
          description: "The provider's customer organisations, with how many workspaces and users each has.",
          querystring: TenantListQuery,
          response: { 200: TenantList },
        },
      },
      async (request) => tenants.listTenants(callerOf(request), request.query),
    );
  };
