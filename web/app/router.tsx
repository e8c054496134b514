import { createBrowserRouter, Navigate } from "react-router";
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
            children: [...pageRoutes, { path: "*", element: <NotFoundPage /> }],
          },
        ],
      },
    ],
  },
]);
