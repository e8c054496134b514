import { complianceBand, complianceThresholds } from "../../../../contracts/compliance-score";
import {
  drawBarChart,
  drawHorizontalBarChart,
  drawLineChart,
  drawProgressRows,
  drawStackedBarChart,
  placeChart,
} from "../../../pdf/charts";
import type { Pdf } from "../../../pdf/document";
import {
  formatDateTime,
  formatDayMonth,
  formatDecimal,
  formatInteger,
  formatMonthShort,
  formatPercent,
  formatShortDate,
  formatSignedPercent,
} from "../../../pdf/format";
import { drawTable } from "../../../pdf/table";
import {
  drawBulletList,
  drawCallout,
  drawDefinitionList,
  drawHeading,
  drawNote,
  drawParagraph,
  drawStatTiles,
  type Run,
  startSection,
} from "../../../pdf/text";
import { colors, palette, scoreColor, severityColors } from "../../../pdf/theme";
import type { AlertSeverity, ExecutiveMonthlyData, SnapshotOf } from "../snapshot/snapshot";
import {
  COMPLIANCE_STATUS_COLORS,
  COMPLIANCE_STATUS_LABELS,
  changeCell,
  changeText,
  changeTone,
  countOf,
  hoursOrNa,
  INCIDENT_STATUS_LABELS,
  minutesOrNa,
  movement,
  percentChange,
  percentOrNa,
  periodEndLabel,
  periodLabel,
  SEVERITY_LABELS,
  severityColor,
  tileChangeText,
} from "./labels";

const { compliant, atRisk } = complianceThresholds;

/*
 * The monthly executive report: a one-page summary a CISO can forward, then a page per theme (incidents, their
 * sources, alerts, detections, response times, compliance), the notable incidents, and how the figures are made.
 */

type Snapshot = SnapshotOf<"executive_monthly">;

export const SEVERITIES = ["critical", "high", "medium", "low"] as const;
const ALERT_SEVERITIES_BOTTOM_UP: readonly AlertSeverity[] = ["info", "low", "medium", "high", "critical"];
export const ALERT_SEVERITY_LABELS: Record<AlertSeverity, string> = {
  ...SEVERITY_LABELS,
  info: "Informational",
};

const bold = (text: string): Run => ({ text, bold: true, color: colors.ink });

/** Incidents within target across severities, from the per-severity shares (exact: shares come from counts). */
function overallWithin(
  rows: ExecutiveMonthlyData["response"]["by_severity"],
  kind: "ack" | "resolve",
): number | null {
  let within = 0;
  let total = 0;
  for (const row of rows) {
    const count = kind === "ack" ? row.acknowledged : row.resolved;
    const share = kind === "ack" ? row.ack_within_pct : row.resolve_within_pct;
    if (share === null || count === 0) continue;
    within += Math.round((share * count) / 100);
    total += count;
  }
  return total === 0 ? null : (100 * within) / total;
}

