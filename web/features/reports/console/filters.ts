import { reportStatuses } from "../../../../contracts/reports";
import type { ReportStatus } from "../reports.types";

/** A status named in the address, if it is one ("" otherwise: every status). */
export function reportStatusOf(value: string | null): ReportStatus | "" {
  return reportStatuses.find((status) => status === value) ?? "";
}
