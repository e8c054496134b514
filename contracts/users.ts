import { type Static, Type } from "typebox";
import { accessLinkRoles, EmailAddress } from "./access-links";
import { RoleSchema } from "./auth";
import { IsoDateTime, NullableDateTime, Uuid } from "./common";

/**
 * The console's users: people who sign in through single sign-on (rows of `users`), either one customer
 * organisation's or the provider's own staff. A customer's email-link people are access links, listed on the
 * access links page, not here.
 */

/** Which users: one customer organisation's (its id) or the provider's staff. */
export const UserListQuery = Type.Object({
  tenant: Type.Union([Uuid, Type.Literal("staff")], {
    description: "A customer organisation's id, or `staff` for the provider's own people.",
  }),
  /** Matches the name or the email address. */
  q: Type.Optional(Type.String({ maxLength: 200 })),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000, default: 1 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 50 })),
});
export type UserListQuery = Static<typeof UserListQuery>;

export const UserSummary = Type.Object({
  id: Uuid,
  name: Type.String(),
  email: Type.String(),
  role: RoleSchema,
  /** Every listed user signs in through single sign-on. */
  signInMethod: Type.Literal("sso"),
  lastSignInAt: NullableDateTime,
  /**
   * Whether their latest sign-in proved multi-factor authentication (the identity provider said so); null when
   * they have never signed in.
   */
  mfa: Type.Union([Type.Boolean(), Type.Null()]),
  disabledAt: NullableDateTime,
  /** Sessions neither ended nor past their time. */
  activeSessions: Type.Integer({ minimum: 0 }),
});
export type UserSummary = Static<typeof UserSummary>;

/** GET /api/v1/admin/users */
export const UserList = Type.Object(
  {
    /** The organisation listed; null for the provider's staff. */
    tenant: Type.Union([Type.Object({ id: Uuid, name: Type.String() }), Type.Null()]),
    items: Type.Array(UserSummary),
    total: Type.Integer({ minimum: 0 }),
    page: Type.Integer(),
    page_size: Type.Integer(),
  },
  {
    description: "A page of one organisation's users (or the provider's staff), by name.",
    examples: [
      {
        tenant: { id: "3d0af42e-092e-4fbd-9d84-8def3e4009e7", name: "Northwind Health Systems" },
        items: [
          {
            id: "6f1c2b7a-4d3e-4f5a-8b9c-0d1e2f3a4b5c",
            name: "Dana Reyes",
            email: "dana.reyes@northwind.example",
            role: "customer_approver",
            signInMethod: "sso",
            lastSignInAt: "2026-11-28T14:02:00.000Z",
            mfa: true,
            disabledAt: null,
            activeSessions: 1,
          },
        ],
        total: 1,
        page: 1,
        page_size: 50,
      },
    ],
  },
);
export type UserList = Static<typeof UserList>;

export const UserParams = Type.Object({ id: Type.String({ maxLength: 100 }) });
export type UserParams = Static<typeof UserParams>;

/** POST /api/v1/admin/users/:id/role — within the user's kind: customer roles for customers, staff roles for staff. */
export const ChangeRoleBody = Type.Object({ role: RoleSchema }, { additionalProperties: false });
export type ChangeRoleBody = Static<typeof ChangeRoleBody>;

/** POST /api/v1/admin/users/invite */
export const InviteUserBody = Type.Object(
  {
    tenantId: Uuid,
    workspaceId: Uuid,
    email: EmailAddress,
    role: Type.Enum(accessLinkRoles),
  },
  { additionalProperties: false },
);
export type InviteUserBody = Static<typeof InviteUserBody>;

/**
 * What an invitation did: an access link emailed to the address, or (an organisation that signs in through
 * Microsoft Entra ID and does not take this address by email link) nothing, with what to do in Entra instead.
 */
export const InviteOutcome = Type.Union(
  [
    Type.Object({
      outcome: Type.Literal("link_sent"),
      tokenId: Uuid,
      email: Type.String(),
      workspaceId: Uuid,
      expiresAt: IsoDateTime,
    }),
    Type.Object({
      outcome: Type.Literal("entra"),
      email: Type.String(),
      /** What to do in Entra ID, in a sentence to show as it is. */
      note: Type.String(),
      /** The application role to assign for the chosen portal role. */
      appRole: Type.String(),
    }),
  ],
  {
    examples: [
      {
        outcome: "entra",
        email: "sam.lee@northwind.example",
        note: "Northwind Health Systems signs in with Microsoft Entra ID: in their Entra tenant, assign sam.lee@northwind.example to the portal's enterprise application with the app role Portal.Viewer (Portal.Approver to sign documents). They can then sign in; nothing was sent.",
        appRole: "Portal.Viewer",
      },
    ],
  },
);
export type InviteOutcome = Static<typeof InviteOutcome>;
