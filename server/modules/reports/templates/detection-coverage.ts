import { complianceBand, complianceThresholds } from "../../../../contracts/compliance-score";
import { drawProgressRows, drawStackedBarChart, placeChart } from "../../../pdf/charts";
import type { Pdf } from "../../../pdf/document";
import { formatDateTime, formatInteger, formatPercent } from "../../../pdf/format";
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
import { colors, scoreColor } from "../../../pdf/theme";
import type { DetectionCoverageData, SnapshotOf, TacticCoverage } from "../snapshot/snapshot";
import { countOf, periodLabel } from "./labels";

const { compliant, atRisk } = complianceThresholds;

/* Detection coverage: MITRE ATT&CK techniques with a detection, per tactic, the gaps, and what the period's incidents used. */

type Snapshot = SnapshotOf<"detection_coverage">;

const bold = (text: string): Run => ({ text, bold: true, color: colors.ink });

/** Short axis labels for the fourteen tactics. */
const TACTIC_ABBREVIATIONS: Record<string, string> = {
  Reconnaissance: "Recon",
  "Resource Development": "Resource Dev.",
  "Initial Access": "Initial Access",
  Execution: "Exec.",
  Persistence: "Persist.",
  "Privilege Escalation": "Priv. Esc.",
  "Defense Evasion": "Defense Evasion",
  "Credential Access": "Cred. Access",
  Discovery: "Discov.",
  "Lateral Movement": "Lateral Mvmt",
  Collection: "Collect.",
  "Command and Control": "C2",
  Exfiltration: "Exfil.",
  Impact: "Impact",
};

function strongestAndWeakest(tactics: readonly TacticCoverage[]): {
  strongest: TacticCoverage[];
  weakest: TacticCoverage[];
} {
  const sorted = [...tactics].sort((a, b) => b.coverage_pct - a.coverage_pct || b.techniques - a.techniques);
  const weakest = [...tactics].sort((a, b) => a.coverage_pct - b.coverage_pct || b.techniques - a.techniques);
  return { strongest: sorted.slice(0, 3), weakest: weakest.slice(0, 3) };
}

function summaryPage(doc: Pdf, snapshot: Snapshot, period: string): void {
  const data: DetectionCoverageData = snapshot.data;
  startSection(doc, `Detection coverage \u2014 ${period}`, "Overview");
  const { strongest, weakest } = strongestAndWeakest(data.tactics);
  const gaps = data.techniques_total - data.techniques_covered;
  if (data.techniques_total === 0) {
    drawParagraph(doc, `No MITRE ATT&CK techniques are tracked for ${snapshot.tenant_name} yet.`, {
      size: 10,
    });
  } else
    drawParagraph(
      doc,
      [
        "Detection rules cover ",
        bold(`${formatInteger(data.techniques_covered)} of ${formatInteger(data.techniques_total)}`),
        ` MITRE ATT&CK techniques tracked for ${snapshot.tenant_name}, an overall coverage of `,
        bold(formatPercent(data.coverage_pct)),
        `, with ${countOf(data.rules_total, "detection rule")} in production. `,
        strongest.length > 0
          ? `The best covered tactics are ${strongest.map((t) => `${t.tactic} (${formatPercent(t.coverage_pct)})`).join(", ")}; the least covered are ${weakest
              .map((t) => `${t.tactic} (${formatPercent(t.coverage_pct)})`)
              .join(", ")}. `
          : "",
        `${countOf(gaps, "technique")} ${gaps === 1 ? "has" : "have"} no detection yet and ${gaps === 1 ? "is" : "are"} listed as gaps at the end of this report.`,
      ],
      { size: 10, gapAfter: 14 },
    );
  drawStatTiles(
    doc,
    [
      {
        label: "Overall coverage",
        value: formatPercent(data.coverage_pct),
        detail: "of tracked techniques",
        accent: scoreColor(data.coverage_pct),
      },
      {
        label: "Techniques covered",
        value: `${formatInteger(data.techniques_covered)} / ${formatInteger(data.techniques_total)}`,
        detail: `${data.tactics.length} tactics`,
        accent: colors.muted,
      },
      {
        label: "Detection rules",
        value: formatInteger(data.rules_total),
        detail: "mapped to ATT&CK",
        accent: colors.muted,
      },
      { label: "Gaps", value: formatInteger(gaps), detail: "techniques without a rule", accent: colors.bad },
    ],
    { columns: 4 },
  );
  if (data.tactics.length === 0) {
    drawNote(doc, "No ATT&CK techniques are tracked for this workspace yet.");
    return;
  }
  drawHeading(doc, "Techniques covered per tactic", { level: 2 });
  placeChart(doc, 200, (box) =>
    drawStackedBarChart(doc, box, {
      categories: data.tactics.map((tactic) => TACTIC_ABBREVIATIONS[tactic.tactic] ?? tactic.tactic),
      series: [
        { name: "Covered", color: colors.accent, values: data.tactics.map((tactic) => tactic.covered) },
        {
          name: "Not covered",
          color: colors.rule,
          values: data.tactics.map((tactic) => tactic.techniques - tactic.covered),
        },
      ],
      showTotals: false,
    }),
  );
  drawNote(doc, "Tactics in ATT&CK kill-chain order, from reconnaissance to impact.");
  drawCallout(doc, "Key observations", observations(data));
}

