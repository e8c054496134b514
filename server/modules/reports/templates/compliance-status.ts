import { complianceThresholds } from "../../../../contracts/compliance-score";
import { drawLineChart, drawProgressRows, drawStackedBarChart, placeChart } from "../../../pdf/charts";
import type { Pdf } from "../../../pdf/document";
import {
  formatDateTime,
  formatDecimal,
  formatMonthShort,
  formatPercent,
  formatShortDate,
} from "../../../pdf/format";
import { drawTable } from "../../../pdf/table";
import {
  drawDefinitionList,
  drawHeading,
  drawNote,
  drawParagraph,
  drawStatTiles,
  type Run,
  startSection,
} from "../../../pdf/text";
import { colors, palette, scoreColor } from "../../../pdf/theme";
import type { ComplianceFrameworkDetail, ComplianceIssue, SnapshotOf } from "../snapshot/snapshot";
import {
  COMPLIANCE_STATUS_COLORS,
  COMPLIANCE_STATUS_LABELS,
  countOf,
  periodEndLabel,
  periodLabel,
} from "./labels";

const { compliant, atRisk } = complianceThresholds;

/* Compliance status: per-framework scores and their trend, controls by status, and the controls that need work. */

type Snapshot = SnapshotOf<"compliance_status">;

const bold = (text: string): Run => ({ text, bold: true, color: colors.ink });

function points(value: number): string {
  const text = formatDecimal(value);
  return `${value > 0 ? "+" : ""}${text} pts`;
}

function summaryPage(doc: Pdf, snapshot: Snapshot, period: string): void {
  const { frameworks, issues, average_score: average } = snapshot.data;
  startSection(doc, `Compliance status \u2014 ${period}`, "Overview");
  const byStatus = (status: ComplianceFrameworkDetail["status"]) =>
    frameworks.filter((framework) => framework.status === status).length;
  const failing = issues.filter((issue) => issue.status === "failing").length;
  const partial = issues.length - failing;
  if (frameworks.length === 0) {
    drawParagraph(doc, "No compliance frameworks are tracked for this workspace.");
    return;
  }
  drawParagraph(
    doc,
    [
      `At the end of the period (${periodEndLabel(snapshot.period_end)}), the average score across ${countOf(frameworks.length, "framework")} was `,
      bold(average === null ? "n/a" : formatPercent(average)),
      `: ${byStatus("compliant")} compliant, ${byStatus("at_risk")} at risk and ${byStatus("non_compliant")} non-compliant. `,
      "In the current assessment, ",
      bold(countOf(failing, "control")),
      ` ${failing === 1 ? "is" : "are"} failing and `,
      bold(formatDecimal(partial, 0)),
      ` ${partial === 1 ? "is" : "are"} partially implemented; each has a named owner in the table at the end of this report.`,
    ],
    { size: 10, gapAfter: 14 },
  );
  drawStatTiles(
    doc,
    [
      {
        label: "Average score",
        value: average === null ? "n/a" : formatPercent(average),
        detail: countOf(frameworks.length, "framework"),
        accent: average === null ? colors.muted : scoreColor(average),
      },
      {
        label: "Compliant frameworks",
        value: `${byStatus("compliant")} of ${frameworks.length}`,
        detail: "score of 90% or more",
        accent: colors.good,
      },
      { label: "Failing controls", value: String(failing), detail: "need remediation", accent: colors.bad },
      {
        label: "Partial controls",
        value: String(partial),
        detail: "partially implemented",
        accent: colors.warn,
      },
    ],
    { columns: 4 },
  );
  drawHeading(doc, "Framework scores", { level: 2 });
  drawProgressRows(
    doc,
    frameworks.map((framework) => ({
      label: framework.name,
      value: framework.score,
      detail: `${COMPLIANCE_STATUS_LABELS[framework.status]}${framework.score_at_period_start === null ? "" : `, ${points(framework.score - framework.score_at_period_start)} in ${period}`}`,
    })),
    { labelWidth: 170, valueFormat: (value) => formatPercent(value) },
  );

  const dates = [
    ...new Set(frameworks.flatMap((framework) => framework.trend.map((point) => point.date))),
  ].sort();
  if (dates.length > 1) {
    drawHeading(doc, "Twelve-month score trend", { level: 2 });
    placeChart(doc, 200, (box) =>
      drawLineChart(doc, box, {
        categories: dates.map((date) =>
          date.endsWith("-01") ? formatMonthShort(date) : formatShortDate(date),
        ),
        series: frameworks.map((framework, index) => ({
          name: framework.name,
          color: palette[index % palette.length] ?? colors.accent,
          values: dates.map((date) => framework.trend.find((point) => point.date === date)?.score ?? null),
        })),
        max: 100,
        references: [
          { value: 90, label: "Compliant 90%", color: colors.good },
          { value: 75, label: "At risk 75%", color: colors.warn },
        ],
        valueFormat: (value) => `${formatDecimal(value, 0)}%`,
        legend: true,
      }),
    );
  }
}

