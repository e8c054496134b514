import { drawProgressRows, drawStackedBarChart, placeChart } from "../../../pdf/charts";
import { ensureSpace, type Pdf } from "../../../pdf/document";
import {
  formatDate,
  formatDateTime,
  formatInteger,
  formatPercent,
  formatShortDate,
} from "../../../pdf/format";
import { drawTable } from "../../../pdf/table";
import {
  drawBadgeRow,
  drawDefinitionList,
  drawHeading,
  drawParagraph,
  drawRule,
  drawStatTiles,
  startSection,
} from "../../../pdf/text";
import { colors, severityColors } from "../../../pdf/theme";
import type { AssessmentFinding, FindingSeverity, FindingStatus, SnapshotOf } from "../snapshot/snapshot";
import {
  countOf,
  FINDING_STATUS_COLORS,
  FINDING_STATUS_LABELS,
  SEVERITY_LABELS,
  severityColor,
} from "./labels";

/* The advisory deliverable: the engagement, its findings by severity, and each finding with its remediation. */

type Snapshot = SnapshotOf<"assessment">;

const FINDING_SEVERITIES: readonly FindingSeverity[] = ["critical", "high", "medium", "low", "info"];
const FINDING_STATUSES: readonly FindingStatus[] = ["open", "remediated", "accepted"];
const ENGAGEMENT_STATUS_LABELS = {
  planned: "Planned",
  active: "In progress",
  on_hold: "On hold",
  completed: "Completed",
} as const;

function badgeColor(severity: FindingSeverity): string {
  return severity === "info" ? colors.faint : severityColor(severity);
}

function overviewPage(doc: Pdf, snapshot: Snapshot): void {
  const { engagement, progress, findings, by_severity: bySeverity, by_status: byStatus } = snapshot.data;
  startSection(doc, "Engagement overview", "Assessment");
  if (engagement.summary) drawParagraph(doc, engagement.summary, { size: 10, gapAfter: 12 });
  const dates =
    engagement.starts_on && engagement.ends_on
      ? `${formatDate(engagement.starts_on)} \u2013 ${formatDate(engagement.ends_on)}`
      : engagement.starts_on
        ? `From ${formatDate(engagement.starts_on)}`
        : "Not scheduled";
  drawDefinitionList(doc, [
    { term: "Engagement", description: engagement.name },
    { term: "Client", description: `${snapshot.tenant_name} (${snapshot.workspace_name})` },
    { term: "Status", description: ENGAGEMENT_STATUS_LABELS[engagement.status] },
    { term: "Schedule", description: dates },
    {
      term: "Progress",
      description: `${progress.milestones_done} of ${countOf(progress.milestones_total, "milestone")} complete (${formatPercent(progress.percent_complete)})`,
    },
  ]);
  const severe = bySeverity.critical + bySeverity.high;
  drawStatTiles(
    doc,
    [
      { label: "Findings", value: formatInteger(findings.length), detail: "in this report" },
      {
        label: "Critical + high",
        value: formatInteger(severe),
        detail: `${bySeverity.critical} critical \u00b7 ${bySeverity.high} high`,
        accent: severityColors.high,
      },
      {
        label: "Open",
        value: formatInteger(byStatus.open),
        detail: "awaiting remediation",
        accent: colors.accent,
      },
      {
        label: "Remediated",
        value: formatInteger(byStatus.remediated),
        detail: `${byStatus.accepted} risk accepted`,
        accent: colors.good,
      },
    ],
    { columns: 4 },
  );
  drawHeading(doc, "Findings by severity and status", { level: 2 });
  placeChart(doc, 170, (box) =>
    drawStackedBarChart(doc, box, {
      categories: FINDING_SEVERITIES.map((severity) => SEVERITY_LABELS[severity]),
      series: FINDING_STATUSES.map((status) => ({
        name: FINDING_STATUS_LABELS[status],
        color: status === "open" ? colors.accent : status === "remediated" ? colors.good : colors.faint,
        values: FINDING_SEVERITIES.map(
          (severity) =>
            findings.filter((finding) => finding.severity === severity && finding.status === status).length,
        ),
      })),
      showTotals: true,
    }),
  );
  if (progress.phases.length > 0) {
    drawHeading(doc, "Progress by phase", { level: 2, keepWithNext: 40 });
    drawProgressRows(
      doc,
      progress.phases.map((phase) => {
        const percent = phase.milestones === 0 ? 0 : (100 * phase.done) / phase.milestones;
        return {
          label: phase.name,
          value: percent,
          valueLabel: `${phase.done} / ${phase.milestones}`,
          color: percent >= 100 ? colors.good : colors.heading,
        };
      }),
      { labelWidth: 190 },
    );
  }
}

