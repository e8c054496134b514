import { ComingSoon } from "../../components/ComingSoon";

export function ProposalsPage() {
  return (
    <ComingSoon title="Proposals" description="Proposals and approvals awaiting your review or signature." />
  );
}
