import { drawBarChart, drawProgressRows, drawStackedBarChart, placeChart } from "../../../pdf/charts";
import type { Pdf } from "../../../pdf/document";
import {
  formatDateTime,
  formatDecimal,
  formatInteger,
  formatMonthShort,
  formatPercent,
  formatPeriod,
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
import { colors, scoreColor } from "../../../pdf/theme";
import type { DurationStats, SlaSeverityRow, SnapshotOf } from "../snapshot/snapshot";
import {
  countOf,
  INCIDENT_STATUS_LABELS,
  percentOrNa,
  periodLabel,
  SEVERITY_LABELS,
  severityColor,
} from "./labels";

/* SLA performance: time to acknowledge and to resolve per severity against the tenant's targets, and the breaches. */

type Snapshot = SnapshotOf<"sla_performance">;

const bold = (text: string): Run => ({ text, bold: true, color: colors.ink });

function stat(stats: DurationStats | null, pick: keyof DurationStats): string {
  return stats === null ? "n/a" : formatDecimal(stats[pick]);
}

function withinStyle(value: number | null) {
  return { bold: true, color: value === null ? colors.muted : scoreColor(value) };
}

function summaryPage(doc: Pdf, snapshot: Snapshot, period: string): void {
  const { totals, by_severity: bySeverity, monthly } = snapshot.data;
  startSection(doc, `SLA performance \u2014 ${period}`, "Overview");
  const runs: Run[] = [
    `In ${period} (${formatPeriod(snapshot.period_start, snapshot.period_end)}), the SOC handled `,
    bold(countOf(totals.incidents, "incident")),
    ". ",
  ];
  if (totals.incidents > 0) {
    runs.push(
      bold(percentOrNa(totals.ack_within_pct)),
      " were acknowledged within their target and ",
      bold(percentOrNa(totals.resolve_within_pct)),
      " resolved within their target; ",
      bold(countOf(totals.breached_incidents, "incident")),
      ` missed at least one target (${countOf(totals.ack_breaches, "acknowledgement")} and ${countOf(totals.resolve_breaches, "resolution")} out of time).`,
    );
  }
  drawParagraph(doc, runs, { size: 10, gapAfter: 14 });
  drawStatTiles(
    doc,
    [
      { label: "Incidents", value: formatInteger(totals.incidents), detail: `opened in ${period}` },
      {
        label: "Acknowledged in time",
        value: percentOrNa(totals.ack_within_pct),
        detail: `${countOf(totals.ack_breaches, "breach", "breaches")}`,
        accent: totals.ack_within_pct === null ? colors.muted : scoreColor(totals.ack_within_pct),
      },
      {
        label: "Resolved in time",
        value: percentOrNa(totals.resolve_within_pct),
        detail: `${countOf(totals.resolve_breaches, "breach", "breaches")}`,
        accent: totals.resolve_within_pct === null ? colors.muted : scoreColor(totals.resolve_within_pct),
      },
      {
        label: "Incidents with a breach",
        value: formatInteger(totals.breached_incidents),
        detail:
          totals.incidents === 0
            ? ""
            : `${formatPercent((100 * totals.breached_incidents) / totals.incidents)} of incidents`,
        accent: colors.muted,
      },
    ],
    { columns: 4 },
  );
  drawHeading(doc, "Targets and results by severity", { level: 2 });
  drawTable(doc, {
    columns: [
      {
        header: "Severity",
        width: 1.3,
        value: (row: SlaSeverityRow) => SEVERITY_LABELS[row.severity],
        style: (row) => ({ badge: severityColor(row.severity) }),
      },
      { header: "Incidents", width: 1, align: "right", value: (row) => formatInteger(row.incidents) },
      {
        header: "Acknowledge within",
        width: 1.5,
        align: "right",
        value: (row) => `${formatInteger(row.ack_target_minutes)} min`,
      },
      {
        header: "Met",
        width: 1,
        align: "right",
        value: (row) => percentOrNa(row.ack_within_pct),
        style: (row) => withinStyle(row.ack_within_pct),
      },
      {
        header: "Resolve within",
        width: 1.4,
        align: "right",
        value: (row) => `${formatInteger(row.resolve_target_hours)} h`,
      },
      {
        header: "Met",
        width: 1,
        align: "right",
        value: (row) => percentOrNa(row.resolve_within_pct),
        style: (row) => withinStyle(row.resolve_within_pct),
      },
      {
        header: "Breaches",
        width: 1,
        align: "right",
        value: (row) => formatInteger(row.ack_breaches + row.resolve_breaches),
      },
    ],
    rows: bySeverity,
  });
  if (monthly.length > 1) {
    drawHeading(doc, "Incidents and breaches by month", { level: 2 });
    placeChart(doc, 170, (box) =>
      drawStackedBarChart(doc, box, {
        categories: monthly.map((month) => formatMonthShort(`${month.month}-01`)),
        series: [
          {
            name: "Within all targets",
            color: colors.rule,
            values: monthly.map((month) => month.incidents - month.breached_incidents),
          },
          {
            name: "Missed a target",
            color: colors.bad,
            values: monthly.map((month) => month.breached_incidents),
          },
        ],
        showTotals: true,
      }),
    );
    drawTable(doc, {
      columns: [
        {
          header: "Month",
          width: 2,
          value: (row: (typeof monthly)[number]) => formatMonthShort(`${row.month}-01`),
        },
        { header: "Incidents", width: 1, align: "right", value: (row) => formatInteger(row.incidents) },
        {
          header: "Acknowledged in time",
          width: 1.6,
          align: "right",
          value: (row) => percentOrNa(row.ack_within_pct),
          style: (row) => withinStyle(row.ack_within_pct),
        },
        {
          header: "Resolved in time",
          width: 1.6,
          align: "right",
          value: (row) => percentOrNa(row.resolve_within_pct),
          style: (row) => withinStyle(row.resolve_within_pct),
        },
        {
          header: "With a breach",
          width: 1.3,
          align: "right",
          value: (row) => formatInteger(row.breached_incidents),
        },
      ],
      rows: monthly,
    });
  }
}

function timingPage(doc: Pdf, snapshot: Snapshot, kind: "ack" | "resolve"): void {
  const rows = snapshot.data.by_severity;
  const isAck = kind === "ack";
  startSection(doc, isAck ? "Time to acknowledge" : "Time to resolve", "Response times");
  drawParagraph(
    doc,
    isAck
      ? "Time to acknowledge runs from the moment an incident is opened until an analyst takes ownership of it. Mean, median and 90th percentile are in minutes; the 90th percentile shows how long the slowest tenth of acknowledgements took."
      : "Time to resolve runs from the moment an incident is opened until it is contained and closed. Mean, median and 90th percentile are in hours, over the incidents resolved so far.",
  );
  drawTable(doc, {
    columns: [
      {
        header: "Severity",
        width: 1.3,
        value: (row: SlaSeverityRow) => SEVERITY_LABELS[row.severity],
        style: (row) => ({ badge: severityColor(row.severity) }),
      },
      { header: "Incidents", width: 1, align: "right", value: (row) => formatInteger(row.incidents) },
      {
        header: isAck ? "Acknowledged" : "Resolved",
        width: 1.5,
        align: "right",
        value: (row) => formatInteger(isAck ? row.acknowledged : row.resolved),
      },
      {
        header: "Mean",
        width: 0.9,
        align: "right",
        value: (row) => stat(isAck ? row.ack_minutes : row.resolve_hours, "mean"),
      },
      {
        header: "Median",
        width: 0.9,
        align: "right",
        value: (row) => stat(isAck ? row.ack_minutes : row.resolve_hours, "median"),
      },
      {
        header: "P90",
        width: 0.9,
        align: "right",
        value: (row) => stat(isAck ? row.ack_minutes : row.resolve_hours, "p90"),
      },
      {
        header: "Target",
        width: 0.95,
        align: "right",
        value: (row) =>
          isAck
            ? `${formatInteger(row.ack_target_minutes)} min`
            : `${formatInteger(row.resolve_target_hours)} h`,
      },
      {
        header: "Within target",
        width: 1.1,
        align: "right",
        value: (row) => percentOrNa(isAck ? row.ack_within_pct : row.resolve_within_pct),
        style: (row) => withinStyle(isAck ? row.ack_within_pct : row.resolve_within_pct),
      },
      {
        header: "Breaches",
        width: 1,
        align: "right",
        value: (row) => formatInteger(isAck ? row.ack_breaches : row.resolve_breaches),
      },
    ],
    rows,
  });
  drawNote(doc, isAck ? "Times in minutes." : "Times in hours.");
  drawHeading(doc, "Within target", { level: 2, keepWithNext: 40 });
  drawProgressRows(
    doc,
    rows.map((row) => {
      const value = isAck ? row.ack_within_pct : row.resolve_within_pct;
      return {
        label: SEVERITY_LABELS[row.severity],
        value: value ?? 0,
        valueLabel: value === null ? "n/a" : formatPercent(value),
        detail: isAck
          ? `target ${formatInteger(row.ack_target_minutes)} min, median ${stat(row.ack_minutes, "median")} min`
          : `target ${formatInteger(row.resolve_target_hours)} h, median ${stat(row.resolve_hours, "median")} h`,
      };
    }),
    { labelWidth: 170 },
  );
  drawHeading(
    doc,
    isAck
      ? "Median and 90th percentile as a share of the target"
      : "Median and 90th percentile as a share of the target",
    {
      level: 2,
    },
  );
  placeChart(doc, 160, (box) =>
    drawBarChart(doc, box, {
      categories: rows.map((row) => SEVERITY_LABELS[row.severity]),
      series: [
        {
          name: "Median",
          color: colors.heading,
          values: rows.map((row) => {
            const stats = isAck ? row.ack_minutes : row.resolve_hours;
            const target = isAck ? row.ack_target_minutes : row.resolve_target_hours;
            return stats === null ? 0 : Math.round((1000 * stats.median) / target) / 10;
          }),
        },
        {
          name: "90th percentile",
          color: colors.accent,
          values: rows.map((row) => {
            const stats = isAck ? row.ack_minutes : row.resolve_hours;
            const target = isAck ? row.ack_target_minutes : row.resolve_target_hours;
            return stats === null ? 0 : Math.round((1000 * stats.p90) / target) / 10;
          }),
        },
      ],
      valueFormat: (value) => `${formatDecimal(value, 0)}%`,
      showValues: true,
    }),
  );
  drawNote(
    doc,
    "100% is the target. A median above 100% means more than half of the incidents took longer than the target; a 90th percentile above 100%, more than one in ten.",
  );
}

function breachesPage(doc: Pdf, snapshot: Snapshot, period: string): void {
  const { breaches } = snapshot.data;
  startSection(doc, "Breaches", "Details");
  drawParagraph(
    doc,
    breaches.length === 0
      ? `Every incident opened in ${period} was acknowledged and resolved within its target.`
      : `The ${countOf(breaches.length, "incident")} opened in ${period} that missed a target, most severe first. Measured times are shown against the target; red marks the step that was late, and "still open" means the step had not happened when this report was generated.`,
  );
  drawTable(doc, {
    columns: [
      {
        header: "Incident",
        width: 1.45,
        value: (row: (typeof breaches)[number]) => row.external_id,
        noWrap: true,
        style: () => ({ bold: true }),
      },
      { header: "Title", width: 3.6, value: (row) => row.title },
      {
        header: "Severity",
        width: 1.1,
        value: (row) => SEVERITY_LABELS[row.severity],
        style: (row) => ({ badge: severityColor(row.severity) }),
      },
      {
        header: "Opened (UTC)",
        width: 1.5,
        value: (row) => formatDateTime(row.opened_at, false).replace(" UTC", ""),
        noWrap: true,
      },
      {
        header: "Ack (min)",
        width: 1.25,
        align: "right",
        value: (row) => `${formatDecimal(row.ack_minutes ?? 0)} / ${formatInteger(row.ack_target_minutes)}`,
        style: (row) => (row.missed === "resolve" ? undefined : { color: colors.bad, bold: true }),
      },
      {
        header: "Resolve (h)",
        width: 1.25,
        align: "right",
        value: (row) =>
          `${formatDecimal(row.resolve_hours ?? 0)} / ${formatInteger(row.resolve_target_hours)}`,
        style: (row) => (row.missed === "acknowledge" ? undefined : { color: colors.bad, bold: true }),
      },
      {
        header: "Status",
        width: 1.1,
        value: (row) => (row.still_open ? "Still open" : INCIDENT_STATUS_LABELS[row.status]),
      },
    ],
    rows: breaches,
    fontSize: 7.8,
    emptyText: "No breaches in this period.",
  });
}

function methodology(doc: Pdf, snapshot: Snapshot): void {
  drawHeading(doc, "Methodology", { level: 1, kicker: "Appendix", keepWithNext: 120 });
  drawDefinitionList(doc, [
    {
      term: "Population",
      description: "Incidents opened during the period (UTC), whenever they were acknowledged or resolved.",
    },
    {
      term: "Time to acknowledge",
      description:
        "From opening to the first analyst acknowledgement. An incident resolved without a separate acknowledgement counts as acknowledged at resolution.",
    },
    { term: "Time to resolve", description: "From opening to resolution." },
    {
      term: "Within target",
      description:
        "Met targets as a share of met plus missed ones. An incident that has not reached a step yet counts as missed once its target has passed, and is left out while it is still within its target.",
    },
    {
      term: "Median, P90",
      description:
        "The 50th and 90th percentiles, interpolated linearly between the nearest measured values.",
    },
    {
      term: "Targets",
      description: `The service-level targets agreed with ${snapshot.tenant_name}: ${(
        ["critical", "high", "medium", "low"] as const
      )
        .map(
          (severity) =>
            `${severity} ${formatInteger(snapshot.data.targets[severity].ack_minutes)} min to acknowledge and ${formatInteger(snapshot.data.targets[severity].resolve_hours)} h to resolve`,
        )
        .join("; ")}.`,
    },
    { term: "Snapshot", description: `Data as of ${formatDateTime(snapshot.generated_at)}.` },
  ]);
}

export function renderSlaPerformance(doc: Pdf, snapshot: Snapshot): void {
  const period = periodLabel(snapshot.period_start, snapshot.period_end);
  summaryPage(doc, snapshot, period);
  timingPage(doc, snapshot, "ack");
  timingPage(doc, snapshot, "resolve");
  breachesPage(doc, snapshot, period);
  methodology(doc, snapshot);
}
