import { Lock } from "lucide-react";
import type { ReactNode } from "react";
import { Card } from "../components/Card";
import { EmptyState } from "../components/EmptyState";
import { PageHeader } from "../components/PageHeader";
import { hasPermission, type Permission } from "../features/auth/me.types";
import { useCurrentUser } from "../features/auth/useMe";

interface RequirePermissionProps {
  permissions: Permission[];
  children: ReactNode;
}

/** Hides a page the user may not use. Only cosmetic: every API route checks the same permission itself. */
export function RequirePermission({ permissions, children }: RequirePermissionProps) {
  const me = useCurrentUser();
  if (permissions.every((permission) => hasPermission(me, permission))) return children;
  return (
    <>
      <PageHeader title="No access" />
      <Card>
        <EmptyState icon={Lock} title="You don't have permission to view this page">
          If you need it, ask your administrator to change your role.
        </EmptyState>
      </Card>
    </>
  );
}
