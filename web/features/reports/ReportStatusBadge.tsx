import { CircleCheck, CircleX, LoaderCircle } from "lucide-react";
import { Badge, type BadgeTone } from "../../components/Badge";
import type { ReportStatus } from "./reports.types";

const statuses: Record<ReportStatus, { label: string; tone: BadgeTone; Icon: typeof CircleCheck }> = {
  completed: { label: "Completed", tone: "success", Icon: CircleCheck },
  generating: { label: "Generating", tone: "pending", Icon: LoaderCircle },
  failed: { label: "Failed", tone: "danger", Icon: CircleX },
};

export function ReportStatusBadge({ status }: { status: ReportStatus }) {
  const { label, tone, Icon } = statuses[status];
  return (
    <Badge tone={tone}>
      <Icon className="size-3.5" aria-hidden="true" />
      {label}
    </Badge>
  );
}
