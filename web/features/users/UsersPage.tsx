import { ComingSoon } from "../../components/ComingSoon";

export function UsersPage() {
  return (
    <ComingSoon title="Users" description="Provider staff and customer users, their roles and sessions." />
  );
}
