import { type SnapshotOf, snapshotSha256 } from "../server/modules/reports/snapshot/snapshot";
import {
  ALERT_SEVERITY_LABELS,
  DEFINITIONS,
  SEVERITIES,
  takeaways,
} from "../server/modules/reports/templates/executive-monthly";
import {
  COMPLIANCE_STATUS_LABELS,
  changeCell,
  changeText,
  countOf,
  hoursOrNa,
  INCIDENT_STATUS_LABELS,
  minutesOrNa,
  movement,
  percentOrNa,
  periodEndLabel,
  periodLabel,
  REPORT_TYPE_LABELS,
  SEVERITY_LABELS,
  tileChangeText,
} from "../server/modules/reports/templates/labels";
import {
  formatDateTime,
  formatDayMonth,
  formatDecimal,
  formatInteger,
  formatMonthShort,
  formatPercent,
  formatPeriod,
  formatShortDate,
  formatSignedPercent,
} from "../server/pdf/format";
import { colors, severityColors } from "../server/pdf/theme";

/*
 * The executive report as an HTML page for headless Chromium to print, for the PDF benchmark: the same sections in
 * the same order with the same figures, tables (every row), charts (as SVG), key takeaways and definitions, and a
 * running header and footer with "Page N of M". The figures and several texts come from the same helpers as the
 * pdfkit version; the benchmark prints both documents' word counts so the two can be compared.
 */

type Snapshot = SnapshotOf<"executive_monthly">;

const ALERT_SEVERITIES = ["critical", "high", "medium", "low", "info"] as const;

const esc = (value: unknown) => String(value ?? "").replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
const na = (value: number | null, format: (v: number) => string) => (value === null ? "n/a" : format(value));

function table(headers: string[], rows: unknown[][], numericFrom = 1): string {
  const cell = (tag: string, value: unknown, index: number) =>
    `<${tag}${index >= numericFrom ? ' class="n"' : ""}>${esc(value)}</${tag}>`;
  return `<table><thead><tr>${headers.map((h, i) => cell("th", h, i)).join("")}</tr></thead><tbody>${rows
    .map((row) => `<tr>${row.map((value, i) => cell("td", value, i)).join("")}</tr>`)
    .join("")}</tbody></table>`;
}

function badge(label: string, color: string): string {
  return `<span class="badge" style="background:${color}">${esc(label.toUpperCase())}</span>`;
}

function tiles(items: { label: string; value: string; detail: string }[]): string {
  return `<div class="tiles">${items
    .map(
      (t) =>
        `<div class="tile"><small>${esc(t.label)}</small><b>${esc(t.value)}</b><span>${esc(t.detail)}</span></div>`,
    )
    .join("")}</div>`;
}

function axis(width: number, height: number, max: number): string {
  return [0, 0.25, 0.5, 0.75, 1]
    .map((f) => {
      const y = height - f * height;
      return `<line x1="30" x2="${width}" y1="${y}" y2="${y}" stroke="#e2e8f0"/><text x="24" y="${y + 3}" font-size="8" text-anchor="end">${Math.round(max * f)}</text>`;
    })
    .join("");
}

/** A row of colour keys under a chart of `height`, `spacing` apart. */
function legend(series: { name: string; color: string }[], height: number, spacing: number): string {
  return series
    .map(
      (s, j) =>
        `<rect x="${34 + j * spacing}" y="${height + 20}" width="8" height="8" fill="${s.color}"/><text x="${46 + j * spacing}" y="${height + 28}" font-size="8">${esc(s.name)}</text>`,
    )
    .join("");
}