function summaryPage(doc: Pdf, snapshot: Snapshot, period: string, previous: string): void {
  const { incidents, alerts, response, compliance, deltas } = snapshot.data;
  const criticalHigh = incidents.by_severity.critical + incidents.by_severity.high;
  startSection(doc, `Executive summary \u2014 ${period}`, "Overview");

  const runs: Run[] = [
    `In ${period}, the SOC recorded `,
    bold(countOf(incidents.total, "incident")),
    ` (${changeText(deltas.incidents_pct, previous)}), of which `,
    bold(formatInteger(criticalHigh)),
    ` ${criticalHigh === 1 ? "was" : "were"} rated critical or high. `,
  ];
  if (response.mttr_hours !== null) {
    runs.push(
      `The ${countOf(response.resolved, "incident")} resolved during the month took a mean of `,
      bold(`${formatDecimal(response.mttr_hours)} hours`),
      ` to resolve (MTTR, ${changeText(deltas.mttr_pct, previous)})`,
    );
    runs.push(response.mtta_minutes === null ? ". " : { text: ", and incidents were acknowledged in " });
    if (response.mtta_minutes !== null) {
      runs.push(bold(`${formatDecimal(response.mtta_minutes)} minutes`), " on average. ");
    }
  } else {
    runs.push("No incidents were resolved during the period. ");
  }
  runs.push("Monitoring processed ", bold(countOf(alerts.total, "alert")));
  runs.push(
    ` (${changeText(deltas.alerts_pct, previous)}), an average of ${formatDecimal(alerts.daily_average)} per day` +
      (alerts.escalation_rate_pct === null
        ? ". "
        : `; ${formatDecimal(alerts.escalation_rate_pct, 2)} in every 100 alerts became an incident. `),
  );
  runs.push(
    bold(countOf(incidents.open_at_period_end, "incident")),
    ` ${incidents.open_at_period_end === 1 ? "was" : "were"} still open on ${periodEndLabel(snapshot.period_end)}.`,
  );
  if (compliance.average_score !== null) {
    runs.push(
      ` Across ${countOf(compliance.frameworks.length, "compliance framework")}, the average score was `,
      bold(formatPercent(compliance.average_score)),
      ".",
    );
  }
  drawParagraph(doc, runs, { size: 10, gapAfter: 14 });

  drawStatTiles(
    doc,
    [
      {
        label: "Incidents",
        value: formatInteger(incidents.total),
        detail: tileChangeText(deltas.incidents_pct, previous),
        tone: changeTone(deltas.incidents_pct),
      },
      {
        label: "Critical + high",
        value: formatInteger(criticalHigh),
        detail: `${incidents.by_severity.critical} critical \u00b7 ${incidents.by_severity.high} high`,
        accent: severityColors.high,
      },
      {
        label: "MTTR",
        value: hoursOrNa(response.mttr_hours),
        detail: tileChangeText(deltas.mttr_pct, previous),
        tone: changeTone(deltas.mttr_pct),
      },
      {
        label: "Alerts",
        value: formatInteger(alerts.total),
        detail: tileChangeText(deltas.alerts_pct, previous),
      },
      {
        label: "MTTA",
        value: minutesOrNa(response.mtta_minutes),
        detail: tileChangeText(deltas.mtta_pct, previous),
        tone: changeTone(deltas.mtta_pct),
      },
      {
        label: "Open at period end",
        value: formatInteger(incidents.open_at_period_end),
        detail: `${incidents.open_at_period_end_by_severity.critical + incidents.open_at_period_end_by_severity.high} critical or high`,
        accent: colors.muted,
      },
      {
        label: "Escalation rate",
        value:
          alerts.escalation_rate_pct === null ? "n/a" : `${formatDecimal(alerts.escalation_rate_pct, 2)}%`,
        detail: "incidents per 100 alerts",
        accent: colors.muted,
      },
      {
        label: "Compliance (average)",
        value: compliance.average_score === null ? "n/a" : formatPercent(compliance.average_score),
        detail: countOf(compliance.frameworks.length, "framework"),
        accent: compliance.average_score === null ? colors.muted : scoreColor(compliance.average_score),
      },
    ],
    { columns: 4 },
  );

  drawCallout(doc, "Key takeaways", takeaways(snapshot, period, previous));

  drawHeading(doc, `Month over month: ${previous} vs ${period}`, { level: 2 });
  const previousAverage =
    compliance.frameworks.length > 0 &&
    compliance.frameworks.every((framework) => framework.previous_score !== null)
      ? compliance.frameworks.reduce((sum, framework) => sum + (framework.previous_score ?? 0), 0) /
        compliance.frameworks.length
      : null;
  const rows: {
    metric: string;
    previous: string;
    current: string;
    change: string;
    tone: "good" | "bad" | "neutral";
  }[] = [
    {
      metric: "Incidents",
      previous: formatInteger(incidents.previous_total),
      current: formatInteger(incidents.total),
      change: changeCell(incidents.total, incidents.previous_total),
      tone: changeTone(deltas.incidents_pct),
    },
    {
      metric: "Critical and high incidents",
      previous: formatInteger(incidents.previous_by_severity.critical + incidents.previous_by_severity.high),
      current: formatInteger(criticalHigh),
      change: changeCell(
        criticalHigh,
        incidents.previous_by_severity.critical + incidents.previous_by_severity.high,
      ),
      tone: changeTone(
        percentChange(
          criticalHigh,
          incidents.previous_by_severity.critical + incidents.previous_by_severity.high,
        ),
      ),
    },
    {
      metric: "Alerts",
      previous: formatInteger(alerts.previous_total),
      current: formatInteger(alerts.total),
      change: changeCell(alerts.total, alerts.previous_total),
      tone: "neutral",
    },
    {
      metric: "Incidents per 100 alerts",
      previous:
        alerts.previous_total === 0
          ? "n/a"
          : formatDecimal((100 * incidents.previous_total) / alerts.previous_total, 2),
      current: alerts.escalation_rate_pct === null ? "n/a" : formatDecimal(alerts.escalation_rate_pct, 2),
      change:
        alerts.previous_total === 0 || alerts.escalation_rate_pct === null
          ? "n/a"
          : changeCell(alerts.escalation_rate_pct, (100 * incidents.previous_total) / alerts.previous_total),
      tone: "neutral",
    },
    {
      metric: "Mean time to resolve",
      previous: hoursOrNa(response.previous_mttr_hours),
      current: hoursOrNa(response.mttr_hours),
      change: changeCell(response.mttr_hours, response.previous_mttr_hours),
      tone: changeTone(deltas.mttr_pct),
    },
    {
      metric: "Mean time to acknowledge",
      previous: minutesOrNa(response.previous_mtta_minutes),
      current: minutesOrNa(response.mtta_minutes),
      change: changeCell(response.mtta_minutes, response.previous_mtta_minutes),
      tone: changeTone(deltas.mtta_pct),
    },
    {
      metric: "Average compliance score",
      previous: percentOrNa(previousAverage),
      current: percentOrNa(compliance.average_score),
      change:
        previousAverage === null || compliance.average_score === null
          ? "n/a"
          : `${formatDecimal(compliance.average_score - previousAverage)} pts`,
      tone:
        previousAverage === null || compliance.average_score === null
          ? "neutral"
          : changeTone(compliance.average_score - previousAverage, false),
    },
  ];
  const toneColor = { good: colors.good, bad: colors.bad, neutral: colors.text } as const;
  drawTable(doc, {
    columns: [
      { header: "Metric", width: 3, value: (row) => row.metric },
      { header: previous, width: 1.6, align: "right", value: (row) => row.previous },
      {
        header: period,
        width: 1.6,
        align: "right",
        value: (row) => row.current,
        style: () => ({ bold: true }),
      },
      {
        header: "Change",
        width: 1.3,
        align: "right",
        value: (row) => row.change,
        style: (row) => ({ color: toneColor[row.tone] }),
      },
    ],
    rows,
  });
}

