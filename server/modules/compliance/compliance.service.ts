import { complianceBand, roundScore } from "../../../contracts/compliance";
import { type Caller, requirePermission } from "../../auth/permissions";
import { portalScope, UUID } from "../../auth/scope";
import type { ScopedTransaction, TenantScope } from "../../db/scope";
import { notFound } from "../../errors";
import * as queries from "./compliance.queries";

export function createComplianceService() {
  async function frameworksWithTrend(trx: ScopedTransaction, scope: TenantScope) {
    const frameworks = await queries.findFrameworks(trx, scope);
    const history = await queries.findScoreHistory(
      trx,
      scope,
      frameworks.map((f) => f.id),
    );
    return frameworks.map((framework) => ({
      id: framework.id,
      key: framework.key,
      name: framework.name,
      workspace_id: framework.workspace_id,
      workspace_name: framework.workspace_name,
      score: framework.score,
      status: complianceBand(framework.score),
      controls: {
        passing: framework.passing ?? 0,
        failing: framework.failing ?? 0,
        partial: framework.partial ?? 0,
        not_applicable: framework.not_applicable ?? 0,
      },
      updated_at: framework.updated_at.toISOString(),
      trend: history
        .filter((point) => point.framework_id === framework.id)
        .map((point) => ({ date: point.recorded_on, score: point.score })),
    }));
  }

  return {
    /** GET /api/v1/compliance: every framework with its score, status, control counts and score history. */
    async getSummary({ actor, scoped }: Caller, tenant?: string) {
      requirePermission(actor, "can_view_compliance");
      const scope = portalScope(actor, tenant);
      const frameworks = await scoped(scope, (trx) => frameworksWithTrend(trx, scope));
      const overall =
        frameworks.length > 0
          ? roundScore(frameworks.reduce((sum, f) => sum + f.score, 0) / frameworks.length)
          : null;
      return {
        overall_score: overall,
        overall_status: overall === null ? null : complianceBand(overall),
        frameworks,
      };
    },

    /** GET /api/v1/compliance/:framework — by key (e.g. `nist-800-53`) or id — with its controls. */
    async getFramework({ actor, scoped }: Caller, framework: string, tenant?: string) {
      requirePermission(actor, "can_view_compliance");
      const scope = portalScope(actor, tenant);
      const result = await scoped(scope, async (trx) => {
        const all = await frameworksWithTrend(trx, scope);
        const found = all.find((f) => f.key === framework || (UUID.test(framework) && f.id === framework));
        if (!found) return null;
        const controls = await queries.findControls(trx, scope, found.id);
        return {
          ...found,
          controls_list: controls.map((control) => ({
            ...control,
            last_assessed_at: control.last_assessed_at.toISOString(),
          })),
        };
      });
      if (!result) throw notFound("Framework");
      return result;
    },
  };
}

export type ComplianceService = ReturnType<typeof createComplianceService>;