/** Grouped or stacked vertical bars with category labels, a value axis and a legend. */
function barChart(
  categories: string[],
  series: { name: string; color: string; values: number[] }[],
  stacked: boolean,
  height = 170,
): string {
  const width = 504;
  const totals = categories.map((_, i) => series.reduce((sum, s) => sum + (s.values[i] ?? 0), 0));
  const max = Math.max(1, ...(stacked ? totals : series.flatMap((s) => s.values)));
  const step = (width - 34) / categories.length;
  const bars = categories
    .map((label, i) => {
      let top = height;
      const x0 = 34 + i * step;
      const parts = series
        .map((s, j) => {
          const h = ((s.values[i] ?? 0) / max) * height;
          if (stacked) {
            top -= h;
            return `<rect x="${x0 + step * 0.15}" y="${top}" width="${step * 0.7}" height="${h}" fill="${s.color}"/>`;
          }
          const w = (step * 0.8) / series.length;
          return `<rect x="${x0 + step * 0.1 + j * w}" y="${height - h}" width="${w - 2}" height="${h}" fill="${s.color}"/><text x="${x0 + step * 0.1 + j * w + w / 2}" y="${height - h - 3}" font-size="8" text-anchor="middle">${s.values[i] ?? 0}</text>`;
        })
        .join("");
      const total = stacked
        ? `<text x="${x0 + step / 2}" y="${top - 3}" font-size="8" text-anchor="middle">${totals[i]}</text>`
        : "";
      return `${parts}${total}<text x="${x0 + step / 2}" y="${height + 12}" font-size="8" text-anchor="middle">${esc(label)}</text>`;
    })
    .join("");
  return `<svg width="${width}" height="${height + 46}" xmlns="http://www.w3.org/2000/svg"><g transform="translate(0 12)">${axis(width, height, max)}${bars}${legend(series, height, 90)}</g></svg>`;
}

function horizontalBars(
  rows: { label: string; value: number; valueLabel?: string; color?: string }[],
): string {
  const max = Math.max(1, ...rows.map((r) => r.value));
  return `<div class="hbars">${rows
    .map(
      (r) =>
        `<div><span class="l">${esc(r.label)}</span><span class="bar" style="width:${(r.value / max) * 45}%;background:${r.color ?? colors.accent}"></span><span>${esc(r.valueLabel ?? formatInteger(r.value))}</span></div>`,
    )
    .join("")}</div>`;
}

function lineChart(
  series: { name: string; color: string; values: number[] }[],
  labels: string[],
  height = 150,
): string {
  const width = 504;
  const max = 100;
  const step = (width - 40) / Math.max(1, labels.length - 1);
  const lines = series
    .map((s) => {
      const points = s.values.map((v, i) => `${34 + i * step},${height - (v / max) * height}`).join(" ");
      return `<polyline points="${points}" fill="none" stroke="${s.color}" stroke-width="1.6"/>`;
    })
    .join("");
  const ticks = labels
    .map(
      (label, i) =>
        `<text x="${34 + i * step}" y="${height + 12}" font-size="8" text-anchor="middle">${esc(label)}</text>`,
    )
    .join("");
  return `<svg width="${width}" height="${height + 46}" xmlns="http://www.w3.org/2000/svg"><g transform="translate(0 12)">${axis(width, height, max)}${lines}${ticks}${legend(series, height, 150)}</g></svg>`;
}

function progress(rows: { label: string; value: number; detail: string; color: string }[]): string {
  return rows
    .map(
      (r) =>
        `<div class="progress"><span class="l">${esc(r.label)}</span><span class="track"><span style="width:${Math.min(100, r.value)}%;background:${r.color}"></span></span><b>${formatPercent(r.value)}</b><small>${esc(r.detail)}</small></div>`,
    )
    .join("");
}

function section(kicker: string, title: string, body: string): string {
  return `<section><div class="kicker">${esc(kicker.toUpperCase())}</div><h1>${esc(title)}</h1>${body}</section>`;
}

const paragraph = (text: string) => `<p>${text}</p>`;
const note = (text: string) => `<p class="note">${esc(text)}</p>`;
const heading = (text: string) => `<h2>${esc(text)}</h2>`;

