import { type Static, Type } from "typebox";
import { IsoDateTime, NullableDateTime, Uuid } from "./common";

/**
 * Emailed access links: a one-time link that signs a customer into exactly one workspace. The link's secret only
 * ever travels in the email; the API answers with the link's id and state, never the secret.
 */

/** The roles a link may grant: a customer's, never the provider's. */
export const accessLinkRoles = ["customer_viewer", "customer_approver"] as const;
export type AccessLinkRole = (typeof accessLinkRoles)[number];

/**
 * An address one mail can be sent to: no spaces or control characters (so no header injection), no display name
 * or comments, a dotted domain. Deliberately stricter than RFC 5322.
 */
export const EMAIL_PATTERN =
  "^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$";
export const EmailAddress = Type.String({
  minLength: 3,
  maxLength: 254,
  pattern: EMAIL_PATTERN,
  description: "One email address (name@example.com), without a display name.",
});

/** POST /api/workspaces/:id/issue-client-token */
export const IssueAccessLinkBody = Type.Object(
  {
    email: EmailAddress,
    role: Type.Optional(Type.Enum(accessLinkRoles, { default: "customer_viewer" })),
    expiresInHours: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 8760,
        description: "How long the link may be used; default 72, at most the server's configured maximum.",
      }),
    ),
  },
  { additionalProperties: false },
);
export type IssueAccessLinkBody = Static<typeof IssueAccessLinkBody>;

export const IssuedAccessLink = Type.Object(
  {
    tokenId: Uuid,
    email: Type.String(),
    workspaceId: Uuid,
    expiresAt: IsoDateTime,
  },
  {
    description: "The link was created and its email queued. The link itself is only in the email.",
    examples: [
      {
        tokenId: "0f8c3a52-6f0e-4c1b-9f7e-2b9a1f7d3c11",
        email: "dana.reyes@northwind.example",
        workspaceId: "8a1b6c0e-2f4d-4b8a-9c3e-5d7f1a2b3c4d",
        expiresAt: "2026-12-02T09:30:00.000Z",
      },
    ],
  },
);
export type IssuedAccessLink = Static<typeof IssuedAccessLink>;

/** Where a link stands: not used yet, used once (it never opens again), past its time, or revoked by staff. */
export const accessLinkStatuses = ["unused", "used", "expired", "revoked"] as const;
export type AccessLinkStatus = (typeof accessLinkStatuses)[number];

/** Whether its email went out: queued, sent, failed after every retry, or never sent (printed by the CLI). */
export const accessLinkMailStatuses = ["queued", "sent", "failed", "not_sent"] as const;
export type AccessLinkMailStatus = (typeof accessLinkMailStatuses)[number];

/** How the link came to be: issued by staff, asked for by the client on the access page, or printed by the CLI. */
export const accessLinkOrigins = ["staff", "self_service", "cli"] as const;

export const AccessLink = Type.Object({
  id: Uuid,
  email: Type.String(),
  role: Type.Enum(accessLinkRoles),
  status: Type.Enum(accessLinkStatuses),
  origin: Type.Enum(accessLinkOrigins),
  issuedBy: Type.Union([Type.String(), Type.Null()], { description: "The staff member's name." }),
  createdAt: IsoDateTime,
  expiresAt: IsoDateTime,
  usedAt: NullableDateTime,
  revokedAt: NullableDateTime,
  mail: Type.Object({
    status: Type.Enum(accessLinkMailStatuses),
    attempts: Type.Integer({ minimum: 0 }),
    sentAt: NullableDateTime,
    /** Why the last attempt failed (the mail server's answer), for staff. */
    error: Type.Union([Type.String(), Type.Null()]),
  }),
});
export type AccessLink = Static<typeof AccessLink>;

/** GET /api/workspaces/:id/client-tokens */
export const AccessLinkList = Type.Object({
  workspace: Type.Object({ id: Uuid, name: Type.String(), tenantId: Uuid, tenantName: Type.String() }),
  items: Type.Array(AccessLink),
});
export type AccessLinkList = Static<typeof AccessLinkList>;

export const AccessLinkListQuery = Type.Object({
  status: Type.Optional(Type.Enum(accessLinkStatuses)),
});
export type AccessLinkListQuery = Static<typeof AccessLinkListQuery>;

/** GET /api/v1/admin/workspaces: every workspace the console can issue links for, by tenant. */
export const WorkspaceOption = Type.Object({
  id: Uuid,
  name: Type.String(),
  kind: Type.Enum(["soc", "advisory"]),
  tenantId: Uuid,
  tenantName: Type.String(),
  allowedEmailDomains: Type.Array(Type.String()),
});
export const WorkspaceOptions = Type.Object({ items: Type.Array(WorkspaceOption) });
export type WorkspaceOptions = Static<typeof WorkspaceOptions>;

/**
 * The secret from the link's fragment. Any string is accepted here, so a malformed one is refused exactly like
 * an unknown one.
 */
const LinkSecret = Type.String({ maxLength: 512 });

/** POST /auth/client-token/preview and /redeem */
export const AccessLinkSecretBody = Type.Object({ token: LinkSecret }, { additionalProperties: false });
export type AccessLinkSecretBody = Static<typeof AccessLinkSecretBody>;

/** What the access page shows before the client presses Continue. Reading it does not use the link. */
export const AccessLinkPreview = Type.Object({
  providerName: Type.String(),
  tenantName: Type.String(),
  workspaceName: Type.String(),
  email: Type.String(),
  expiresAt: IsoDateTime,
});
export type AccessLinkPreview = Static<typeof AccessLinkPreview>;

/** The link was used: the session cookie is set; go here. */
export const AccessLinkRedeemed = Type.Object({
  redirectTo: Type.String(),
  workspaceId: Uuid,
  role: Type.Enum(accessLinkRoles),
});
export type AccessLinkRedeemed = Static<typeof AccessLinkRedeemed>;

/** POST /auth/client-token/request: "email me a link". */
export const AccessLinkRequestBody = Type.Object(
  {
    email: EmailAddress,
    workspaceHint: Type.Optional(Uuid),
  },
  { additionalProperties: false },
);
export type AccessLinkRequestBody = Static<typeof AccessLinkRequestBody>;

/** Always the same answer, whether or not the address has access. */
export const AccessLinkRequested = Type.Object({ message: Type.String() });
export type AccessLinkRequested = Static<typeof AccessLinkRequested>;