/** The summary page's key takeaways (also used by the PDF benchmark's HTML version of this report). */
export function takeaways(snapshot: Snapshot, period: string, previous: string): string[] {
  const { incidents, alerts, response, compliance, deltas } = snapshot.data;
  const items: string[] = [];
  items.push(
    deltas.incidents_pct === null
      ? `${countOf(incidents.total, "incident")} in ${period}; ${previous} had none to compare with.`
      : `Incident volume was ${movement(deltas.incidents_pct)}: ${countOf(incidents.total, "incident")} in ${period} against ${formatInteger(incidents.previous_total)} in ${previous}.`,
  );
  const topDetection = incidents.top_detections[0];
  if (topDetection) {
    items.push(
      `The most frequent incident source was \u201c${topDetection.detection}\u201d (${countOf(topDetection.count, "incident")}, ${formatPercent((100 * topDetection.count) / Math.max(1, incidents.total))} of the total).`,
    );
  }
  const severe = response.by_severity.filter(
    (row) => (row.severity === "critical" || row.severity === "high") && row.resolve_within_pct !== null,
  );
  if (severe.length > 0) {
    items.push(
      `Resolution targets: ${severe
        .map(
          (row) =>
            `${formatPercent(row.resolve_within_pct ?? 0)} of ${row.severity} incidents were resolved within ${formatInteger(row.resolve_target_hours)} hours`,
        )
        .join("; ")}.`,
    );
  }
  const below = compliance.frameworks.filter((framework) => complianceBand(framework.score) !== "compliant");
  if (compliance.frameworks.length > 0) {
    items.push(
      below.length === 0
        ? `All ${countOf(compliance.frameworks.length, "framework")} are at or above the ${compliant}% compliant threshold.`
        : `${below.length} of ${compliance.frameworks.length} frameworks are below the ${compliant}% compliant threshold: ${below
            .map((framework) => `${framework.name} (${formatPercent(framework.score)})`)
            .join(", ")}.`,
    );
  }
  const topAlert = alerts.top_detections[0];
  if (alerts.peak_day && topAlert && alerts.total > 0) {
    items.push(
      `Alert volume peaked on ${formatDayMonth(alerts.peak_day.day)} with ${countOf(alerts.peak_day.total, "alert")}; \u201c${topAlert.detection}\u201d produced ${formatPercent((100 * topAlert.count) / alerts.total)} of all alerts.`,
    );
  }
  return items;
}

