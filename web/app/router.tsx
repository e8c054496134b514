import type { QueryClient } from "@tanstack/react-query";
import type { ComponentType } from "react";
import { createBrowserRouter, Navigate, type RouteObject } from "react-router";
import { LoadingState } from "../components/LoadingState";
import type { AccessPageData } from "../features/access/AccessPage";
import { takeLinkToken } from "../features/access/linkToken";
import { hasPermission, type Permission } from "../features/auth/me.types";
import { meQuery } from "../features/auth/useMe";
import { AppLayout } from "./AppLayout";
import { NotFoundPage } from "./NotFoundPage";
import { navSections, type PageRoute } from "./navigation";
import { RequirePermission } from "./RequirePermission";
import { RouteErrorPage } from "./RouteErrorPage";
import { SignedInGate } from "./SignedInGate";

/** Shown until the first page has its code and data. */
const firstLoad = (
  <div className="flex min-h-dvh items-center justify-center">
    <LoadingState />
  </div>
);

/**
 * The app's routes. Entering a page fetches its code (`lazy`) while its loader fetches the signed-in user and
 * then the page's first data, instead of each waiting for the page to render; the page shows its own loading
 * state if the data is still on its way. Loaders run when their route is entered only: later changes of the
 * URL's query (archive filters) are the page's own queries.
 */
export function createAppRouter(queryClient: QueryClient) {
  const enteredOnly = () => false;

  /** The page's data, once the user is known and only if the page will show it to them. */
  async function prefetchPage(
    prefetch: NonNullable<PageRoute["prefetch"]>,
    permissions: Permission[],
    url: URL,
  ): Promise<void> {
    const me = await queryClient.fetchQuery(meQuery).catch(() => null);
    if (me && permissions.every((permission) => hasPermission(me, permission))) {
      await prefetch(queryClient, { me, search: url.searchParams });
    }
  }

  function lazyPage(
    path: string,
    permissions: Permission[],
    loadPage: () => Promise<ComponentType>,
    prefetch?: PageRoute["prefetch"],
  ): RouteObject {
    return {
      path,
      lazy: async () => {
        const Page = await loadPage();
        return {
          element: (
            <RequirePermission permissions={permissions}>
              <Page />
            </RequirePermission>
          ),
        };
      },
      // Not awaited: the page renders as soon as its code is there. Errors stay in the query cache for the page.
      ...(prefetch
        ? {
            loader: ({ request }) => {
              void prefetchPage(prefetch, permissions, new URL(request.url));
              return null;
            },
            shouldRevalidate: enteredOnly,
          }
        : {}),
    } satisfies RouteObject;
  }

  const pageRoutes = navSections.flatMap((section) =>
    section.routes.map(({ path, permission, loadPage, prefetch }) =>
      lazyPage(
        path,
        section.permission ? [section.permission, permission] : [permission],
        loadPage,
        prefetch,
      ),
    ),
  );

  /** Pages opened from a list rather than the sidebar; each needs what its list page needs. */
  const detailRoutes = [
    lazyPage("/customer-portal/reports/:id", ["can_access_customer_portal", "can_view_reports"], () =>
      import("../features/reports/ReportDetailPage").then((module) => module.ReportDetailPage),
    ),
    lazyPage("/customer-portal/engagements/:id", ["can_access_customer_portal", "can_view_engagements"], () =>
      import("../features/engagements/EngagementPage").then((module) => module.EngagementPage),
    ),
    lazyPage("/customer-portal/proposals/:id", ["can_access_customer_portal", "can_view_proposals"], () =>
      import("../features/proposals/ProposalPage").then((module) => module.ProposalPage),
    ),
    lazyPage("/console/proposals/:id", ["can_manage_engagements"], () =>
      import("../features/proposals/console/ConsoleProposalPage").then(
        (module) => module.ConsoleProposalPage,
      ),
    ),
    lazyPage("/console/tenants/:id", ["can_manage_settings"], () =>
      import("../features/tenants/TenantPage").then((module) => module.TenantPage),
    ),
    lazyPage(
      "/customer-portal/compliance/:framework",
      ["can_access_customer_portal", "can_view_compliance"],
      () => import("../features/compliance/FrameworkPage").then((module) => module.FrameworkPage),
    ),
  ];

  return createBrowserRouter([
    { path: "/", element: <Navigate to="/customer-portal" replace /> },
    // Public: anyone holding a PDF may check it without an account.
    {
      path: "/verify",
      lazy: async () => ({ Component: (await import("../features/verify/VerifyPage")).VerifyPage }),
      hydrateFallbackElement: firstLoad,
      errorElement: <RouteErrorPage />,
    },
    // Public: an emailed access link lands here (`/access#token=…`). The loader takes the secret out of the
    // address bar as the app starts, before the page's code has arrived; only the page's Continue uses the link.
    {
      path: "/access",
      loader: (): AccessPageData => ({ token: takeLinkToken() }),
      shouldRevalidate: enteredOnly,
      lazy: async () => ({ Component: (await import("../features/access/AccessPage")).AccessPage }),
      hydrateFallbackElement: firstLoad,
      errorElement: <RouteErrorPage />,
    },
    {
      element: <SignedInGate />,
      loader: async () => {
        await queryClient.prefetchQuery(meQuery);
        return null;
      },
      shouldRevalidate: enteredOnly,
      hydrateFallbackElement: firstLoad,
      errorElement: <RouteErrorPage />,
      children: [
        {
          element: <AppLayout />,
          errorElement: <RouteErrorPage />,
          children: [
            // A page that throws shows the error inside the layout, so the navigation stays usable.
            {
              errorElement: <RouteErrorPage />,
              children: [...pageRoutes, ...detailRoutes, { path: "*", element: <NotFoundPage /> }],
            },
          ],
        },
      ],
    },
  ]);
}
