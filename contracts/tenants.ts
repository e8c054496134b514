import { type Static, Type } from "typebox";
import { IsoDateTime, Uuid } from "./common";
import {
  EMAIL_DOMAIN_PATTERN,
  EMAIL_DOMAINS_MAX,
  ENTRA_TENANT_ID_PATTERN,
  ENTRA_TENANT_IDS_MAX,
  SESSION_HOURS,
  TENANT_NAME_MAX_LENGTH,
  TENANT_SLUG_PATTERN,
  WORKSPACE_DESCRIPTION_MAX_LENGTH,
  WORKSPACE_NAME_MAX_LENGTH,
  workspaceKinds,
} from "./tenant-rules";

/** One customer organisation as the provider's console lists it. */
export const TenantSummary = Type.Object({
  id: Type.String(),
  slug: Type.String(),
  name: Type.String(),
  require_mfa: Type.Boolean(),
  /** Where emailed access links may go (subdomains included); empty: any address. */
  allowed_email_domains: Type.Array(Type.String()),
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
            allowed_email_domains: ["northwind.example"],
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

/** The settings a provider admin chooses for a tenant. */
const tenantFields = {
  /** Not blank. */
  name: Type.String({ minLength: 1, maxLength: TENANT_NAME_MAX_LENGTH, pattern: "\\S" }),
  /** Unique across tenants. */
  slug: Type.String({ pattern: TENANT_SLUG_PATTERN, maxLength: 63 }),
  /** The customer's Microsoft Entra directories whose users sign in to this tenant; one directory, one tenant. */
  entra_tenant_ids: Type.Array(Type.String({ pattern: ENTRA_TENANT_ID_PATTERN, maxLength: 36 }), {
    maxItems: ENTRA_TENANT_IDS_MAX,
  }),
  /** Single sign-ons without multi-factor authentication are refused. */
  require_mfa: Type.Boolean(),
  /** Lower-case domain names where access links may be emailed (subdomains included); empty: any address. */
  allowed_email_domains: Type.Array(Type.String({ pattern: EMAIL_DOMAIN_PATTERN, maxLength: 253 }), {
    maxItems: EMAIL_DOMAINS_MAX,
  }),
  /** How long a sign-in lasts at most, in hours. */
  session_max_hours: Type.Integer(SESSION_HOURS),
};

/** POST /api/v1/admin/tenants */
export const CreateTenantBody = Type.Object(
  {
    name: tenantFields.name,
    slug: tenantFields.slug,
    entra_tenant_ids: Type.Optional(tenantFields.entra_tenant_ids),
    require_mfa: Type.Optional(tenantFields.require_mfa),
    allowed_email_domains: Type.Optional(tenantFields.allowed_email_domains),
    session_max_hours: Type.Optional(tenantFields.session_max_hours),
  },
  {
    additionalProperties: false,
    examples: [
      {
        name: "Northwind Health Systems",
        slug: "northwind",
        entra_tenant_ids: ["6f1c2b7e-8a44-4c1e-9d0b-2f5a7c3e1d90"],
        require_mfa: true,
        allowed_email_domains: ["northwind.example"],
        session_max_hours: 12,
      },
    ],
  },
);
export type CreateTenantBody = Static<typeof CreateTenantBody>;

/** PATCH /api/v1/admin/tenants/:id — only the fields sent change. */
export const UpdateTenantBody = Type.Partial(Type.Object(tenantFields), {
  additionalProperties: false,
  minProperties: 1,
});
export type UpdateTenantBody = Static<typeof UpdateTenantBody>;

export const TenantParams = Type.Object({ id: Type.String({ maxLength: 100 }) });
export type TenantParams = Static<typeof TenantParams>;

/** One workspace of a tenant, as the console shows it. */
export const WorkspaceItem = Type.Object({
  id: Uuid,
  tenant_id: Uuid,
  name: Type.String(),
  kind: Type.Enum(workspaceKinds),
  description: Type.String(),
  /** Set: read-only history, left out of pickers, no new access links. */
  archived_at: Type.Union([IsoDateTime, Type.Null()]),
  created_at: IsoDateTime,
  reports: Type.Integer({ minimum: 0 }),
  engagements: Type.Integer({ minimum: 0 }),
});
export type WorkspaceItem = Static<typeof WorkspaceItem>;

/** GET /api/v1/admin/tenants/:id */
export const TenantDetail = Type.Object(
  {
    id: Uuid,
    slug: Type.String(),
    name: Type.String(),
    entra_tenant_ids: Type.Array(Type.String()),
    require_mfa: Type.Boolean(),
    allowed_email_domains: Type.Array(Type.String()),
    session_max_hours: Type.Integer(),
    users: Type.Integer({ minimum: 0 }),
    created_at: IsoDateTime,
    workspaces: Type.Array(WorkspaceItem),
  },
  { description: "A tenant's settings and its workspaces (archived ones included), by name." },
);
export type TenantDetail = Static<typeof TenantDetail>;

/** POST /api/v1/admin/tenants/:id/workspaces */
export const CreateWorkspaceBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: WORKSPACE_NAME_MAX_LENGTH, pattern: "\\S" }),
    kind: Type.Enum(workspaceKinds),
    description: Type.Optional(Type.String({ maxLength: WORKSPACE_DESCRIPTION_MAX_LENGTH })),
  },
  {
    additionalProperties: false,
    examples: [{ name: "Managed SOC", kind: "soc", description: "24/7 monitoring and response" }],
  },
);
export type CreateWorkspaceBody = Static<typeof CreateWorkspaceBody>;

/** PATCH /api/v1/admin/workspaces/:id — only the fields sent change. */
export const UpdateWorkspaceBody = Type.Object(
  {
    name: Type.Optional(CreateWorkspaceBody.properties.name),
    description: Type.Optional(Type.String({ maxLength: WORKSPACE_DESCRIPTION_MAX_LENGTH })),
    /** Only while the workspace holds no reports and no engagements. */
    kind: Type.Optional(Type.Enum(workspaceKinds)),
    /** true archives (read-only history), false brings it back. */
    archived: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateWorkspaceBody = Static<typeof UpdateWorkspaceBody>;

export const WorkspaceParams = Type.Object({ id: Type.String({ maxLength: 100 }) });
