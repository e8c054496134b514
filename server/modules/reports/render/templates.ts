import { createReportDocument, type DocumentMeta, finishReportDocument } from "../../../pdf/document";
import { renderAssessment } from "./assessment";
import { renderComplianceStatus } from "./compliance-status";
import { renderDetectionCoverage } from "./detection-coverage";
import { renderExecutiveMonthly } from "./executive-monthly";
import { REPORT_TYPE_LABELS } from "./labels";
import { renderSlaPerformance } from "./sla-performance";
import { type ReportSnapshot, snapshotSha256 } from "./snapshot";

/*
 * Snapshot in, PDF bytes out: a pure function of the snapshot (no clock, no randomness, no database), so the same
 * snapshot always renders to the same bytes and rendering can happen outside any transaction.
 */

export function documentMetaOf(snapshot: ReportSnapshot): DocumentMeta {
  return {
    documentId: snapshot.report_id,
    title: snapshot.title,
    reportTypeLabel: REPORT_TYPE_LABELS[snapshot.report_type],
    providerName: snapshot.provider_name,
    tenantName: snapshot.tenant_name,
    workspaceName: snapshot.workspace_name,
    periodStart: snapshot.period_start,
    periodEnd: snapshot.period_end,
    generatedAt: snapshot.generated_at,
    dataSha256: snapshotSha256(snapshot),
  };
}

export function renderReport(snapshot: ReportSnapshot): Promise<Buffer> {
  const meta = documentMetaOf(snapshot);
  const doc = createReportDocument(meta);
  switch (snapshot.report_type) {
    case "executive_monthly":
      renderExecutiveMonthly(doc, snapshot);
      break;
    case "sla_performance":
      renderSlaPerformance(doc, snapshot);
      break;
    case "compliance_status":
      renderComplianceStatus(doc, snapshot);
      break;
    case "detection_coverage":
      renderDetectionCoverage(doc, snapshot);
      break;
    case "assessment":
      renderAssessment(doc, snapshot);
      break;
  }
  return finishReportDocument(doc, meta);
}
