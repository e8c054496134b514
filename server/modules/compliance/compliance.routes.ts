import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { TenantView } from "../../../contracts/common";
import { ComplianceSummary, FrameworkDetail, FrameworkParams } from "../../../contracts/compliance";
import { callerOf } from "../../http/auth";
import type { ComplianceService } from "./compliance.service";

export const complianceRoutes =
  (compliance: ComplianceService): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      "/api/v1/compliance",
      {
        config: { permission: "can_view_compliance", audit: { action: "compliance.view" } },
        schema: { querystring: TenantView, response: { 200: ComplianceSummary } },
      },
      async (request) => compliance.getSummary(callerOf(request), request.query.tenant),
    );

    app.get(
      "/api/v1/compliance/:framework",
      {
        config: {
          permission: "can_view_compliance",
          audit: {
            action: "compliance.framework_view",
            resource: "compliance_framework",
            idParam: "framework",
          },
        },
        schema: { params: FrameworkParams, querystring: TenantView, response: { 200: FrameworkDetail } },
      },
      async (request) =>
        compliance.getFramework(callerOf(request), request.params.framework, request.query.tenant),
    );
  };
