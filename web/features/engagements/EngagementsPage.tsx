import { ComingSoon } from "../../components/ComingSoon";

export function EngagementsPage() {
  return <ComingSoon title="Engagements" description="Live progress of your advisory engagements." />;
}