function incidentsPage(doc: Pdf, snapshot: Snapshot, period: string, previous: string): void {
  const { incidents } = snapshot.data;
  startSection(doc, "Incident analysis", "Incidents");
  drawParagraph(doc, [
    "The SOC opened ",
    bold(countOf(incidents.total, "incident")),
    ` in ${period}, ${movement(snapshot.data.deltas.incidents_pct)} on ${previous} (${formatInteger(incidents.previous_total)}). `,
    `Critical: ${incidents.by_severity.critical}, high: ${incidents.by_severity.high}, medium: ${incidents.by_severity.medium}, low: ${incidents.by_severity.low}.`,
  ]);
  drawHeading(doc, "Incidents by severity", { level: 2 });
  placeChart(doc, 160, (box) =>
    drawBarChart(doc, box, {
      categories: SEVERITIES.map((severity) => SEVERITY_LABELS[severity]),
      series: [
        {
          name: previous,
          color: colors.faint,
          values: SEVERITIES.map((s) => incidents.previous_by_severity[s]),
        },
        { name: period, color: colors.accent, values: SEVERITIES.map((s) => incidents.by_severity[s]) },
      ],
      showValues: true,
    }),
  );
  drawHeading(doc, "Twelve-month incident trend", { level: 2 });
  placeChart(doc, 200, (box) =>
    drawStackedBarChart(doc, box, {
      categories: incidents.monthly.map((month) => formatMonthShort(`${month.month}-01`)),
      series: [...SEVERITIES].reverse().map((severity) => ({
        name: SEVERITY_LABELS[severity],
        color: severityColors[severity],
        values: incidents.monthly.map((month) => month.by_severity[severity]),
      })),
      showTotals: true,
    }),
  );
  const average =
    incidents.monthly.reduce((sum, month) => sum + month.total, 0) / Math.max(1, incidents.monthly.length);
  drawNote(
    doc,
    `Incidents opened per calendar month (UTC), stacked by severity. Twelve-month average: ${formatDecimal(average)} per month.`,
  );
}

function sourcesPage(doc: Pdf, snapshot: Snapshot, period: string, previous: string): void {
  const { incidents } = snapshot.data;
  startSection(doc, "Where incidents came from", "Incidents");
  drawParagraph(
    doc,
    `Each incident is mapped to the MITRE ATT&CK tactic of the behaviour that triggered it, and to the detection that raised it. The breakdowns below cover the ${countOf(incidents.total, "incident")} opened in ${period}.`,
  );
  drawHeading(doc, "By ATT&CK tactic", { level: 2 });
  const tactics = incidents.by_tactic.slice(0, 10);
  if (tactics.length === 0) drawNote(doc, "No incidents in this period.");
  else {
    placeChart(doc, tactics.length * 17, (box) =>
      drawHorizontalBarChart(doc, box, {
        rows: tactics.map((row) => ({ label: row.tactic, value: row.count })),
        labelWidth: 150,
      }),
    );
  }
  drawHeading(doc, "By detection", { level: 2 });
  if (incidents.top_detections.length === 0) drawNote(doc, "No incidents in this period.");
  else {
    placeChart(doc, incidents.top_detections.length * 17, (box) =>
      drawHorizontalBarChart(doc, box, {
        rows: incidents.top_detections.map((row) => ({
          label: row.detection,
          value: row.count,
          color: colors.heading,
        })),
        labelWidth: 230,
      }),
    );
  }
  drawHeading(doc, "Severity breakdown", { level: 2 });
  drawTable(doc, {
    columns: [
      {
        header: "Severity",
        width: 1.4,
        value: (severity: (typeof SEVERITIES)[number]) => SEVERITY_LABELS[severity],
        style: (severity) => ({ badge: severityColor(severity) }),
      },
      {
        header: previous,
        width: 1.4,
        align: "right",
        value: (s) => formatInteger(incidents.previous_by_severity[s]),
      },
      {
        header: period,
        width: 1.4,
        align: "right",
        value: (s) => formatInteger(incidents.by_severity[s]),
        style: () => ({ bold: true }),
      },
      {
        header: "Change",
        width: 1.1,
        align: "right",
        value: (s) => changeCell(incidents.by_severity[s], incidents.previous_by_severity[s]),
      },
      {
        header: "Share",
        width: 1.1,
        align: "right",
        value: (s) =>
          incidents.total === 0 ? "n/a" : formatPercent((100 * incidents.by_severity[s]) / incidents.total),
      },
      {
        header: `Open on ${periodEndLabel(snapshot.period_end)}`,
        width: 1.9,
        align: "right",
        value: (s) => formatInteger(incidents.open_at_period_end_by_severity[s]),
      },
    ],
    rows: SEVERITIES,
  });
}

