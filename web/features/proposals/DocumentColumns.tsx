import type { ReactNode } from "react";
import type { ClientProposalView } from "../../../contracts/proposals";
import { Card } from "../../components/Card";
import { PriceTable } from "./PriceTable";
import { ProposalBody } from "./ProposalBody";

/** The same shape for the client and staff: the client's page goes wide sooner (no sidebar of evidence). */
const layouts = {
  lg: {
    grid: "mt-6 grid grid-cols-1 items-start gap-6 lg:grid-cols-3",
    main: "min-w-0 space-y-6 lg:col-span-2",
  },
  xl: {
    grid: "mt-6 grid grid-cols-1 items-start gap-6 xl:grid-cols-3",
    main: "min-w-0 space-y-6 xl:col-span-2",
  },
};

type DocumentContent = Pick<
  ClientProposalView,
  "kind" | "bodyHtml" | "priceLines" | "totalMinor" | "currency"
>;

/**
 * A proposal's text and its prices (an approval request without prices has no price card), with a side column
 * beside them from the `wideFrom` breakpoint on.
 */
export function DocumentColumns({
  proposal,
  wideFrom,
  aside,
}: {
  proposal: DocumentContent;
  wideFrom: keyof typeof layouts;
  aside: ReactNode;
}) {
  const layout = layouts[wideFrom];
  return (
    <div className={layout.grid}>
      <div className={layout.main}>
        <Card title="Document">
          <ProposalBody html={proposal.bodyHtml} />
        </Card>
        {(proposal.priceLines.length > 0 || proposal.kind === "proposal") && (
          <Card title="Price" flush>
            <PriceTable
              lines={proposal.priceLines}
              totalMinor={proposal.totalMinor}
              currency={proposal.currency}
            />
          </Card>
        )}
      </div>
      <div className="min-w-0 space-y-6">{aside}</div>
    </div>
  );
}