function observations(data: DetectionCoverageData): string[] {
  const items: string[] = [];
  const seenGaps = data.observed.filter((row) => row.covered === false);
  items.push(
    data.observed.length === 0
      ? "No incident in this period was mapped to an ATT&CK technique."
      : seenGaps.length === 0
        ? `Every one of the ${countOf(data.observed.length, "technique")} used in this period's incidents is covered by a detection rule.`
        : `${countOf(seenGaps.length, "technique")} used in this period's incidents ${seenGaps.length === 1 ? "has" : "have"} no detection rule: ${seenGaps.map((row) => row.technique_id).join(", ")}.`,
  );
  const preCompromise = data.gaps.filter(
    (gap) => gap.tactic === "Reconnaissance" || gap.tactic === "Resource Development",
  ).length;
  if (data.gaps.length > 0) {
    items.push(
      `${preCompromise} of the ${countOf(data.gaps.length, "gap")} are pre-compromise techniques (reconnaissance, resource development), which mostly happen outside the monitored environment.`,
    );
  }
  const below = data.tactics.filter((tactic) => complianceBand(tactic.coverage_pct) === "non_compliant");
  if (below.length > 0) {
    items.push(
      `${countOf(below.length, "tactic")} ${below.length === 1 ? "is" : "are"} below ${atRisk}% coverage: ${below.map((tactic) => tactic.tactic).join(", ")}.`,
    );
  }
  if (data.techniques_covered > 0) {
    items.push(
      `Covered techniques have ${(data.rules_total / data.techniques_covered).toFixed(1)} detection rules each on average, so a single rule failing rarely leaves a technique blind.`,
    );
  }
  return items;
}

function tacticsPage(doc: Pdf, snapshot: Snapshot): void {
  startSection(doc, "Coverage by tactic", "ATT&CK");
  drawParagraph(
    doc,
    `The share of each tactic's tracked techniques with at least one detection rule. Bars are green from ${compliant}%, orange from ${atRisk}% and red below.`,
  );
  drawProgressRows(
    doc,
    snapshot.data.tactics.map((tactic) => ({
      label: `${tactic.tactic}${tactic.tactic_id ? ` (${tactic.tactic_id})` : ""}`,
      value: tactic.coverage_pct,
      detail: `${tactic.covered} of ${countOf(tactic.techniques, "technique")}, ${countOf(tactic.rules, "rule")}`,
    })),
    { labelWidth: 190, valueFormat: (value) => formatPercent(value) },
  );
}

