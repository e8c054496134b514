import { type Static, Type } from "typebox";
import { IsoDate, IsoDateTime, NullableDateTime, Uuid } from "./common";
import { ReportStatusSchema, ReportTypeSchema } from "./reports";

/**
 * The console's reports: every tenant's reports for staff who generate them, generating one now, rendering one
 * again from fresh data, and publishing one to its customer (or withdrawing it). Customers never see an
 * unpublished report.
 */

/** The longest period one report covers: a year (a leap year's 366 days). */
export const REPORT_PERIOD_MAX_DAYS = 366;
export const ADMIN_REPORT_PAGE_SIZE = 50;

const Named = Type.Object({ id: Uuid, name: Type.String() });

/** GET /api/v1/admin/reports */
export const AdminReportListQuery = Type.Object({
  tenant: Type.Optional(Uuid),
  workspace: Type.Optional(Uuid),
  status: Type.Optional(ReportStatusSchema),
  published: Type.Optional(Type.Boolean()),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000, default: 1 })),
});
export type AdminReportListQuery = Static<typeof AdminReportListQuery>;

const adminReportExample = {
  id: "8f14e45f-ceea-467f-a0e6-1b5c2d3e4f50",
  title: "SLA Performance Report — October 2026",
  reportType: "sla_performance",
  tenant: { id: "5b1d3f9a-7c2e-4a8b-9d0e-1f2a3b4c5d6e", name: "Harbor Bank" },
  workspace: { id: "1c7d9e2f-4b6a-4e8d-8f0a-2b3c4d5e6f70", name: "Managed SOC" },
  engagementId: null,
  periodStart: "2026-10-01T00:00:00.000Z",
  periodEnd: "2026-11-01T00:00:00.000Z",
  status: "failed",
  published: false,
  error: "connection terminated unexpectedly",
  attempts: 5,
  createdAt: "2026-11-02T09:12:44.102Z",
  generatedAt: null,
  sizeBytes: null,
  sha256: null,
  requestedBy: { id: "0e4c2a8b-6d1f-4b3a-9c7e-5f8a1b2c3d4e", name: "Dana Analyst" },
};

/** One report as the console lists it; the period is half-open (`periodEnd` is the first instant after it). */
export const AdminReportItem = Type.Object(
  {
    id: Uuid,
    title: Type.String(),
    reportType: ReportTypeSchema,
    tenant: Named,
    workspace: Named,
    /** The engagement an assessment report covers. */
    engagementId: Type.Union([Uuid, Type.Null()]),
    periodStart: IsoDateTime,
    periodEnd: IsoDateTime,
    status: ReportStatusSchema,
    /** Whether the customer sees it; an unpublished report is the provider's only. */
    published: Type.Boolean(),
    /** Why the last attempt failed (kept while it is retried; cleared when it completes). */
    error: Type.Union([Type.String(), Type.Null()]),
    /** Attempts of the current generation. */
    attempts: Type.Integer(),
    createdAt: IsoDateTime,
    generatedAt: NullableDateTime,
    sizeBytes: Type.Union([Type.Integer(), Type.Null()]),
    sha256: Type.Union([Type.String(), Type.Null()]),
    /** Who asked for it; null for a scheduled report (or a person since removed). */
    requestedBy: Type.Union([Named, Type.Null()]),
  },
  { examples: [adminReportExample] },
);
export type AdminReportItem = Static<typeof AdminReportItem>;

export const AdminReportList = Type.Object(
  {
    items: Type.Array(AdminReportItem),
    total: Type.Integer(),
    page: Type.Integer(),
    pageSize: Type.Integer(),
  },
  {
    description: "A page of every tenant's reports, newest first.",
    examples: [{ items: [adminReportExample], total: 1, page: 1, pageSize: ADMIN_REPORT_PAGE_SIZE }],
  },
);
export type AdminReportList = Static<typeof AdminReportList>;

/** POST /api/v1/admin/reports */
export const GenerateReportBody = Type.Object(
  {
    workspaceId: Uuid,
    reportType: ReportTypeSchema,
    /** The period's first day (UTC). */
    periodStart: Type.String({ ...IsoDate, maxLength: 10 }),
    /** The first day after the period (UTC): the period is [periodStart, periodEnd). */
    periodEnd: Type.String({ ...IsoDate, maxLength: 10 }),
    /** The engagement an assessment report covers (assessment reports only), in the same workspace. */
    engagementId: Type.Optional(Uuid),
    /** Default: the type's name and the period ("SLA Performance Report — October 2026"). */
    title: Type.Optional(Type.String({ minLength: 1, maxLength: 300 })),
    /** Publish to the customer as soon as it is ready; default false (check it first, then publish). */
    publish: Type.Optional(Type.Boolean({ default: false })),
  },
  {
    additionalProperties: false,
    examples: [
      {
        workspaceId: "1c7d9e2f-4b6a-4e8d-8f0a-2b3c4d5e6f70",
        reportType: "sla_performance",
        periodStart: "2026-10-01",
        periodEnd: "2026-11-01",
        publish: false,
      },
    ],
  },
);
export type GenerateReportBody = Static<typeof GenerateReportBody>;

/** Not validated as a uuid: a malformed id is the same 404 as an unknown one. */
export const AdminReportParams = Type.Object({ id: Type.String({ maxLength: 200 }) });
