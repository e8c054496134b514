/*
 * The report types, each declared once: its key, the short label the portal shows, and the label printed on the
 * document's cover and header. Plain data with no imports, so the web app can import it as a value. The server's
 * registry (`server/modules/reports/report-types.ts`) adds each type's snapshot collector and template; the
 * database's CHECK constraint on `reports.report_type` lists the same keys (a test compares them).
 */

export const reportTypeCatalogue = {
  executive_monthly: { label: "Executive Monthly", documentLabel: "Executive Monthly Report" },
  sla_performance: { label: "SLA Performance", documentLabel: "SLA Performance Report" },
  compliance_status: { label: "Compliance Status", documentLabel: "Compliance Status Report" },
  detection_coverage: { label: "Detection Coverage", documentLabel: "Detection Coverage Report" },
  assessment: { label: "Assessment", documentLabel: "Assessment Report" },
} as const satisfies Record<string, { label: string; documentLabel: string }>;

export type ReportType = keyof typeof reportTypeCatalogue;

/** Every report type, in the order the portal lists them. */
export const reportTypes = Object.keys(reportTypeCatalogue) as ReportType[];

function mapTypes<Value>(pick: (type: ReportType) => Value): Record<ReportType, Value> {
  return Object.fromEntries(reportTypes.map((type) => [type, pick(type)])) as Record<ReportType, Value>;
}

/** The portal's short label of each type ("Executive Monthly"). */
export const reportTypeLabels: Record<ReportType, string> = mapTypes(
  (type) => reportTypeCatalogue[type].label,
);

/** The label printed on a report's cover and running header ("Executive Monthly Report"). */
export const reportDocumentLabels: Record<ReportType, string> = mapTypes(
  (type) => reportTypeCatalogue[type].documentLabel,
);

export function isReportType(value: string): value is ReportType {
  return Object.hasOwn(reportTypeCatalogue, value);
}
