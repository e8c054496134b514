import { ComingSoon } from "../../components/ComingSoon";

export function ConsoleEngagementsPage() {
  return (
    <ComingSoon
      title="Engagements"
      description="Manage engagements, phases and deliverables across tenants."
    />
  );
}