function alertsPage(doc: Pdf, snapshot: Snapshot, period: string, previous: string): void {
  const { alerts, deltas } = snapshot.data;
  startSection(doc, "Alert trends", "Alerts");
  drawParagraph(doc, [
    "Detection rules raised ",
    bold(countOf(alerts.total, "alert")),
    ` in ${period} (${changeText(deltas.alerts_pct, previous)}). Most alerts are informational or low severity and are triaged automatically; the SOC investigates the rest and opens an incident when the activity is confirmed or needs the customer's action.`,
  ]);
  const highCritical = alerts.by_severity.high + alerts.by_severity.critical;
  drawStatTiles(
    doc,
    [
      {
        label: "Alerts",
        value: formatInteger(alerts.total),
        detail: tileChangeText(deltas.alerts_pct, previous),
      },
      {
        label: "Daily average",
        value: formatDecimal(alerts.daily_average),
        detail: "alerts per day",
        accent: colors.muted,
      },
      {
        label: "Peak day",
        value: alerts.peak_day ? formatInteger(alerts.peak_day.total) : "n/a",
        detail: alerts.peak_day ? formatDayMonth(alerts.peak_day.day) : "",
        accent: colors.muted,
      },
      {
        label: "High + critical alerts",
        value: formatInteger(highCritical),
        detail: alerts.total === 0 ? "" : `${formatPercent((100 * highCritical) / alerts.total)} of alerts`,
        accent: severityColors.high,
      },
    ],
    { columns: 4 },
  );
  drawHeading(doc, "Alerts per day by severity", { level: 2 });
  placeChart(doc, 220, (box) =>
    drawStackedBarChart(doc, box, {
      // Day numbers: the month is in the note below, and 31 short labels fit on one line.
      categories: alerts.daily.map((day) => String(Number(day.day.slice(8, 10)))),
      series: ALERT_SEVERITIES_BOTTOM_UP.map((severity) => ({
        name: ALERT_SEVERITY_LABELS[severity],
        color: severityColors[severity],
        values: alerts.daily.map((day) => day.by_severity[severity]),
      })),
    }),
  );
  drawNote(doc, `Alerts raised per day of ${period} (UTC), stacked by severity.`);
  drawHeading(doc, "Alerts by severity", { level: 2 });
  const order: readonly AlertSeverity[] = ["critical", "high", "medium", "low", "info"];
  drawTable(doc, {
    columns: [
      {
        header: "Severity",
        width: 1.5,
        value: (severity: AlertSeverity) => ALERT_SEVERITY_LABELS[severity],
        style: (severity) => ({
          badge: severityColors[severity] === severityColors.info ? colors.faint : severityColors[severity],
        }),
      },
      {
        header: previous,
        width: 1.4,
        align: "right",
        value: (s) => formatInteger(alerts.previous_by_severity[s]),
      },
      {
        header: period,
        width: 1.4,
        align: "right",
        value: (s) => formatInteger(alerts.by_severity[s]),
        style: () => ({ bold: true }),
      },
      {
        header: "Change",
        width: 1.1,
        align: "right",
        value: (s) => changeCell(alerts.by_severity[s], alerts.previous_by_severity[s]),
      },
      {
        header: "Share",
        width: 1.1,
        align: "right",
        value: (s) =>
          alerts.total === 0 ? "n/a" : formatPercent((100 * alerts.by_severity[s]) / alerts.total),
      },
    ],
    rows: order,
  });
}

function detectionsPage(doc: Pdf, snapshot: Snapshot, period: string, previous: string): void {
  const { alerts } = snapshot.data;
  startSection(doc, "Top detections", "Alerts");
  const top = alerts.top_detections;
  const topShare = top.slice(0, 3).reduce((sum, row) => sum + row.count, 0);
  drawParagraph(
    doc,
    top.length === 0
      ? `No alerts were raised in ${period}.`
      : `The ten busiest detection rules in ${period}. The top three account for ${formatPercent((100 * topShare) / Math.max(1, alerts.total))} of all alerts; rules whose volume grew sharply are reviewed for tuning each month.`,
  );
  if (top.length > 0) {
    placeChart(doc, top.length * 19, (box) =>
      drawHorizontalBarChart(doc, box, {
        rows: top.map((row, index) => ({
          label: row.detection,
          value: row.count,
          color: index < 3 ? colors.accent : colors.heading,
          valueLabel: `${formatInteger(row.count)} (${formatPercent((100 * row.count) / Math.max(1, alerts.total))})`,
        })),
        rowHeight: 19,
        labelWidth: 190,
      }),
    );
  }
  drawHeading(doc, "Detection volume compared with the previous period", { level: 2 });
  drawTable(doc, {
    columns: [
      { header: "Detection", width: 3.6, value: (row: (typeof top)[number]) => row.detection },
      {
        header: "Severity",
        width: 1.3,
        value: (row) => ALERT_SEVERITY_LABELS[row.severity],
        style: (row) => ({ badge: row.severity === "info" ? colors.faint : severityColors[row.severity] }),
      },
      { header: previous, width: 1.4, align: "right", value: (row) => formatInteger(row.previous_count) },
      {
        header: period,
        width: 1.4,
        align: "right",
        value: (row) => formatInteger(row.count),
        style: () => ({ bold: true }),
      },
      {
        header: "Change",
        width: 1,
        align: "right",
        value: (row) => changeCell(row.count, row.previous_count),
      },
    ],
    rows: top,
    emptyText: "No alerts in this period.",
  });
}