/** The HTML page and the header/footer templates Chromium prints on every page. */
export function executiveHtml(snapshot: Snapshot): {
  html: string;
  headerTemplate: string;
  footerTemplate: string;
} {
  const { incidents, alerts, response, compliance, deltas } = snapshot.data;
  const period = periodLabel(snapshot.period_start, snapshot.period_end);
  const previous = periodLabel(snapshot.data.previous_period.start, snapshot.data.previous_period.end);
  const criticalHigh = incidents.by_severity.critical + incidents.by_severity.high;
  const sha = snapshotSha256(snapshot);
  const b = (text: string) => `<b>${esc(text)}</b>`;

  const cover = `<section class="cover"><div class="band"><div class="provider">${esc(snapshot.provider_name.toUpperCase())}</div>
    <div class="type">${esc(REPORT_TYPE_LABELS.executive_monthly.toUpperCase())}</div><div class="title">${esc(snapshot.title)}</div>
    <div class="tenant">${esc(snapshot.tenant_name)}</div></div>
    <div class="fields">${[
      ["Prepared for", snapshot.tenant_name],
      ["Prepared by", snapshot.provider_name],
      ["Reporting period (UTC)", formatPeriod(snapshot.period_start, snapshot.period_end)],
      ["Workspace", snapshot.workspace_name],
      ["Generated", formatDateTime(snapshot.generated_at)],
      ["Document ID", snapshot.report_id],
    ]
      .map(
        ([label, value]) => `<div><small>${esc(label?.toUpperCase())}</small><div>${esc(value)}</div></div>`,
      )
      .join("")}</div><small>DATA SNAPSHOT SHA-256</small><div>${sha}</div>
    <p class="note">Confidential. Prepared by ${esc(snapshot.provider_name)} for ${esc(snapshot.tenant_name)}. The figures in this report were taken from a snapshot of the portal's data at the generation time above; the snapshot's SHA-256 is printed in every page footer, and the portal's verification page confirms whether it issued this document.</p></section>`;

  const summary = section(
    "Overview",
    `Executive summary \u2014 ${period}`,
    paragraph(
      `In ${period}, the SOC recorded ${b(countOf(incidents.total, "incident"))} (${esc(changeText(deltas.incidents_pct, previous))}), of which ${b(formatInteger(criticalHigh))} were rated critical or high. ` +
        `The ${countOf(response.resolved, "incident")} resolved during the month took a mean of ${b(hoursOrNa(response.mttr_hours))} to resolve (MTTR, ${esc(changeText(deltas.mttr_pct, previous))}), and incidents were acknowledged in ${b(minutesOrNa(response.mtta_minutes))} on average. ` +
        `Monitoring processed ${b(countOf(alerts.total, "alert"))} (${esc(changeText(deltas.alerts_pct, previous))}), an average of ${formatDecimal(alerts.daily_average)} per day; ${na(alerts.escalation_rate_pct, (v) => formatDecimal(v, 2))} in every 100 alerts became an incident. ` +
        `${b(countOf(incidents.open_at_period_end, "incident"))} still open on ${esc(periodEndLabel(snapshot.period_end))}. Across ${countOf(compliance.frameworks.length, "compliance framework")}, the average score was ${b(percentOrNa(compliance.average_score))}.`,
    ) +
      tiles([
        {
          label: "Incidents",
          value: formatInteger(incidents.total),
          detail: tileChangeText(deltas.incidents_pct, previous),
        },
        {
          label: "Critical + high",
          value: formatInteger(criticalHigh),
          detail: `${incidents.by_severity.critical} critical \u00b7 ${incidents.by_severity.high} high`,
        },
        {
          label: "MTTR",
          value: hoursOrNa(response.mttr_hours),
          detail: tileChangeText(deltas.mttr_pct, previous),
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
        },
        {
          label: "Open at period end",
          value: formatInteger(incidents.open_at_period_end),
          detail: `${incidents.open_at_period_end_by_severity.critical + incidents.open_at_period_end_by_severity.high} critical or high`,
        },
        {
          label: "Escalation rate",
          value: na(alerts.escalation_rate_pct, (v) => `${formatDecimal(v, 2)}%`),
          detail: "incidents per 100 alerts",
        },
        {
          label: "Compliance (average)",
          value: percentOrNa(compliance.average_score),
          detail: countOf(compliance.frameworks.length, "framework"),
        },
      ]) +
      `<div class="callout"><h3>Key takeaways</h3><ul>${takeaways(snapshot, period, previous)
        .map((item) => `<li>${esc(item)}</li>`)
        .join("")}</ul></div>` +
      heading(`Month over month: ${previous} vs ${period}`) +
      table(
        ["Metric", previous, period, "Change"],
        [
          [
            "Incidents",
            formatInteger(incidents.previous_total),
            formatInteger(incidents.total),
            changeCell(incidents.total, incidents.previous_total),
          ],
          [
            "Critical and high incidents",
            formatInteger(incidents.previous_by_severity.critical + incidents.previous_by_severity.high),
            formatInteger(criticalHigh),
            changeCell(
              criticalHigh,
              incidents.previous_by_severity.critical + incidents.previous_by_severity.high,
            ),
          ],
          [
            "Alerts",
            formatInteger(alerts.previous_total),
            formatInteger(alerts.total),
            changeCell(alerts.total, alerts.previous_total),
          ],
          [
            "Incidents per 100 alerts",
            alerts.previous_total === 0
              ? "n/a"
              : formatDecimal((100 * incidents.previous_total) / alerts.previous_total, 2),
            na(alerts.escalation_rate_pct, (v) => formatDecimal(v, 2)),
            "n/a",
          ],
          [
            "Mean time to resolve",
            hoursOrNa(response.previous_mttr_hours),
            hoursOrNa(response.mttr_hours),
            changeCell(response.mttr_hours, response.previous_mttr_hours),
          ],
          [
            "Mean time to acknowledge",
            minutesOrNa(response.previous_mtta_minutes),
            minutesOrNa(response.mtta_minutes),
            changeCell(response.mtta_minutes, response.previous_mtta_minutes),
          ],
          ["Average compliance score", "n/a", percentOrNa(compliance.average_score), "n/a"],
        ],
      ),
  );

  const incidentsSection = section(
    "Incidents",
    "Incident analysis",
    paragraph(
      `The SOC opened ${b(countOf(incidents.total, "incident"))} in ${period}, ${movement(deltas.incidents_pct)} on ${previous} (${formatInteger(incidents.previous_total)}). Critical: ${incidents.by_severity.critical}, high: ${incidents.by_severity.high}, medium: ${incidents.by_severity.medium}, low: ${incidents.by_severity.low}.`,
    ) +
      heading("Incidents by severity") +
      barChart(
        SEVERITIES.map((s) => SEVERITY_LABELS[s]),
        [
          {
            name: previous,
            color: colors.faint,
            values: SEVERITIES.map((s) => incidents.previous_by_severity[s]),
          },
          { name: period, color: colors.accent, values: SEVERITIES.map((s) => incidents.by_severity[s]) },
        ],
        false,
      ) +
      heading("Twelve-month incident trend") +
      barChart(
        incidents.monthly.map((m) => formatMonthShort(`${m.month}-01`)),
        [...SEVERITIES].reverse().map((s) => ({
          name: SEVERITY_LABELS[s],
          color: severityColors[s],
          values: incidents.monthly.map((m) => m.by_severity[s]),
        })),
        true,
      ) +
      note(
        `Incidents opened per calendar month (UTC), stacked by severity. Twelve-month average: ${formatDecimal(incidents.monthly.reduce((sum, m) => sum + m.total, 0) / Math.max(1, incidents.monthly.length))} per month.`,
      ),
  );

  const sources = section(
    "Incidents",
    "Where incidents came from",
    paragraph(
      `Each incident is mapped to the MITRE ATT&amp;CK tactic of the behaviour that triggered it, and to the detection that raised it. The breakdowns below cover the ${countOf(incidents.total, "incident")} opened in ${period}.`,
    ) +
      heading("By ATT&CK tactic") +
      horizontalBars(incidents.by_tactic.slice(0, 10).map((r) => ({ label: r.tactic, value: r.count }))) +
      heading("By detection") +
      horizontalBars(
        incidents.top_detections.map((r) => ({ label: r.detection, value: r.count, color: colors.heading })),
      ) +
      heading("Severity breakdown") +
      table(
        ["Severity", previous, period, "Change", "Share", `Open on ${periodEndLabel(snapshot.period_end)}`],
        SEVERITIES.map((s) => [
          SEVERITY_LABELS[s],
          formatInteger(incidents.previous_by_severity[s]),
          formatInteger(incidents.by_severity[s]),
          changeCell(incidents.by_severity[s], incidents.previous_by_severity[s]),
          incidents.total === 0 ? "n/a" : formatPercent((100 * incidents.by_severity[s]) / incidents.total),
          formatInteger(incidents.open_at_period_end_by_severity[s]),
        ]),
      ),
  );

  const highCritical = alerts.by_severity.high + alerts.by_severity.critical;
  const alertsSection = section(
    "Alerts",
    "Alert trends",
    paragraph(
      `Detection rules raised ${b(countOf(alerts.total, "alert"))} in ${period} (${esc(changeText(deltas.alerts_pct, previous))}). Most alerts are informational or low severity and are triaged automatically; the SOC investigates the rest and opens an incident when the activity is confirmed or needs the customer's action.`,
    ) +
      tiles([
        {
          label: "Alerts",
          value: formatInteger(alerts.total),
          detail: tileChangeText(deltas.alerts_pct, previous),
        },
        { label: "Daily average", value: formatDecimal(alerts.daily_average), detail: "alerts per day" },
        {
          label: "Peak day",
          value: alerts.peak_day ? formatInteger(alerts.peak_day.total) : "n/a",
          detail: alerts.peak_day ? formatDayMonth(alerts.peak_day.day) : "",
        },
        {
          label: "High + critical alerts",
          value: formatInteger(highCritical),
          detail: alerts.total === 0 ? "" : `${formatPercent((100 * highCritical) / alerts.total)} of alerts`,
        },
      ]) +
      heading("Alerts per day by severity") +
      barChart(
        alerts.daily.map((d) => String(Number(d.day.slice(8, 10)))),
        [...ALERT_SEVERITIES].reverse().map((s) => ({
          name: ALERT_SEVERITY_LABELS[s],
          color: severityColors[s],
          values: alerts.daily.map((d) => d.by_severity[s]),
        })),
        true,
        190,
      ) +
      note(`Alerts raised per day of ${period} (UTC), stacked by severity.`) +
      heading("Alerts by severity") +
      table(
        ["Severity", previous, period, "Change", "Share"],
        ALERT_SEVERITIES.map((s) => [
          ALERT_SEVERITY_LABELS[s],
          formatInteger(alerts.previous_by_severity[s]),
          formatInteger(alerts.by_severity[s]),
          changeCell(alerts.by_severity[s], alerts.previous_by_severity[s]),
          alerts.total === 0 ? "n/a" : formatPercent((100 * alerts.by_severity[s]) / alerts.total),
        ]),
      ),
  );

  const top = alerts.top_detections;
  const topShare = top.slice(0, 3).reduce((sum, r) => sum + r.count, 0);
  const detections = section(
    "Alerts",
    "Top detections",
    paragraph(
      `The ten busiest detection rules in ${period}. The top three account for ${formatPercent((100 * topShare) / Math.max(1, alerts.total))} of all alerts; rules whose volume grew sharply are reviewed for tuning each month.`,
    ) +
      horizontalBars(
        top.map((r, i) => ({
          label: r.detection,
          value: r.count,
          color: i < 3 ? colors.accent : colors.heading,
          valueLabel: `${formatInteger(r.count)} (${formatPercent((100 * r.count) / Math.max(1, alerts.total))})`,
        })),
      ) +
      heading("Detection volume compared with the previous period") +
      `<table><thead><tr><th>Detection</th><th>Severity</th><th class="n">${esc(previous)}</th><th class="n">${esc(period)}</th><th class="n">Change</th></tr></thead><tbody>${top
        .map(
          (r) =>
            `<tr><td>${esc(r.detection)}</td><td>${badge(ALERT_SEVERITY_LABELS[r.severity], r.severity === "info" ? colors.faint : severityColors[r.severity])}</td><td class="n">${formatInteger(r.previous_count)}</td><td class="n"><b>${formatInteger(r.count)}</b></td><td class="n">${changeCell(r.count, r.previous_count)}</td></tr>`,
        )
        .join("")}</tbody></table>`,
  );

  const responseSection = section(
    "Service levels",
    "Response performance",
    paragraph(
      `Mean time to resolve (MTTR) measures open-to-resolution time for incidents resolved during the period; mean time to acknowledge (MTTA) measures the time until an analyst took ownership. ${b(`MTTR was ${hoursOrNa(response.mttr_hours)} (${changeText(deltas.mttr_pct, previous)}) and MTTA ${minutesOrNa(response.mtta_minutes)} (${changeText(deltas.mtta_pct, previous)}).`)}`,
    ) +
      tiles([
        {
          label: "MTTR",
          value: hoursOrNa(response.mttr_hours),
          detail: tileChangeText(deltas.mttr_pct, previous),
        },
        {
          label: "MTTA",
          value: minutesOrNa(response.mtta_minutes),
          detail: tileChangeText(deltas.mtta_pct, previous),
        },
        {
          label: "Resolved",
          value: formatInteger(response.resolved),
          detail: `of ${countOf(response.resolved, "resolved incident")}`,
        },
        {
          label: "Acknowledged",
          value: formatInteger(response.by_severity.reduce((sum, r) => sum + r.acknowledged, 0)),
          detail: "incidents",
        },
      ]) +
      heading("Against the service-level targets") +
      table(
        ["Severity", "Acknowledged", "MTTA", "Target", "Within", "Resolved", "MTTR", "Target", "Within"],
        response.by_severity.map((r) => [
          SEVERITY_LABELS[r.severity],
          formatInteger(r.acknowledged),
          minutesOrNa(r.mtta_minutes),
          `${formatInteger(r.ack_target_minutes)} min`,
          percentOrNa(r.ack_within_pct),
          formatInteger(r.resolved),
          hoursOrNa(r.mttr_hours),
          `${formatInteger(r.resolve_target_hours)} h`,
          percentOrNa(r.resolve_within_pct),
        ]),
      ) +
      heading("Mean time to resolve vs target (hours)") +
      barChart(
        response.by_severity.map((r) => SEVERITY_LABELS[r.severity]),
        [
          {
            name: `MTTR, ${period}`,
            color: colors.accent,
            values: response.by_severity.map((r) => r.mttr_hours ?? 0),
          },
          {
            name: "Target",
            color: colors.faint,
            values: response.by_severity.map((r) => r.resolve_target_hours),
          },
        ],
        false,
        130,
      ) +
      heading("Share resolved within target") +
      progress(
        response.by_severity.map((r) => ({
          label: SEVERITY_LABELS[r.severity],
          value: r.resolve_within_pct ?? 0,
          detail: `${countOf(r.resolved, "incident")}, target ${formatInteger(r.resolve_target_hours)} h`,
          color: severityColors[r.severity],
        })),
      ),
  );

  const trendLabels = (compliance.frameworks[0]?.trend ?? []).map((t) => formatMonthShort(t.date));
  const complianceSection = section(
    "Compliance",
    "Compliance posture",
    paragraph(
      `Scores as of ${esc(periodEndLabel(snapshot.period_end))}: the share of applicable controls that pass. The average across ${countOf(compliance.frameworks.length, "framework")} is ${b(percentOrNa(compliance.average_score))}.`,
    ) +
      progress(
        compliance.frameworks.map((f) => ({
          label: f.name,
          value: f.score,
          detail: `${COMPLIANCE_STATUS_LABELS[f.status]}${f.previous_score === null ? "" : `, ${formatSignedPercent(f.score - f.previous_score).replace("%", " pts")} since ${previous}`}`,
          color: colors.accent,
        })),
      ) +
      heading("Framework scores") +
      table(
        ["Framework", previous, period, "Change", "Status"],
        compliance.frameworks.map((f) => [
          f.name,
          percentOrNa(f.previous_score),
          formatPercent(f.score),
          f.previous_score === null
            ? "n/a"
            : `${formatSignedPercent(f.score - f.previous_score).replace("%", "")} pts`,
          COMPLIANCE_STATUS_LABELS[f.status],
        ]),
      ) +
      heading("Twelve-month score trend") +
      lineChart(
        compliance.frameworks.map((f, i) => ({
          name: f.name,
          color: [colors.accent, colors.heading, colors.faint][i % 3] ?? colors.accent,
          values: f.trend.map((t) => t.score),
        })),
        trendLabels,
      ) +
      note(
        "The compliance status report lists the failing and partially implemented controls behind these scores, with their owners.",
      ),
  );

  const notable = section(
    "Incidents",
    "Notable incidents",
    paragraph(
      incidents.notable.length === 0
        ? `No critical or high severity incidents were opened in ${period}.`
        : `The ${countOf(incidents.notable.length, "critical or high severity incident", "critical and high severity incidents")} opened in ${period}, oldest first. Times to acknowledge and resolve are shown once the step has happened.`,
    ) +
      `<table><thead><tr><th>Incident</th><th>Title</th><th>Severity</th><th>Opened (UTC)</th><th class="n">Ack</th><th class="n">Resolve</th><th>Status</th></tr></thead><tbody>${incidents.notable
        .map(
          (n) =>
            `<tr><td>${esc(n.external_id)}</td><td>${esc(n.title)}<br><small>${esc(n.detection)}</small></td><td>${badge(SEVERITY_LABELS[n.severity], severityColors[n.severity])}</td><td>${esc(formatShortDate(n.opened_at))}</td><td class="n">${minutesOrNa(n.ack_minutes)}</td><td class="n">${hoursOrNa(n.resolve_hours)}</td><td>${esc(INCIDENT_STATUS_LABELS[n.status])}</td></tr>`,
        )
        .join("")}</tbody></table>`,
  );

  const methodology = section(
    "Appendix",
    "Methodology and definitions",
    paragraph(
      `All figures come from a snapshot of the portal's data taken on ${esc(formatDateTime(snapshot.generated_at))}. Periods are calendar months in UTC and include their first day and exclude the first day of the next month. The snapshot's SHA-256 in the footer identifies exactly which data this document was rendered from.`,
    ) +
      `<dl>${DEFINITIONS.map((d) => `<dt>${esc(d.term)}</dt><dd>${esc(d.description)}</dd>`).join("")}</dl>` +
      heading("About this report") +
      `<ul><li>Prepared by ${esc(snapshot.provider_name)} for ${esc(snapshot.tenant_name)} (${esc(snapshot.workspace_name)}).</li><li>Document ID ${esc(snapshot.report_id)}.</li><li>Questions about an incident or a figure: contact your service delivery manager through the portal.</li></ul>`,
  );

  const html = `<!doctype html><html><head><meta charset="utf-8"><style>
  @page{size:Letter;margin:74px 54px 72px 54px} @page:first{margin:0}
  body{font-family:Helvetica,Arial,sans-serif;color:${colors.text};font-size:9.5px;line-height:1.35;margin:0}
  section{break-before:page} section.cover{break-before:auto}
  .band{background:${colors.ink};color:#fff;padding:64px 54px 40px;height:214px;border-bottom:5px solid ${colors.accent}}
  .provider{color:${colors.accentLight};font-weight:bold;letter-spacing:1.6px}.type{margin-top:60px;font-size:9px;letter-spacing:1.2px;color:${colors.faint}}
  .title{font-size:25px;font-weight:bold}.tenant{font-size:13px;color:#e2e8f0}
  .cover .fields{display:grid;grid-template-columns:1fr 1fr;gap:20px 24px;padding:44px 54px 20px}.cover>small,.cover>div:not(.band):not(.fields),.cover .note{margin:0 54px}
  .kicker{color:${colors.accent};font-weight:bold;font-size:7.5px;letter-spacing:1px}
  h1{font-size:20px;color:${colors.heading};margin:2px 0 14px;border-bottom:2.5px solid ${colors.accent};display:inline-block;padding-bottom:4px}
  h2{font-size:12.5px;color:${colors.heading};margin:14px 0 6px;break-after:avoid} h3{font-size:10px;margin:0 0 4px}
  p{margin:0 0 10px} .note{color:${colors.muted};font-size:8px}
  .tiles{display:grid;grid-template-columns:repeat(4,1fr);gap:8px;margin:8px 0 14px}
  .tile{border:1px solid ${colors.rule};border-left:3px solid ${colors.accent};padding:6px 8px}.tile small{display:block;font-size:6.5px;letter-spacing:.6px;text-transform:uppercase;color:${colors.muted}}
  .tile b{display:block;font-size:17px;color:${colors.ink}}.tile span{font-size:7.5px;color:${colors.muted}}
  .callout{background:${colors.panel};border-left:3px solid ${colors.accent};padding:8px 12px;margin:0 0 12px}
  table{border-collapse:collapse;width:100%;font-size:8.2px;margin-bottom:14px} thead{display:table-header-group} tr{break-inside:avoid}
  th{background:${colors.panel};text-align:left;font-size:6.8px;letter-spacing:.4px;text-transform:uppercase;color:${colors.muted};border-bottom:1px solid ${colors.rule}}
  th,td{padding:4.5px 5px} td{border-bottom:.5px solid ${colors.grid}} tbody tr:nth-child(even){background:${colors.zebra}} .n{text-align:right}
  .badge{color:#fff;border-radius:3px;padding:1px 5px;font-size:6.6px;font-weight:bold;letter-spacing:.3px}
  .hbars div{display:flex;align-items:center;gap:6px;height:17px}.hbars .l{width:190px;text-align:right;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}.hbars .bar{height:10px;display:inline-block}
  .progress{display:flex;align-items:center;gap:8px;margin:4px 0}.progress .l{width:130px}.track{flex:1;height:7px;background:${colors.grid};display:inline-block}.track span{display:block;height:7px}
  dl{display:grid;grid-template-columns:130px 1fr;gap:6px 12px} dt{font-weight:bold;color:${colors.ink}} dd{margin:0}
  </style></head><body>${cover}${summary}${incidentsSection}${sources}${alertsSection}${detections}${responseSection}${complianceSection}${notable}${methodology}</body></html>`;

  const small = "font-family:Helvetica,Arial,sans-serif;font-size:7px;color:#64748b;width:100%;margin:0 54px";
  const headerTemplate = `<div style="${small};display:flex;justify-content:space-between;border-bottom:.5px solid #e2e8f0;padding-bottom:4px"><b style="color:#1e293b">${esc(snapshot.title)}</b><span>${esc(snapshot.tenant_name)}</span></div>`;
  const footerTemplate = `<div style="${small};border-top:.5px solid #e2e8f0;padding-top:6px;display:flex;justify-content:space-between"><div>Document ${esc(snapshot.report_id)}<br>Data SHA-256: ${sha}</div><div style="text-align:right"><b>Page <span class="pageNumber"></span> of <span class="totalPages"></span></b><br>Confidential</div></div>`;
  return { html, headerTemplate, footerTemplate };
}
