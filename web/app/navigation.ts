import type { QueryClient } from "@tanstack/react-query";
import {
  Briefcase,
  Building,
  FileText,
  History,
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
import { hasPermission, type Me, type Permission } from "../features/auth/me.types";
import { dashboardQuery } from "../features/dashboard/api";
import { engagementListQuery } from "../features/engagements/api";
import { proposalListQuery } from "../features/proposals/api";
import { reportListQuery } from "../features/reports/api";
import { archiveFiltersOf } from "../features/reports/useArchiveFilters";

/** One signed-in page: the router mounts it, the sidebar links to it, and both check the same permission. */
export interface PageRoute {
  path: string;
  label: string;
  icon: LucideIcon;
  permission: Permission;
  /** The page's code, fetched when the page is first opened: a visit downloads only the pages it shows. */
  loadPage: () => Promise<ComponentType>;
  /** Starts the page's first API calls while its code downloads, for a user the page lets in. */
  prefetch?: (queryClient: QueryClient, visit: { me: Me; search: URLSearchParams }) => Promise<unknown>;
}

// Portal pages read the user's own tenant. Staff have none (they pick a customer first): nothing to fetch yet.
function prefetchArchive(queryClient: QueryClient, { me, search }: { me: Me; search: URLSearchParams }) {
  return me.tenant ? queryClient.prefetchQuery(reportListQuery(archiveFiltersOf(search))) : Promise.resolve();
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
        loadPage: () => import("../features/dashboard/DashboardPage").then((module) => module.DashboardPage),
        prefetch: (queryClient, visit) =>
          visit.me.tenant
            ? Promise.all([
                queryClient.prefetchQuery(dashboardQuery()),
                prefetchArchive(queryClient, visit),
                // "Waiting for your signature", asked for at the same time so it usually arrives with the rest.
                hasPermission(visit.me, "can_sign_documents")
                  ? queryClient.prefetchQuery(proposalListQuery(undefined, { awaitingMe: true }))
                  : undefined,
              ])
            : Promise.resolve(),
      },
      {
        path: "/customer-portal/reports",
        label: "Reports",
        icon: FileText,
        permission: "can_view_reports",
        loadPage: () => import("../features/reports/ReportsPage").then((module) => module.ReportsPage),
        prefetch: prefetchArchive,
      },
      {
        path: "/customer-portal/compliance",
        label: "Compliance",
        icon: ShieldCheck,
        permission: "can_view_compliance",
        loadPage: () =>
          import("../features/compliance/CompliancePage").then((module) => module.CompliancePage),
      },
      {
        path: "/customer-portal/engagements",
        label: "Engagements",
        icon: Briefcase,
        permission: "can_view_engagements",
        loadPage: () =>
          import("../features/engagements/EngagementsPage").then((module) => module.EngagementsPage),
        prefetch: (queryClient, { me }) =>
          me.tenant ? queryClient.prefetchQuery(engagementListQuery(undefined)) : Promise.resolve(),
      },
      {
        path: "/customer-portal/proposals",
        label: "Proposals",
        icon: Signature,
        permission: "can_view_proposals",
        loadPage: () => import("../features/proposals/ProposalsPage").then((module) => module.ProposalsPage),
        prefetch: (queryClient, { me }) =>
          me.tenant ? queryClient.prefetchQuery(proposalListQuery(undefined)) : Promise.resolve(),
      },
      {
        path: "/customer-portal/access-log",
        label: "Access log",
        icon: History,
        permission: "can_view_access_log",
        loadPage: () => import("../features/access-log/AccessLogPage").then((module) => module.AccessLogPage),
      },
    ],
  },
  {
    label: "Console",
    routes: [
      // Tenants are the provider's settings, as in the API: admins only.
      {
        path: "/console/tenants",
        label: "Tenants",
        icon: Building,
        permission: "can_manage_settings",
        loadPage: () => import("../features/tenants/TenantsPage").then((module) => module.TenantsPage),
      },
      {
        path: "/console/reports",
        label: "Reports",
        icon: FileText,
        permission: "can_generate_reports",
        loadPage: () =>
          import("../features/reports/ConsoleReportsPage").then((module) => module.ConsoleReportsPage),
      },
      {
        path: "/console/engagements",
        label: "Engagements",
        icon: Briefcase,
        permission: "can_manage_engagements",
        loadPage: () =>
          import("../features/engagements/ConsoleEngagementsPage").then(
            (module) => module.ConsoleEngagementsPage,
          ),
      },
      {
        path: "/console/proposals",
        label: "Proposals",
        icon: Signature,
        permission: "can_manage_engagements",
        loadPage: () =>
          import("../features/proposals/console/ConsoleProposalsPage").then(
            (module) => module.ConsoleProposalsPage,
          ),
      },
      {
        path: "/console/access-links",
        label: "Access links",
        icon: Link2,
        permission: "can_issue_client_tokens",
        loadPage: () =>
          import("../features/client-tokens/AccessLinksPage").then((module) => module.AccessLinksPage),
      },
      {
        path: "/console/users",
        label: "Users",
        icon: Users,
        permission: "can_manage_users",
        loadPage: () => import("../features/users/UsersPage").then((module) => module.UsersPage),
      },
      {
        path: "/console/audit",
        label: "Audit log",
        icon: ScrollText,
        permission: "can_view_audit_log",
        loadPage: () => import("../features/audit/AuditLogPage").then((module) => module.AuditLogPage),
      },
      {
        path: "/console/api-keys",
        label: "API keys",
        icon: KeyRound,
        permission: "can_manage_settings",
        loadPage: () => import("../features/ingest/ApiKeysPage").then((module) => module.ApiKeysPage),
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
