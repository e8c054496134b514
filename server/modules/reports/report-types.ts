import { type ReportType, reportDocumentLabels, reportTypes } from "../../../contracts/report-types";
import type { ScopedTransaction } from "../../db/scope";
import { createReportDocument, type DocumentMeta, finishReportDocument, type Pdf } from "../../pdf/document";
import {
  type ReportSnapshot,
  type ReportToSnapshot,
  readSnapshotFrame,
  type SnapshotOf,
  snapshotSha256,
} from "./snapshot/snapshot";
import {
  collectAssessment,
  collectComplianceStatus,
  collectDetectionCoverage,
  collectExecutiveMonthly,
  collectSlaPerformance,
  type ReportContext,
} from "./snapshot/snapshot.queries";
import { renderAssessment } from "./templates/assessment";
import { renderComplianceStatus } from "./templates/compliance-status";
import { renderDetectionCoverage } from "./templates/detection-coverage";
import { renderExecutiveMonthly } from "./templates/executive-monthly";
import { renderSlaPerformance } from "./templates/sla-performance";

/*
 * The report engine's registry: each report type declared once, with how its data is collected and how it is
 * drawn. The type's key and labels are plain data in `contracts/report-types.ts` (the web app shows them too);
 * everything here derives from this table, so a type cannot be half-added. Snapshot in, PDF bytes out: rendering
 * is a pure function of the snapshot (no clock, no randomness, no database), so the same snapshot always renders
 * to the same bytes and rendering happens outside any transaction.
 */

export interface ReportTypeDefinition<Type extends ReportType> {
  /** True when the report is about one engagement (its row names it), false for a workspace's SOC figures. */
  needsEngagement: boolean;
  /** Reads the period's figures, inside the report's tenant scope. */
  collect(
    trx: ScopedTransaction,
    context: ReportContext,
    report: ReportToSnapshot,
  ): Promise<SnapshotOf<Type>["data"]>;
  /** Draws the report's pages after the cover (the frame, header and footers are the document's). */
  render(doc: Pdf, snapshot: SnapshotOf<Type>): void;
  /** How many pages a report of demo-sized data takes, cover included: the render tests hold every type to it. */
  pages: { min: number; max: number };
}

function engagementOf(report: ReportToSnapshot): string {
  if (report.engagement_id === null) {
    throw new Error(`report ${report.id}: an assessment report needs an engagement`);
  }
  return report.engagement_id;
}

export const reportTypeRegistry: { [Type in ReportType]: ReportTypeDefinition<Type> } = {
  executive_monthly: {
    needsEngagement: false,
    collect: (trx, context) => collectExecutiveMonthly(trx, context),
    render: renderExecutiveMonthly,
    pages: { min: 8, max: 12 },
  },
  sla_performance: {
    needsEngagement: false,
    collect: (trx, context) => collectSlaPerformance(trx, context),
    render: renderSlaPerformance,
    pages: { min: 3, max: 8 },
  },
  compliance_status: {
    needsEngagement: false,
    collect: (trx, context) => collectComplianceStatus(trx, context),
    render: renderComplianceStatus,
    pages: { min: 3, max: 8 },
  },
  detection_coverage: {
    needsEngagement: false,
    collect: (trx, context) => collectDetectionCoverage(trx, context),
    render: renderDetectionCoverage,
    pages: { min: 3, max: 8 },
  },
  assessment: {
    needsEngagement: true,
    collect: (trx, context, report) => collectAssessment(trx, context, engagementOf(report)),
    render: renderAssessment,
    pages: { min: 3, max: 8 },
  },
};

/** The definition of one type, typed by it (the table's value type, without a union of every entry). */
export function reportTypeDefinition<Type extends ReportType>(type: Type): ReportTypeDefinition<Type> {
  return reportTypeRegistry[type];
}

/** The report types about a workspace's SOC data (not tied to an engagement), in the portal's order. */
export const socReportTypes: ReportType[] = reportTypes.filter(
  (type) => !reportTypeRegistry[type].needsEngagement,
);

/**
 * Reads everything the report shows for its period. `trx` must already be scoped to the report's tenant; every
 * query still filters by tenant and workspace itself (defence in depth).
 */
export async function buildReportSnapshot(
  trx: ScopedTransaction,
  report: ReportToSnapshot,
  options: { providerName: string; generatedAt: Date },
): Promise<ReportSnapshot> {
  const { common, context } = await readSnapshotFrame(trx, report, options);
  const data = await reportTypeDefinition(report.report_type).collect(trx, context, report);
  // The collector was chosen by `report_type`, so its data is of that type.
  return { ...common, report_type: report.report_type, data } as ReportSnapshot;
}

export function documentMetaOf(snapshot: ReportSnapshot): DocumentMeta {
  return {
    documentId: snapshot.report_id,
    title: snapshot.title,
    reportTypeLabel: reportDocumentLabels[snapshot.report_type],
    providerName: snapshot.provider_name,
    tenantName: snapshot.tenant_name,
    workspaceName: snapshot.workspace_name,
    periodStart: snapshot.period_start,
    periodEnd: snapshot.period_end,
    generatedAt: snapshot.generated_at,
    dataSha256: snapshotSha256(snapshot),
  };
}

function renderBody<Type extends ReportType>(doc: Pdf, snapshot: SnapshotOf<Type>): void {
  reportTypeDefinition<Type>(snapshot.report_type as Type).render(doc, snapshot);
}

/** Snapshot in, PDF bytes out. */
export function renderReport(snapshot: ReportSnapshot): Promise<Buffer> {
  const meta = documentMetaOf(snapshot);
  const doc = createReportDocument(meta);
  renderBody(doc, snapshot);
  return finishReportDocument(doc, meta);
}
