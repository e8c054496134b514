import { type Static, Type } from "typebox";

/** Roles are named bundles of permissions: two for the customer's people, two for the provider's staff. */
export const roles = ["customer_viewer", "customer_approver", "analyst", "admin"] as const;
export type Role = (typeof roles)[number];
export const RoleSchema = Type.Enum(roles);

export const AuthMethodSchema = Type.Union([Type.Literal("sso"), Type.Literal("email")]);
export type AuthMethod = Static<typeof AuthMethodSchema>;

/** Every permission the API checks. Which role holds which is the server's matrix; the UI only hides. */
export const permissionNames = [
  "can_view_reports",
  "can_download_reports",
  "can_view_compliance",
  "can_access_customer_portal",
  "can_view_dashboard",
  "can_view_engagements",
  "can_view_proposals",
  "can_sign_documents",
  "can_generate_reports",
  "can_share_reports",
  "can_view_incidents",
  "can_manage_incidents",
  "can_manage_engagements",
  "can_issue_client_tokens",
  "can_manage_users",
  "can_manage_settings",
  "can_view_audit_log",
  "can_view_access_log",
] as const;
export type Permission = (typeof permissionNames)[number];
export type PermissionMap = Record<Permission, boolean>;

/** GET /api/v1/me: who is signed in, with what role, permissions, organisation and proof. */
export const MeResponse = Type.Object(
  {
    user: Type.Object({
      id: Type.Union([Type.String(), Type.Null()]),
      name: Type.String(),
      email: Type.String(),
    }),
    role: RoleSchema,
    permissions: Type.Object(
      Object.fromEntries(permissionNames.map((name) => [name, Type.Boolean()])) as Record<
        Permission,
        ReturnType<typeof Type.Boolean>
      >,
    ),
    tenant: Type.Union([
      Type.Object({ id: Type.String(), name: Type.String(), slug: Type.String() }),
      Type.Null(),
    ]),
    workspace_ids: Type.Union([Type.Array(Type.String()), Type.Literal("all")]),
    auth_method: AuthMethodSchema,
    mfa: Type.Boolean(),
  },
  {
    description: "The signed-in user.",
    examples: [
      {
        user: {
          id: "5d0c2b7e-8a41-4f3e-9c1d-2e7b6a9f0c13",
          name: "Dana Whitfield",
          email: "dana@northwind.example",
        },
        role: "customer_viewer",
        permissions: Object.fromEntries(
          permissionNames.map((name, index) => [name, index < 7 || name === "can_view_access_log"]),
        ),
        tenant: {
          id: "3d0af42e-092e-4fbd-9d84-8def3e4009e7",
          name: "Northwind Health Systems",
          slug: "northwind",
        },
        workspace_ids: "all",
        auth_method: "sso",
        mfa: true,
      },
    ],
  },
);
export type MeResponse = Static<typeof MeResponse>;

/** What the app's page carries for its signed-in user, read before the first render: `me` as `/api/v1/me` answers. */
export const InitialData = Type.Object({ me: MeResponse });
export type InitialData = Static<typeof InitialData>;
/** The id of the page's `<script type="application/json">` holding it (a type, so server and web cannot drift). */
export type InitialDataElementId = "initial-data";
