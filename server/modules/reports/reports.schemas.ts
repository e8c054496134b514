import { Type } from "typebox";
import { TenantView } from "../../http/schemas";

export const reportTypes = [
  "executive_monthly",
  "sla_performance",
  "compliance_status",
  "detection_coverage",
  "assessment",
] as const;
export const ReportTypeSchema = Type.Union([
  Type.Literal("executive_monthly"),
  Type.Literal("sla_performance"),
  Type.Literal("compliance_status"),
  Type.Literal("detection_coverage"),
  Type.Literal("assessment"),
]);
export const ReportStatusSchema = Type.Union([
  Type.Literal("completed"),
  Type.Literal("generating"),
  Type.Literal("failed"),
]);
const IsoDate = Type.String({ format: "date-time" });

/** The seed's Report Item, exactly, plus size and digest (SPEC §5.1). Dates are ISO 8601 UTC. */
export const ReportItem = Type.Object({
  id: Type.String(),
  report_type: ReportTypeSchema,
  title: Type.String(),
  period_start: IsoDate,
  period_end: IsoDate,
  generated_at: Type.Union([IsoDate, Type.Null()]),
  status: ReportStatusSchema,
  size_bytes: Type.Union([Type.Integer(), Type.Null()]),
  sha256: Type.Union([Type.String(), Type.Null()]),
});

export const ReportDetail = Type.Object({
  ...ReportItem.properties,
  workspace_id: Type.String(),
  workspace_name: Type.String(),
  snapshot_sha256: Type.Union([Type.String(), Type.Null()]),
});

export const ReportList = Type.Object({
  items: Type.Array(ReportItem),
  total: Type.Integer(),
  page: Type.Integer(),
  page_size: Type.Integer(),
});

export const ReportListQuery = Type.Object({
  ...TenantView.properties,
  q: Type.Optional(Type.String({ maxLength: 200 })),
  type: Type.Optional(ReportTypeSchema),
  status: Type.Optional(ReportStatusSchema),
  from: Type.Optional(Type.String({ format: "date", maxLength: 10 })),
  to: Type.Optional(Type.String({ format: "date", maxLength: 10 })),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000, default: 1 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
});

/** Not validated as a uuid: a malformed id (path traversal, junk) is simply not found — the same 404 as any other. */
export const ReportParams = Type.Object({ id: Type.String({ maxLength: 200 }) });
