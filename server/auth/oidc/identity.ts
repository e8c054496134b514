import type { Role } from "../../db/types";

/** How ID-token claims become a portal identity: the parts of SsoConfig sign-in needs, for both IdP kinds. */
export interface IdentityRules {
  /** Tenant-claim values allowed to sign in; null: any value that maps to a portal tenant. */
  allowedTenantIds: string[] | null;
  /** Only users of these directories may hold staff roles. */
  staffTenantIds: string[];
  roleMap: Record<string, Role>;
  tenantClaim: string;
  mfaAcrs: string[];
  /** The key users are stored under (users.idp_issuer): a fixed name, or the token's own `iss`. */
  issuerKey: (issuer: string) => string;
}

export interface Identity {
  issuerKey: string;
  subject: string;
  email: string;
  name: string;
  role: Role;
  /** The directory tenant (lower-cased tenant claim), if the token has one. */
  directoryTenantId: string | null;
  mfa: boolean;
}

export type IdentityResult = { ok: true; identity: Identity } | { ok: false; reason: string };

/** Most privileged first: a user holding several app roles gets the strongest one they may hold. */
const PRECEDENCE: readonly Role[] = ["admin", "analyst", "customer_approver", "customer_viewer"];
const STAFF: readonly Role[] = ["admin", "analyst"];

function stringList(value: unknown): string[] {
  if (typeof value === "string") return [value];
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : [];
}

function text(value: unknown, max: number): string | null {
  return typeof value === "string" && value.trim() !== "" ? value.trim().slice(0, max) : null;
}

/** Never a default role: no role claim, or only unknown ones, means no access. */
export function resolveIdentity(claims: Record<string, unknown>, rules: IdentityRules): IdentityResult {
  const issuer = text(claims.iss, 500);
  const subject = text(claims.oid, 200) ?? text(claims.sub, 200);
  if (!issuer || !subject) return { ok: false, reason: "The identity provider's token names no user." };

  const directoryTenantId = text(claims[rules.tenantClaim], 200)?.toLowerCase() ?? null;
  if (rules.allowedTenantIds && (!directoryTenantId || !rules.allowedTenantIds.includes(directoryTenantId))) {
    return { ok: false, reason: "Your organisation's directory is not allowed to sign in to this portal." };
  }

  const granted = new Set(stringList(claims.roles).flatMap((claim) => rules.roleMap[claim] ?? []));
  if (granted.size === 0) {
    return {
      ok: false,
      reason: `Your account has no portal role. Ask your administrator to assign one of: ${Object.keys(rules.roleMap).join(", ")}.`,
    };
  }
  const isStaffDirectory = directoryTenantId !== null && rules.staffTenantIds.includes(directoryTenantId);
  // Staff roles are honoured only from the provider's own directory: a customer's directory admin can assign
  // any app role in their own tenant, and must not be able to make themselves provider staff.
  const role = PRECEDENCE.find(
    (candidate) => granted.has(candidate) && STAFF.includes(candidate) === isStaffDirectory,
  );
  if (!role) {
    return {
      ok: false,
      reason: isStaffDirectory
        ? "Accounts of the provider's directory need a staff role (analyst or admin)."
        : "Staff roles are only accepted from the provider's own directory.",
    };
  }

  const amr = stringList(claims.amr);
  const acrs = [...stringList(claims.acrs), ...stringList(claims.acr)];
  const mfa = amr.includes("mfa") || acrs.some((value) => rules.mfaAcrs.includes(value));
  const email = text(claims.email, 320) ?? text(claims.preferred_username, 320) ?? text(claims.upn, 320);
  // Every portal account has an address (notifications, access links, the audit trail name people by it).
  if (!email || email.length < 3) {
    return {
      ok: false,
      reason:
        "Your identity provider did not send an email address for your account. Ask your administrator to release the email (or preferred_username) claim to this portal.",
    };
  }
  const name = text(claims.name, 200) ?? email;
  return {
    ok: true,
    identity: { issuerKey: rules.issuerKey(issuer), subject, email, name, role, directoryTenantId, mfa },
  };
}
