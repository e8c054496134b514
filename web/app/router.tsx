import { createBrowserRouter, Navigate } from "react-router";
import { FrameworkPage } from "../features/compliance/FrameworkPage";
import { ReportDetailPage } from "../features/reports/ReportDetailPage";
import { VerifyPage } from "../features/verify/VerifyPage";
import { AppLayout } from "./AppLayout";
import { NotFoundPage } from "./NotFoundPage";
import { navSections } from "./navigation";
import { RequirePermission } from "./RequirePermission";
import { RouteErrorPage } from "./RouteErrorPage";
import { SignedInGate } from "./SignedInGate";

const pageRoutes = navSections.flatMap((section) =>
  section.routes.map(({ path, permission, Page }) => ({
    path,
    element: (
      <RequirePermission permissions={section.permission ? [section.permission, permission] : [permission]}>
        <Page />
      </RequirePermission>
    ),
  })),
);

/** Pages opened from a list rather than the sidebar; each needs what its list page needs. */
const detailRoutes = [
  {
    path: "/customer-portal/reports/:id",
    element: (
      <RequirePermission permissions={["can_access_customer_portal", "can_view_reports"]}>
        <ReportDetailPage />
      </RequirePermission>
    ),
  },
  {
    path: "/customer-portal/compliance/:framework",
    element: (
      <RequirePermission permissions={["can_access_customer_portal", "can_view_compliance"]}>
        <FrameworkPage />
      </RequirePermission>
    ),
  },
];

export const router = createBrowserRouter([
  { path: "/", element: <Navigate to="/customer-portal" replace /> },
  // Public: anyone holding a PDF may check it without an account.
  { path: "/verify", element: <VerifyPage />, errorElement: <RouteErrorPage /> },
  {
    element: <SignedInGate />,
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
