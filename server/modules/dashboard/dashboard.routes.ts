import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { TenantView } from "../../../contracts/common";
import { DashboardResponse } from "../../../contracts/dashboard";
import { callerOf } from "../../http/auth";
import type { DashboardService } from "./dashboard.service";

export const dashboardRoutes =
  (dashboard: DashboardService): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      "/api/v1/reports/dashboard",
      {
        config: { permission: "can_view_dashboard", audit: { action: "dashboard.view" } },
        schema: { querystring: TenantView, response: { 200: DashboardResponse } },
      },
      async (request) => dashboard.getDashboard(callerOf(request), request.query.tenant),
    );
  };