function findingsTable(doc: Pdf, snapshot: Snapshot): void {
  const { findings } = snapshot.data;
  startSection(doc, "Findings at a glance", "Findings");
  drawParagraph(
    doc,
    findings.length === 0
      ? "The engagement has not produced any findings so far."
      : `${countOf(findings.length, "finding")}, most severe first. Each is described in detail, with the recommended remediation, in the next section.`,
  );
  drawTable(doc, {
    columns: [
      {
        header: "Ref",
        width: 0.8,
        value: (row: AssessmentFinding) => row.ref,
        noWrap: true,
        style: () => ({ bold: true }),
      },
      { header: "Finding", width: 5.4, value: (row) => row.title },
      {
        header: "Severity",
        width: 1.3,
        value: (row) => SEVERITY_LABELS[row.severity],
        style: (row) => ({ badge: badgeColor(row.severity) }),
      },
      {
        header: "Status",
        width: 1.4,
        value: (row) => FINDING_STATUS_LABELS[row.status],
        style: (row) => ({ badge: FINDING_STATUS_COLORS[row.status] }),
      },
    ],
    rows: findings,
    emptyText: "No findings.",
  });
}

function findingDetails(doc: Pdf, snapshot: Snapshot): void {
  const { findings } = snapshot.data;
  if (findings.length === 0) return;
  // Flows on from the summary table: a finding's details need no page of their own.
  drawHeading(doc, "Detailed findings", { level: 1, kicker: "Findings", keepWithNext: 160 });
  findings.forEach((finding, index) => {
    // Title, badges and the start of the description stay together.
    ensureSpace(doc, 110);
    drawHeading(doc, `${finding.ref}  ${finding.title}`, { level: 2, keepWithNext: 70 });
    drawBadgeRow(
      doc,
      [
        { label: SEVERITY_LABELS[finding.severity], color: badgeColor(finding.severity) },
        { label: FINDING_STATUS_LABELS[finding.status], color: FINDING_STATUS_COLORS[finding.status] },
      ],
      `Reported ${formatShortDate(finding.reported_on)}`,
    );
    drawHeading(doc, "Description", { level: 3, keepWithNext: 30 });
    drawParagraph(doc, finding.description);
    drawHeading(doc, "Remediation", { level: 3, keepWithNext: 30 });
    drawParagraph(doc, finding.remediation);
    if (index < findings.length - 1) drawRule(doc);
  });
}

function ratingsPage(doc: Pdf, snapshot: Snapshot): void {
  drawHeading(doc, "Ratings and methodology", { level: 1, kicker: "Appendix", keepWithNext: 200 });
  drawDefinitionList(doc, [
    {
      term: "Critical",
      description:
        "Directly exploitable with severe impact, such as full compromise of a system holding sensitive data. Fix immediately.",
    },
    {
      term: "High",
      description:
        "Exploitable with significant impact, or a missing control that a requirement depends on. Fix within 30 days.",
    },
    {
      term: "Medium",
      description:
        "Exploitable only together with other weaknesses, or with limited impact. Fix within 90 days.",
    },
    {
      term: "Low",
      description: "Hardening opportunity with little direct impact. Fix as part of regular maintenance.",
    },
    { term: "Informational", description: "An observation or good practice, with no direct risk." },
    { term: "Remediated", description: "The fix was verified by the assessment team." },
    {
      term: "Risk accepted",
      description: "The organisation decided to accept the risk; the decision is recorded.",
    },
  ]);
  drawParagraph(
    doc,
    `Findings and engagement status as of ${formatDateTime(snapshot.generated_at)}. Findings marked remediated were verified by ${snapshot.provider_name}; open findings should be re-tested once fixed.`,
    { size: 8.5, color: colors.muted },
  );
}

export function renderAssessment(doc: Pdf, snapshot: Snapshot): void {
  overviewPage(doc, snapshot);
  findingsTable(doc, snapshot);
  findingDetails(doc, snapshot);
  ratingsPage(doc, snapshot);
}
