import type { ComponentType } from "react";
import { createBrowserRouter, Navigate, type RouteObject } from "react-router";
import { LoadingState } from "../components/LoadingState";
import type { Permission } from "../features/auth/me.types";
import { AppLayout } from "./AppLayout";
import { NotFoundPage } from "./NotFoundPage";
import { navSections } from "./navigation";
import { RequirePermission } from "./RequirePermission";
import { RouteErrorPage } from "./RouteErrorPage";
import { SignedInGate } from "./SignedInGate";

/**
 * A route whose page is fetched when it is first opened. The router waits for it before switching pages, so the
 * page being left stays on screen meanwhile; on the first load, the fallback below shows.
 */
function lazyPage(
  path: string,
  permissions: Permission[],
  loadPage: () => Promise<ComponentType>,
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
  };
}

const pageRoutes = navSections.flatMap((section) =>
  section.routes.map(({ path, permission, loadPage }) =>
    lazyPage(path, section.permission ? [section.permission, permission] : [permission], loadPage),
  ),
);

/** Pages opened from a list rather than the sidebar; each needs what its list page needs. */
const detailRoutes = [
  lazyPage("/customer-portal/reports/:id", ["can_access_customer_portal", "can_view_reports"], () =>
    import("../features/reports/ReportDetailPage").then((module) => module.ReportDetailPage),
  ),
  lazyPage(
    "/customer-portal/compliance/:framework",
    ["can_access_customer_portal", "can_view_compliance"],
    () => import("../features/compliance/FrameworkPage").then((module) => module.FrameworkPage),
  ),
];

/** Shown while the first page's code arrives. */
const firstLoad = (
  <div className="flex min-h-dvh items-center justify-center">
    <LoadingState />
  </div>
);

export const router = createBrowserRouter([
  { path: "/", element: <Navigate to="/customer-portal" replace /> },
  // Public: anyone holding a PDF may check it without an account.
  {
    path: "/verify",
    lazy: async () => ({ Component: (await import("../features/verify/VerifyPage")).VerifyPage }),
    hydrateFallbackElement: firstLoad,
    errorElement: <RouteErrorPage />,
  },
  {
    element: <SignedInGate />,
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
