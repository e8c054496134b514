import {
  Briefcase,
  Building,
  FileText,
  KeyRound,
  LayoutDashboard,
  Link2,
  type LucideIcon,
  ScrollText,
  ShieldCheck,
  Signature,
  Users,
} from "lucide-react";
import type { ComponentType } from "react";
import { AuditLogPage } from "../features/audit/AuditLogPage";
import { hasPermission, type Me, type Permission } from "../features/auth/me.types";
import { AccessLinksPage } from "../features/client-tokens/AccessLinksPage";
import { CompliancePage } from "../features/compliance/CompliancePage";
import { DashboardPage } from "../features/dashboard/DashboardPage";
import { ConsoleEngagementsPage } from "../features/engagements/ConsoleEngagementsPage";
import { EngagementsPage } from "../features/engagements/EngagementsPage";
import { ApiKeysPage } from "../features/ingest/ApiKeysPage";
import { ProposalsPage } from "../features/proposals/ProposalsPage";
import { ConsoleReportsPage } from "../features/reports/ConsoleReportsPage";
import { ReportsPage } from "../features/reports/ReportsPage";
import { TenantsPage } from "../features/tenants/TenantsPage";
import { UsersPage } from "../features/users/UsersPage";

/** One signed-in page: the router mounts it, the sidebar links to it, and both check the same permission. */
export interface PageRoute {
  path: string;
  label: string;
  icon: LucideIcon;
  permission: Permission;
  Page: ComponentType;
}

export interface NavSection {
  label: string;
  /** Needed, on top of each page's own permission, for anything in the section. */
  permission?: Permission;
  routes: PageRoute[];
}

export const navSections: NavSection[] = [
  {
    label: "Portal",
    permission: "can_access_customer_portal",
    routes: [
      {
        path: "/customer-portal",
        label: "Dashboard",
        icon: LayoutDashboard,
        permission: "can_view_dashboard",
        Page: DashboardPage,
      },
      {
        path: "/customer-portal/reports",
        label: "Reports",
        icon: FileText,
        permission: "can_view_reports",
        Page: ReportsPage,
      },
      {
        path: "/customer-portal/compliance",
        label: "Compliance",
        icon: ShieldCheck,
        permission: "can_view_compliance",
        Page: CompliancePage,
      },
      {
        path: "/customer-portal/engagements",
        label: "Engagements",
        icon: Briefcase,
        permission: "can_view_engagements",
        Page: EngagementsPage,
      },
      {
        path: "/customer-portal/proposals",
        label: "Proposals",
        icon: Signature,
        permission: "can_view_proposals",
        Page: ProposalsPage,
      },
    ],
  },
  {
    label: "Console",
    routes: [
      // The matrix has no "staff" permission; managing engagements is what every provider role can do.
      {
        path: "/console/tenants",
        label: "Tenants",
        icon: Building,
        permission: "can_manage_engagements",
        Page: TenantsPage,
      },
      {
        path: "/console/reports",
        label: "Reports",
        icon: FileText,
        permission: "can_generate_reports",
        Page: ConsoleReportsPage,
      },
      {
        path: "/console/engagements",
        label: "Engagements",
        icon: Briefcase,
        permission: "can_manage_engagements",
        Page: ConsoleEngagementsPage,
      },
      {
        path: "/console/access-links",
        label: "Access links",
        icon: Link2,
        permission: "can_issue_client_tokens",
        Page: AccessLinksPage,
      },
      {
        path: "/console/users",
        label: "Users",
        icon: Users,
        permission: "can_manage_users",
        Page: UsersPage,
      },
      {
        path: "/console/audit",
        label: "Audit log",
        icon: ScrollText,
        permission: "can_view_audit_log",
        Page: AuditLogPage,
      },
      {
        path: "/console/api-keys",
        label: "API keys",
        icon: KeyRound,
        permission: "can_manage_settings",
        Page: ApiKeysPage,
      },
    ],
  },
];

/** The sections and links this user may see; a section with no visible link is dropped. The API still enforces. */
export function visibleNavSections(me: Me): NavSection[] {
  return navSections
    .filter((section) => !section.permission || hasPermission(me, section.permission))
    .map((section) => ({
      ...section,
      routes: section.routes.filter((route) => hasPermission(me, route.permission)),
    }))
    .filter((section) => section.routes.length > 0);
}
