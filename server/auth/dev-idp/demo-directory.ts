import {
  DEMO_APP_ROLES,
  DEMO_ENTRA_TENANT_IDS,
  DEMO_ISSUER,
  DEMO_PROVIDER_TENANT_ID,
  demoUsers,
} from "../../db/seed/demo-users";
import type { Role } from "../../db/types";
import type { IdentityRules } from "../oidc/identity";
import type { IdpAccount } from "./provider";

/** The development identity provider's directory: the demo users, with Entra-like tenant ids and app roles. */
export const demoAccounts: readonly IdpAccount[] = demoUsers.map((user) => ({
  subject: user.subject,
  email: user.email,
  name: user.name,
  tid: user.tenantSlug
    ? DEMO_ENTRA_TENANT_IDS[user.tenantSlug as keyof typeof DEMO_ENTRA_TENANT_IDS]
    : DEMO_PROVIDER_TENANT_ID,
  roles: [DEMO_APP_ROLES[user.role]],
  mfa: user.mfa,
  title: user.title,
}));

/** Sign-in rules for the development provider: its staff come from the provider's demo directory. */
export const demoIdentityRules: IdentityRules = {
  allowedTenantIds: null,
  staffTenantIds: [DEMO_PROVIDER_TENANT_ID],
  roleMap: Object.fromEntries(
    Object.entries(DEMO_APP_ROLES).map(([role, appRole]) => [appRole, role as Role]),
  ),
  tenantClaim: "tid",
  mfaAcrs: [],
  // Seeded users are stored under a fixed issuer name, whatever port the portal runs on.
  issuerKey: () => DEMO_ISSUER,
};
