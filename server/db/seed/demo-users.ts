import type { Role } from "../types";

/** The issuer the built-in development identity provider signs demo users in with (users.idp_issuer). */
export const DEMO_ISSUER = "urn:portcullis:dev-idp";

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

/** The demo sign-ins: per customer tenant a viewer and an approver, plus provider staff (SPEC §12). */
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
