import { type ScopedTransaction, type TenantScope, workspaceFilter } from "../../db/scope";

export async function findFrameworks(trx: ScopedTransaction, scope: TenantScope) {
  return trx
    .selectFrom("compliance_frameworks as f")
    .innerJoin("workspaces as w", "w.id", "f.workspace_id")
    .select([
      "f.id",
      "f.key",
      "f.name",
      "f.score",
      "f.updated_at",
      "f.workspace_id",
      "w.name as workspace_name",
    ])
    .select((eb) => [
      eb
        .selectFrom("compliance_controls as c")
        .whereRef("c.framework_id", "=", "f.id")
        .select((inner) => inner.fn.countAll<number>().as("n"))
        .where("c.status", "=", "passing")
        .as("passing"),
      eb
        .selectFrom("compliance_controls as c")
        .whereRef("c.framework_id", "=", "f.id")
        .select((inner) => inner.fn.countAll<number>().as("n"))
        .where("c.status", "=", "failing")
        .as("failing"),
      eb
        .selectFrom("compliance_controls as c")
        .whereRef("c.framework_id", "=", "f.id")
        .select((inner) => inner.fn.countAll<number>().as("n"))
        .where("c.status", "=", "partial")
        .as("partial"),
      eb
        .selectFrom("compliance_controls as c")
        .whereRef("c.framework_id", "=", "f.id")
        .select((inner) => inner.fn.countAll<number>().as("n"))
        .where("c.status", "=", "not_applicable")
        .as("not_applicable"),
    ])
    .where("f.tenant_id", "=", scope.tenantId)
    .where(workspaceFilter("f.workspace_id", scope))
    .orderBy("f.name")
    .orderBy("w.name")
    .execute();
}

export async function findScoreHistory(trx: ScopedTransaction, scope: TenantScope, frameworkIds: string[]) {
  if (frameworkIds.length === 0) return [];
  return trx
    .selectFrom("compliance_score_history")
    .select(["framework_id", "recorded_on", "score"])
    .where("tenant_id", "=", scope.tenantId)
    .where("framework_id", "in", frameworkIds)
    .orderBy("recorded_on")
    .execute();
}

export async function findControls(trx: ScopedTransaction, scope: TenantScope, frameworkId: string) {
  return trx
    .selectFrom("compliance_controls")
    .select(["ref", "title", "family", "status", "owner", "last_assessed_at"])
    .where("tenant_id", "=", scope.tenantId)
    .where("framework_id", "=", frameworkId)
    .orderBy("family")
    .orderBy("ref")
    .execute();
}
