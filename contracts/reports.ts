import { type Static, Type } from "typebox";
import { IsoDate, IsoDateTime, TenantView } from "./common";

import { reportTypes } from "./report-types";

export {
  isReportType,
  type ReportType,
  reportDocumentLabels,
  reportTypeCatalogue,
  reportTypeLabels,
  reportTypes,
} from "./report-types";

export const ReportTypeSchema = Type.Enum(reportTypes);

export const reportStatuses = ["completed", "generating", "failed"] as const;
export type ReportStatus = (typeof reportStatuses)[number];
export const ReportStatusSchema = Type.Enum(reportStatuses);

const reportExample = {
  id: "8f14e45f-ceea-467f-a0e6-1b5c2d3e4f50",
  report_type: "executive_monthly",
  title: "Executive Summary — October 2026",
  period_start: "2026-10-01T00:00:00.000Z",
  period_end: "2026-11-01T00:00:00.000Z",
  generated_at: "2026-11-01T02:14:09.512Z",
  status: "completed",
  size_bytes: 148213,
  sha256: "9c56cc51b374c3ba189210d5b6d4bf57790d351c96c47c02190ecf1e430635ab",
};

/** One report in a list. The period is half-open: `period_end` is the first instant after it. */
export const ReportItem = Type.Object(
  {
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
  },
  { examples: [reportExample] },
);
export type ReportItem = Static<typeof ReportItem>;

/** GET /api/v1/reports/:id */
export const ReportDetail = Type.Object(
  {
    ...ReportItem.properties,
    workspace_id: Type.String(),
    workspace_name: Type.String(),
    /** SHA-256 of the data the report was rendered from (printed in the PDF's footer). */
    snapshot_sha256: Type.Union([Type.String(), Type.Null()]),
  },
  {
    description: "A report's details.",
    examples: [
      {
        ...reportExample,
        workspace_id: "1c7d9e2f-4b6a-4e8d-8f0a-2b3c4d5e6f70",
        workspace_name: "Managed SOC",
        snapshot_sha256: "5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8",
      },
    ],
  },
);
export type ReportDetail = Static<typeof ReportDetail>;

/** GET /api/v1/reports */
export const ReportList = Type.Object(
  {
    items: Type.Array(ReportItem),
    total: Type.Integer(),
    page: Type.Integer(),
    page_size: Type.Integer(),
  },
  {
    description: "A page of reports, newest first.",
    examples: [{ items: [reportExample], total: 26, page: 1, page_size: 20 }],
  },
);
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