function responsePage(doc: Pdf, snapshot: Snapshot, period: string, previous: string): void {
  const { response, deltas } = snapshot.data;
  startSection(doc, "Response performance", "Service levels");
  const overallResolve = overallWithin(response.by_severity, "resolve");
  const overallAck = overallWithin(response.by_severity, "ack");
  drawParagraph(doc, [
    "Mean time to resolve (MTTR) measures open-to-resolution time for incidents resolved during the period; mean time to acknowledge (MTTA) measures the time until an analyst took ownership. ",
    response.mttr_hours === null
      ? "No incidents were resolved in this period."
      : {
          text: `MTTR was ${formatDecimal(response.mttr_hours)} hours (${changeText(deltas.mttr_pct, previous)}) and MTTA ${response.mtta_minutes === null ? "n/a" : `${formatDecimal(response.mtta_minutes)} minutes`} (${changeText(deltas.mtta_pct, previous)}).`,
          bold: true,
          color: colors.ink,
        },
  ]);
  drawStatTiles(
    doc,
    [
      {
        label: "MTTR",
        value: hoursOrNa(response.mttr_hours),
        detail: tileChangeText(deltas.mttr_pct, previous),
        tone: changeTone(deltas.mttr_pct),
      },
      {
        label: "MTTA",
        value: minutesOrNa(response.mtta_minutes),
        detail: tileChangeText(deltas.mtta_pct, previous),
        tone: changeTone(deltas.mtta_pct),
      },
      {
        label: "Resolved in time",
        value: percentOrNa(overallResolve),
        detail: `of ${countOf(response.resolved, "resolved incident")}`,
        accent: overallResolve === null ? colors.muted : scoreColor(overallResolve),
      },
      {
        label: "Acknowledged in time",
        value: percentOrNa(overallAck),
        detail: "all severities",
        accent: overallAck === null ? colors.muted : scoreColor(overallAck),
      },
    ],
    { columns: 4 },
  );
  drawHeading(doc, "Against the service-level targets", { level: 2 });
  drawTable(doc, {
    columns: [
      {
        header: "Severity",
        width: 1.2,
        value: (row: (typeof response.by_severity)[number]) => SEVERITY_LABELS[row.severity],
        style: (row) => ({ badge: severityColor(row.severity) }),
      },
      { header: "Acknowledged", width: 1.5, align: "right", value: (row) => formatInteger(row.acknowledged) },
      { header: "MTTA", width: 1.1, align: "right", value: (row) => minutesOrNa(row.mtta_minutes) },
      {
        header: "Target",
        width: 1,
        align: "right",
        value: (row) => `${formatInteger(row.ack_target_minutes)} min`,
      },
      {
        header: "Within",
        width: 1,
        align: "right",
        value: (row) => percentOrNa(row.ack_within_pct),
        style: (row) => ({
          bold: true,
          color: row.ack_within_pct === null ? colors.muted : scoreColor(row.ack_within_pct),
        }),
      },
      { header: "Resolved", width: 1.1, align: "right", value: (row) => formatInteger(row.resolved) },
      { header: "MTTR", width: 1, align: "right", value: (row) => hoursOrNa(row.mttr_hours) },
      {
        header: "Target",
        width: 0.9,
        align: "right",
        value: (row) => `${formatInteger(row.resolve_target_hours)} h`,
      },
      {
        header: "Within",
        width: 1,
        align: "right",
        value: (row) => percentOrNa(row.resolve_within_pct),
        style: (row) => ({
          bold: true,
          color: row.resolve_within_pct === null ? colors.muted : scoreColor(row.resolve_within_pct),
        }),
      },
    ],
    rows: response.by_severity,
  });
  drawHeading(doc, "Mean time to resolve vs target (hours)", { level: 2 });
  placeChart(doc, 150, (box) =>
    drawBarChart(doc, box, {
      categories: response.by_severity.map((row) => SEVERITY_LABELS[row.severity]),
      series: [
        {
          name: `MTTR, ${period}`,
          color: colors.accent,
          values: response.by_severity.map((row) => row.mttr_hours),
        },
        {
          name: "Target",
          color: colors.rule,
          values: response.by_severity.map((row) => row.resolve_target_hours),
        },
      ],
      valueFormat: (value) => formatDecimal(value),
      showValues: true,
    }),
  );
  drawHeading(doc, "Share resolved within target", { level: 2, keepWithNext: 40 });
  drawProgressRows(
    doc,
    response.by_severity
      .filter((row) => row.resolve_within_pct !== null)
      .map((row) => ({
        label: SEVERITY_LABELS[row.severity],
        value: row.resolve_within_pct ?? 0,
        detail: `${countOf(row.resolved, "incident")}, target ${formatInteger(row.resolve_target_hours)} h`,
      })),
    { labelWidth: 150, valueFormat: (value) => formatPercent(value) },
  );
}

