import type { TenantList, TenantListQuery } from "../../../contracts/tenants";
import { type Caller, requirePermission } from "../../auth/permissions";
import * as queries from "./tenants.queries";

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
  };
}

export type TenantService = ReturnType<typeof createTenantService>;
