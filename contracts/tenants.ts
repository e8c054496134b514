import { type Static, Type } from "typebox";
import { IsoDateTime } from "./common";

/** One customer organisation as the provider's console lists it. */
export const TenantSummary = Type.Object({
  id: Type.String(),
  slug: Type.String(),
  name: Type.String(),
  require_mfa: Type.Boolean(),
  workspaces: Type.Integer({ minimum: 0 }),
  users: Type.Integer({ minimum: 0 }),
  created_at: IsoDateTime,
});
export type TenantSummary = Static<typeof TenantSummary>;

/** GET /api/v1/admin/tenants */
export const TenantList = Type.Object(
  {
    items: Type.Array(TenantSummary),
    total: Type.Integer(),
    page: Type.Integer(),
    page_size: Type.Integer(),
  },
  {
    description: "A page of customer organisations, by name.",
    examples: [
      {
        items: [
          {
            id: "3d0af42e-092e-4fbd-9d84-8def3e4009e7",
            slug: "northwind",
            name: "Northwind Health Systems",
            require_mfa: false,
            workspaces: 3,
            users: 4,
            created_at: "2026-01-12T09:30:00.000Z",
          },
        ],
        total: 1,
        page: 1,
        page_size: 50,
      },
    ],
  },
);
export type TenantList = Static<typeof TenantList>;

export const TenantListQuery = Type.Object({
  /** Matches the name or the slug. */
  q: Type.Optional(Type.String({ maxLength: 200 })),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000, default: 1 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 50 })),
});
export type TenantListQuery = Static<typeof TenantListQuery>;