function compliancePage(doc: Pdf, snapshot: Snapshot, period: string, previous: string): void {
  const { compliance } = snapshot.data;
  startSection(doc, "Compliance posture", "Compliance");
  if (compliance.frameworks.length === 0) {
    drawParagraph(doc, "No compliance frameworks are tracked for this workspace.");
    return;
  }
  drawParagraph(doc, [
    `Scores as of ${periodEndLabel(snapshot.period_end)}: the share of applicable controls that pass. The average across ${countOf(compliance.frameworks.length, "framework")} is `,
    bold(compliance.average_score === null ? "n/a" : formatPercent(compliance.average_score)),
    `. A framework is compliant at ${compliant}% or more, at risk from ${atRisk}%, and non-compliant below ${atRisk}%.`,
  ]);
  drawProgressRows(
    doc,
    compliance.frameworks.map((framework) => ({
      label: framework.name,
      value: framework.score,
      detail: `${COMPLIANCE_STATUS_LABELS[framework.status]}${framework.previous_score === null ? "" : `, ${formatSignedPercent(framework.score - framework.previous_score).replace("%", " pts")} since ${previous}`}`,
    })),
    { labelWidth: 170, valueFormat: (value) => formatPercent(value) },
  );
  drawHeading(doc, "Framework scores", { level: 2 });
  drawTable(doc, {
    columns: [
      {
        header: "Framework",
        width: 2.6,
        value: (row: (typeof compliance.frameworks)[number]) => row.name,
        style: () => ({ bold: true }),
      },
      { header: previous, width: 1.4, align: "right", value: (row) => percentOrNa(row.previous_score) },
      {
        header: period,
        width: 1.4,
        align: "right",
        value: (row) => formatPercent(row.score),
        style: (row) => ({ bold: true, color: scoreColor(row.score) }),
      },
      {
        header: "Change",
        width: 1.1,
        align: "right",
        value: (row) =>
          row.previous_score === null
            ? "n/a"
            : `${formatSignedPercent(row.score - row.previous_score).replace("%", "")} pts`,
      },
      {
        header: "Status",
        width: 1.5,
        value: (row) => COMPLIANCE_STATUS_LABELS[row.status],
        style: (row) => ({ badge: COMPLIANCE_STATUS_COLORS[row.status] }),
      },
    ],
    rows: compliance.frameworks,
  });
  const dates = [
    ...new Set(compliance.frameworks.flatMap((framework) => framework.trend.map((point) => point.date))),
  ].sort();
  if (dates.length > 1) {
    drawHeading(doc, "Twelve-month score trend", { level: 2 });
    placeChart(doc, 190, (box) =>
      drawLineChart(doc, box, {
        categories: dates.map((date) =>
          date.endsWith("-01") ? formatMonthShort(date) : formatShortDate(date),
        ),
        series: compliance.frameworks.map((framework, index) => ({
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
  drawNote(
    doc,
    "The compliance status report lists the failing and partially implemented controls behind these scores, with their owners.",
  );
}

function notableIncidentsPage(doc: Pdf, snapshot: Snapshot, period: string): void {
  const { incidents } = snapshot.data;
  startSection(doc, "Notable incidents", "Incidents");
  drawParagraph(
    doc,
    incidents.notable.length === 0
      ? `No critical or high severity incidents were opened in ${period}.`
      : `The ${countOf(incidents.notable.length, "critical or high severity incident", "critical and high severity incidents")} opened in ${period}, oldest first. Times to acknowledge and resolve are measured from the moment the incident was opened.`,
  );
  drawTable(doc, {
    columns: [
      {
        header: "Incident",
        width: 1.45,
        value: (row: (typeof incidents.notable)[number]) => row.external_id,
        noWrap: true,
        style: () => ({ bold: true }),
      },
      { header: "Title", width: 4, value: (row) => row.title },
      {
        header: "Severity",
        width: 1.1,
        value: (row) => SEVERITY_LABELS[row.severity],
        style: (row) => ({ badge: severityColor(row.severity) }),
      },
      {
        header: "Opened (UTC)",
        width: 1.55,
        value: (row) => formatDateTime(row.opened_at, false).replace(" UTC", ""),
        noWrap: true,
      },
      { header: "Ack", width: 0.95, align: "right", value: (row) => minutesOrNa(row.ack_minutes) },
      { header: "Resolve", width: 1.05, align: "right", value: (row) => hoursOrNa(row.resolve_hours) },
      { header: "Status", width: 1.2, value: (row) => INCIDENT_STATUS_LABELS[row.status] },
    ],
    rows: incidents.notable,
    fontSize: 7.8,
    emptyText: "No critical or high severity incidents in this period.",
  });
}

/** The appendix's definitions of the figures. */
export const DEFINITIONS: readonly { term: string; description: string }[] = [
  {
    term: "Incident",
    description:
      "A confirmed or suspected security event the SOC investigated, counted in the month it was opened.",
  },
  {
    term: "Severity",
    description:
      "Critical, high, medium or low, set by the analyst at triage from the potential business impact.",
  },
  {
    term: "Alert",
    description:
      "A detection rule match. Alerts are counted per day and rule; most are triaged automatically.",
  },
  { term: "Escalation rate", description: "Incidents opened per 100 alerts raised in the same period." },
  {
    term: "MTTR",
    description:
      "Mean time to resolve: the mean time from opening to resolution of the incidents resolved during the period, in hours.",
  },
  {
    term: "MTTA",
    description:
      "Mean time to acknowledge: the mean time from opening to an analyst's acknowledgement, over incidents acknowledged during the period, in minutes.",
  },
  {
    term: "Within target",
    description:
      "The share of those incidents acknowledged or resolved within the service-level target for their severity.",
  },
  {
    term: "Open at period end",
    description: "Incidents opened before the end of the period and not resolved by then.",
  },
  {
    term: "Compliance score",
    description: `Passing controls as a share of applicable controls, as last recorded on or before the end of the period. Compliant at ${compliant}% or more, at risk from ${atRisk}%, non-compliant below.`,
  },
  {
    term: "Changes",
    description:
      "Month-over-month changes compare with the previous calendar month; n/a when there is nothing to compare with.",
  },
];

function methodologyPage(doc: Pdf, snapshot: Snapshot): void {
  startSection(doc, "Methodology and definitions", "Appendix");
  drawParagraph(
    doc,
    `All figures come from a snapshot of the portal's data taken on ${formatDateTime(snapshot.generated_at)}. Periods are calendar months in UTC and include their first day and exclude the first day of the next month. The snapshot's SHA-256 in the footer identifies exactly which data this document was rendered from.`,
  );
  drawDefinitionList(doc, DEFINITIONS);
  drawHeading(doc, "About this report", { level: 2 });
  drawBulletList(doc, [
    `Prepared by ${snapshot.provider_name} for ${snapshot.tenant_name} (${snapshot.workspace_name}).`,
    `Document ID ${snapshot.report_id}.`,
    "Questions about an incident or a figure: contact your service delivery manager through the portal.",
  ]);
}

export function renderExecutiveMonthly(doc: Pdf, snapshot: Snapshot): void {
  const period = periodLabel(snapshot.period_start, snapshot.period_end);
  const previous = periodLabel(snapshot.data.previous_period.start, snapshot.data.previous_period.end);
  summaryPage(doc, snapshot, period, previous);
  incidentsPage(doc, snapshot, period, previous);
  sourcesPage(doc, snapshot, period, previous);
  alertsPage(doc, snapshot, period, previous);
  detectionsPage(doc, snapshot, period, previous);
  responsePage(doc, snapshot, period, previous);
  compliancePage(doc, snapshot, period, previous);
  notableIncidentsPage(doc, snapshot, period);
  methodologyPage(doc, snapshot);
}
