import type { Role } from "../types";

/** The issuer the built-in development identity provider signs demo users in with (users.idp_issuer). */
export const DEMO_ISSUER = "urn:portcullis:dev-idp";

/** The demo customers' directory (Entra) tenant ids: the `tid` their users' ID tokens carry. */
export const DEMO_ENTRA_TENANT_IDS = {
  northwind: "6f1c2a7e-3b9d-4e58-9a41-0c7d5e2b8f13",
  contoso: "b3e8d0f4-71a2-4c6b-8e95-2d4f6a1c9e07",
} as const;

/** The provider's own directory tenant: only its users may hold staff roles. */
export const DEMO_PROVIDER_TENANT_ID = "0d5a3c91-8e2f-4b7a-a6c4-51f9e8d2b370";

/** The app roles the dev identity provider asserts in `roles`, as an Entra app registration would. */
export const DEMO_APP_ROLES: Record<Role, string> = {
  customer_viewer: "Portal.Viewer",
  customer_approver: "Portal.Approver",
  analyst: "Portal.Analyst",
  admin: "Portal.Admin",
};

export interface DemoUser {
  /** Stable subject at the dev identity provider (users.idp_subject). */
  subject: string;
  email: string;
  name: string;
  role: Role;
  /** The customer tenant's slug; null for provider staff. */
  tenantSlug: string | null;
  /** Whether the dev identity provider asserts MFA (`amr: ["pwd", "mfa"]`) for this user. */
  mfa: boolean;
  /** Job title, shown on the dev identity provider's sign-in page. */
  title: string;
}

/** The demo sign-ins: per customer tenant a viewer and an approver, plus provider staff. */
export const demoUsers: readonly DemoUser[] = [
  {
    subject: "demo-northwind-viewer",
    email: "priya.raman@northwindhealth.org",
    name: "Priya Raman",
    role: "customer_viewer",
    tenantSlug: "northwind",
    mfa: false,
    title: "IT Compliance Analyst, Northwind Health Systems",
  },
  {
    subject: "demo-northwind-approver",
    email: "daniel.whitaker@northwindhealth.org",
    name: "Daniel Whitaker",
    role: "customer_approver",
    tenantSlug: "northwind",
    mfa: true,
    title: "Chief Information Security Officer, Northwind Health Systems",
  },
  {
    subject: "demo-contoso-viewer",
    email: "maria.gonzalez@contosofcu.org",
    name: "Maria Gonzalez",
    role: "customer_viewer",
    tenantSlug: "contoso",
    mfa: true,
    title: "Information Security Officer, Contoso Federal Credit Union",
  },
  {
    subject: "demo-contoso-approver",
    email: "james.okafor@contosofcu.org",
    name: "James Okafor",
    role: "customer_approver",
    tenantSlug: "contoso",
    mfa: false,
    title: "Chief Risk Officer, Contoso Federal Credit Union",
  },
  {
    subject: "demo-staff-analyst",
    email: "elena.vasquez@sentinelforge.io",
    name: "Elena Vasquez",
    role: "analyst",
    tenantSlug: null,
    mfa: false,
    title: "Senior Security Analyst, SentinelForge",
  },
  {
    subject: "demo-staff-admin",
    email: "marcus.chen@sentinelforge.io",
    name: "Marcus Chen",
    role: "admin",
    tenantSlug: null,
    mfa: true,
    title: "Portal Administrator, SentinelForge",
  },
];
