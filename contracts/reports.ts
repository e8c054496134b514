import { type Static, Type } from "typebox";
import { IsoDate, IsoDateTime, TenantView } from "./common";

export const reportTypes = [
  "executive_monthly",
  "sla_performance",
  "compliance_status",
  "detection_coverage",
  "assessment",
] as const;
export type ReportType = (typeof reportTypes)[number];
export const ReportTypeSchema = Type.Enum(reportTypes);

export const reportStatuses = ["completed", "generating", "failed"] as const;
export type ReportStatus = (typeof reportStatuses)[number];
export const ReportStatusSchema = Type.Enum(reportStatuses);

/** One report in a list. The period is half-open: `period_end` is the first instant after it. */
export const ReportItem = Type.Object({
  id: Type.String(),
  report_type: ReportTypeSchema,
  title: Type.String(),
  period_start: IsoDateTime,
  period_end: IsoDateTime,
  generated_at: Type.Union([IsoDateTime, Type.Null()]),
  status: ReportStatusSchema,
  size_bytes: Type.Union([Type.Integer(), Type.Null()]),
  /** SHA-256 of the PDF, as downloaded. */
  sha256: Type.Union([Type.String(), Type.Null()]),
});
export type ReportItem = Static<typeof ReportItem>;

/** GET /api/v1/reports/:id */
export const ReportDetail = Type.Object({
  ...ReportItem.properties,
  workspace_id: Type.String(),
  workspace_name: Type.String(),
  /** SHA-256 of the data the report was rendered from (printed in the PDF's footer). */
  snapshot_sha256: Type.Union([Type.String(), Type.Null()]),
});
export type ReportDetail = Static<typeof ReportDetail>;

/** GET /api/v1/reports */
export const ReportList = Type.Object({
  items: Type.Array(ReportItem),
  total: Type.Integer(),
  page: Type.Integer(),
  page_size: Type.Integer(),
});
export type ReportList = Static<typeof ReportList>;

export const ReportListQuery = Type.Object({
  ...TenantView.properties,
  q: Type.Optional(Type.String({ maxLength: 200 })),
  type: Type.Optional(ReportTypeSchema),
  status: Type.Optional(ReportStatusSchema),
  from: Type.Optional(Type.String({ ...IsoDate, maxLength: 10 })),
  to: Type.Optional(Type.String({ ...IsoDate, maxLength: 10 })),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000, default: 1 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
});
export type ReportListQuery = Static<typeof ReportListQuery>;

/** Not validated as a uuid: a malformed id (path traversal, junk) is simply not found — the same 404 as any other. */
export const ReportParams = Type.Object({ id: Type.String({ maxLength: 200 }) });