function observedPage(doc: Pdf, snapshot: Snapshot, period: string): void {
  const { observed, incidents_in_period: incidents } = snapshot.data;
  startSection(doc, "Techniques seen in incidents", "Threat activity");
  const uncovered = observed.filter((row) => row.covered === false);
  drawParagraph(
    doc,
    observed.length === 0
      ? `No incidents with an ATT&CK mapping were opened in ${period}.`
      : `The ${countOf(incidents, "incident")} opened in ${period} used ${countOf(observed.length, "ATT&CK technique")}. ${
          uncovered.length === 0
            ? "Every one of them is covered by a detection rule."
            : `${countOf(uncovered.length, "technique")} among them ${uncovered.length === 1 ? "has" : "have"} no detection rule and should be prioritised.`
        }`,
  );
  drawTable(doc, {
    columns: [
      {
        header: "Technique",
        width: 1.1,
        value: (row: (typeof observed)[number]) => row.technique_id,
        noWrap: true,
        style: () => ({ bold: true }),
      },
      { header: "Name", width: 3.8, value: (row) => row.technique_name ?? "Not tracked" },
      { header: "Tactic", width: 1.9, value: (row) => row.tactic ?? "Unmapped" },
      { header: "Incidents", width: 1, align: "right", value: (row) => formatInteger(row.incidents) },
      {
        header: "Detection",
        width: 1.2,
        value: (row) => (row.covered === null ? "Not tracked" : row.covered ? "Covered" : "Gap"),
        style: (row) => ({
          badge: row.covered === null ? colors.faint : row.covered ? colors.good : colors.bad,
        }),
      },
    ],
    rows: observed,
    emptyText: "No incidents in this period.",
  });
}

function gapsPage(doc: Pdf, snapshot: Snapshot): void {
  const { gaps } = snapshot.data;
  startSection(doc, "Coverage gaps", "Roadmap");
  drawParagraph(
    doc,
    gaps.length === 0
      ? "Every tracked technique has at least one detection rule."
      : `The ${countOf(gaps.length, "technique")} below have no detection rule yet, in kill-chain order. Pre-compromise techniques (reconnaissance, resource development) happen outside the monitored environment and are mostly covered by threat intelligence rather than rules.`,
  );
  drawTable(doc, {
    columns: [
      {
        header: "Technique",
        width: 1.1,
        value: (row: (typeof gaps)[number]) => row.technique_id,
        noWrap: true,
        style: () => ({ bold: true }),
      },
      { header: "Name", width: 4.4, value: (row) => row.technique_name },
      { header: "Tactic", width: 2.2, value: (row) => row.tactic },
    ],
    rows: gaps,
    emptyText: "No gaps.",
  });
  drawHeading(doc, "Next steps", { level: 2, keepWithNext: 50 });
  drawBulletList(doc, [
    "Gaps among techniques seen in this period's incidents are scheduled first, then those in tactics below 75%.",
    "New rules are tested against recorded attack simulations before they go live, and then appear in this report.",
  ]);
  drawHeading(doc, "Methodology", { level: 2, keepWithNext: 50 });
  drawDefinitionList(doc, [
    {
      term: "Covered",
      description:
        "A technique with at least one detection rule in production mapped to it. Coverage is the current state, not an average over the period.",
    },
    {
      term: "Incidents",
      description: "Incidents opened during the period, by the ATT&CK technique the analyst mapped them to.",
    },
    { term: "Snapshot", description: `Data as of ${formatDateTime(snapshot.generated_at)}.` },
  ]);
}

export function renderDetectionCoverage(doc: Pdf, snapshot: Snapshot): void {
  const period = periodLabel(snapshot.period_start, snapshot.period_end);
  summaryPage(doc, snapshot, period);
  tacticsPage(doc, snapshot);
  observedPage(doc, snapshot, period);
  gapsPage(doc, snapshot);
}