function controlsPage(doc: Pdf, snapshot: Snapshot, period: string): void {
  const { frameworks } = snapshot.data;
  if (frameworks.length === 0) return;
  startSection(doc, "Controls by framework", "Frameworks");
  drawParagraph(
    doc,
    "Scores count passing controls as a share of applicable ones; controls marked not applicable are out of scope. The table compares the score at the end of the period with the start.",
  );
  placeChart(doc, 150, (box) =>
    drawStackedBarChart(doc, box, {
      categories: frameworks.map((framework) => framework.name),
      series: [
        { name: "Passing", color: colors.good, values: frameworks.map((f) => f.controls.passing) },
        { name: "Partial", color: colors.warn, values: frameworks.map((f) => f.controls.partial) },
        { name: "Failing", color: colors.bad, values: frameworks.map((f) => f.controls.failing) },
        {
          name: "Not applicable",
          color: colors.rule,
          values: frameworks.map((f) => f.controls.not_applicable),
        },
      ],
      showTotals: true,
    }),
  );
  drawTable(doc, {
    columns: [
      {
        header: "Framework",
        width: 2.2,
        value: (row: ComplianceFrameworkDetail) => row.name,
        style: () => ({ bold: true }),
      },
      {
        header: "Score",
        width: 1,
        align: "right",
        value: (row) => formatPercent(row.score),
        style: (row) => ({ bold: true, color: scoreColor(row.score) }),
      },
      {
        header: `Change in ${period}`,
        width: 1.3,
        align: "right",
        value: (row) =>
          row.score_at_period_start === null ? "n/a" : points(row.score - row.score_at_period_start),
      },
      { header: "Passing", width: 0.9, align: "right", value: (row) => String(row.controls.passing) },
      { header: "Partial", width: 0.9, align: "right", value: (row) => String(row.controls.partial) },
      { header: "Failing", width: 0.9, align: "right", value: (row) => String(row.controls.failing) },
      { header: "N/A", width: 0.7, align: "right", value: (row) => String(row.controls.not_applicable) },
      {
        header: "Status",
        width: 1.6,
        value: (row) => COMPLIANCE_STATUS_LABELS[row.status],
        style: (row) => ({ badge: COMPLIANCE_STATUS_COLORS[row.status] }),
      },
    ],
    rows: frameworks,
  });
  const drift = frameworks.filter((framework) => Math.abs(framework.current_score - framework.score) >= 0.05);
  if (drift.length > 0) {
    drawNote(
      doc,
      `Scores have moved since the end of the period: ${drift
        .map((framework) => `${framework.name} is now ${formatPercent(framework.current_score)}`)
        .join(", ")}.`,
    );
  }

  drawHeading(doc, "Control families with open gaps", { level: 2 });
  const families = frameworks.flatMap((framework) =>
    framework.families
      .filter((family) => family.failing + family.partial > 0)
      .map((family) => ({ framework: framework.name, ...family })),
  );
  drawTable(doc, {
    columns: [
      { header: "Framework", width: 1.6, value: (row: (typeof families)[number]) => row.framework },
      { header: "Family", width: 3, value: (row) => row.family },
      { header: "Passing", width: 0.9, align: "right", value: (row) => String(row.passing) },
      {
        header: "Partial",
        width: 0.9,
        align: "right",
        value: (row) => String(row.partial),
        style: (row) => (row.partial > 0 ? { color: colors.warn, bold: true } : undefined),
      },
      {
        header: "Failing",
        width: 0.9,
        align: "right",
        value: (row) => String(row.failing),
        style: (row) => (row.failing > 0 ? { color: colors.bad, bold: true } : undefined),
      },
    ],
    rows: families,
    emptyText: "Every applicable control passes.",
  });
}

function issuesPage(doc: Pdf, snapshot: Snapshot): void {
  const { issues } = snapshot.data;
  startSection(doc, "Failing and partial controls", "Remediation");
  drawParagraph(
    doc,
    issues.length === 0
      ? "Every applicable control passes in the current assessment."
      : `The ${countOf(issues.length, "control")} that do not fully pass in the current assessment, failing ones first, with the owner responsible for remediation.`,
  );
  drawTable(doc, {
    columns: [
      { header: "Framework", width: 1.35, value: (row: ComplianceIssue) => row.framework_name },
      {
        header: "Control",
        width: 1.45,
        value: (row) => row.ref,
        noWrap: true,
        style: () => ({ bold: true }),
      },
      { header: "Title", width: 2.9, value: (row) => row.title },
      {
        header: "Status",
        width: 0.95,
        value: (row) => (row.status === "failing" ? "Failing" : "Partial"),
        style: (row) => ({ badge: row.status === "failing" ? colors.bad : colors.warn }),
      },
      {
        header: "Owner",
        width: 2.1,
        value: (row) => row.owner ?? "Unassigned",
        style: (row) => (row.owner ? undefined : { color: colors.bad }),
      },
      {
        header: "Assessed",
        width: 1.15,
        value: (row) => formatShortDate(row.last_assessed_at),
        noWrap: true,
      },
    ],
    rows: issues,
    fontSize: 7.8,
    emptyText: "No failing or partial controls.",
  });
}

function methodology(doc: Pdf, snapshot: Snapshot): void {
  drawHeading(doc, "Methodology", { level: 1, kicker: "Appendix", keepWithNext: 120 });
  drawDefinitionList(doc, [
    {
      term: "Score",
      description:
        "Passing controls divided by applicable controls (all controls except those marked not applicable), in percent.",
    },
    {
      term: "Score at period end",
      description:
        "The latest score recorded on or before the end of the period; the trend shows every score recorded in the twelve months before.",
    },
    {
      term: "Status",
      description: `Compliant at ${compliant}% or more, at risk from ${atRisk}% up to ${compliant}%, non-compliant below ${atRisk}%.`,
    },
    {
      term: "Control status",
      description:
        "Passing, partial (implemented in part or without complete evidence), failing, or not applicable, from the most recent assessment of each control.",
    },
    { term: "Snapshot", description: `Data as of ${formatDateTime(snapshot.generated_at)}.` },
  ]);
}

export function renderComplianceStatus(doc: Pdf, snapshot: Snapshot): void {
  const period = periodLabel(snapshot.period_start, snapshot.period_end);
  summaryPage(doc, snapshot, period);
  controlsPage(doc, snapshot, period);
  issuesPage(doc, snapshot);
  methodology(doc, snapshot);
}
