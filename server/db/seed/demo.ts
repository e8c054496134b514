import { createHash, randomUUID } from "node:crypto";
import type { Insertable } from "kysely";
import type pg from "pg";
import { roundStoredScore, scoreOfControls } from "../../../contracts/compliance-score";
import { type ScopedTransaction, withScope } from "../scope";
import type { DB, ReportType, Severity } from "../types";
import {
  ALERT_DETECTIONS,
  ATTACK_TECHNIQUES,
  FRAMEWORKS,
  type FrameworkKey,
  INCIDENT_TYPES,
  type IncidentContext,
} from "./demo-content";
import {
  advisoryWorkspaces,
  type EngagementDef,
  type EngagementTextContext,
  engagements,
  proposals,
} from "./demo-engagements";
import { DEMO_ENTRA_TENANT_IDS, DEMO_ISSUER, demoUsers } from "./demo-users";

/*
 * `portcullis seed-demo`: a believable provider with two customer tenants, generated deterministically
 * from a seeded PRNG so every run produces the same data apart from the dates, which are all relative to `now`.
 * Everything is built in memory first, then written in one system-scoped transaction with multi-row inserts.
 */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const CHUNK = 500;

// ---------------------------------------------------------------------------------------------------------------
// Deterministic randomness

/** mulberry32: a tiny, fast 32-bit PRNG; good enough for demo data, not for anything secret. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** FNV-1a: one independent stream per label, so changing one part of the demo does not reshuffle the rest. */
function hashLabel(label: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < label.length; i++) {
    hash ^= label.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

class Random {
  private readonly next: () => number;

  constructor(label: string) {
    this.next = mulberry32(hashLabel(`portcullis-demo:${label}`));
  }

  float(): number {
    return this.next();
  }

  between(min: number, max: number): number {
    return min + (max - min) * this.next();
  }

  /** Integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new Error("Random.pick: empty list");
    return item;
  }

  /** Index chosen with the given relative weights. */
  weighted(weights: readonly number[]): number {
    const total = weights.reduce((sum, weight) => sum + weight, 0);
    let target = this.next() * total;
    for (let i = 0; i < weights.length; i++) {
      target -= weights[i] ?? 0;
      if (target < 0) return i;
    }
    return weights.length - 1;
  }

  /** Standard normal (Box–Muller). */
  normal(): number {
    const u = Math.max(this.next(), 1e-12);
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }

  logNormal(median: number, sigma: number): number {
    return median * Math.exp(sigma * this.normal());
  }

  poisson(lambda: number): number {
    if (lambda <= 0) return 0;
    if (lambda > 30) return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * this.normal()));
    const limit = Math.exp(-lambda);
    let k = 0;
    let p = this.next();
    while (p > limit) {
      k++;
      p *= this.next();
    }
    return k;
  }

  shuffle<T>(items: readonly T[]): T[] {
    const copy = [...items];
    for (let i = copy.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      const a = copy[i] as T;
      copy[i] = copy[j] as T;
      copy[j] = a;
    }
    return copy;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Dates (all UTC)

const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
] as const;

function dateOnly(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function startOfDay(date: Date): Date {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
}

/** First day of the month `offset` months from `date`'s month (Date.UTC normalises negative months). */
function monthStart(date: Date, offset = 0): Date {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + offset, 1));
}

function quarterStart(date: Date, offset = 0): Date {
  const quarter = Math.floor(date.getUTCMonth() / 3);
  return new Date(Date.UTC(date.getUTCFullYear(), (quarter + offset) * 3, 1));
}

function quarterLabel(date: Date): string {
  return `Q${Math.floor(date.getUTCMonth() / 3) + 1} ${date.getUTCFullYear()}`;
}

function longDate(date: Date): string {
  return `${MONTHS[date.getUTCMonth()]} ${date.getUTCDate()}, ${date.getUTCFullYear()}`;
}

function minDate(a: Date, b: Date): Date {
  return a.getTime() <= b.getTime() ? a : b;
}

// ---------------------------------------------------------------------------------------------------------------
// The customer tenants

interface FrameworkPlan {
  key: FrameworkKey;
  /** Control counts by status; the score follows: passing / (all − not_applicable). */
  passing: number;
  failing: number;
  partial: number;
  notApplicable: number;
  /** Score twelve months ago, where the history trend starts. */
  startScore: number;
}

interface CustomerTenantDef {
  slug: string;
  name: string;
  domain: string;
  entraTenantId: string;
  requireMfa: boolean;
  soc: { name: string; description: string };
  incidentsPerMonth: number;
  alertScale: number;
  coverageBias: number;
  detectionCoverageReports: number;
  frameworks: readonly FrameworkPlan[];
  controlOwners: readonly string[];
  people: readonly string[];
  hostPrefix: string;
  servers: readonly string[];
}

export const DEMO_TENANT_SLUGS = ["northwind", "contoso"] as const;

const customerTenants: readonly CustomerTenantDef[] = [
  {
    slug: "northwind",
    name: "Northwind Health Systems",
    domain: "northwindhealth.org",
    entraTenantId: DEMO_ENTRA_TENANT_IDS.northwind,
    requireMfa: false,
    soc: {
      name: "Managed SOC",
      description:
        "24×7 managed detection and response for Northwind's three hospitals, 27 clinics and corporate network.",
    },
    incidentsPerMonth: 42,
    alertScale: 1,
    coverageBias: 1.1,
    detectionCoverageReports: 4,
    frameworks: [
      { key: "nist-800-53", passing: 29, failing: 3, partial: 2, notApplicable: 2, startScore: 74.4 },
      { key: "cmmc-l2", passing: 22, failing: 5, partial: 4, notApplicable: 1, startScore: 52.3 },
      { key: "soc2", passing: 22, failing: 0, partial: 1, notApplicable: 1, startScore: 86.9 },
    ],
    controlOwners: [
      "Priya Raman (IT Compliance)",
      "Tom Becker (Infrastructure)",
      "Aisha Mensah (Identity & Access)",
      "Greg Lindqvist (Research Computing)",
      "Sandra Ortiz (Clinical Applications)",
    ],
    people: [
      "a.patel",
      "j.harper",
      "m.oconnor",
      "s.nguyen",
      "r.castillo",
      "k.lindgren",
      "d.brooks",
      "l.fischer",
    ],
    hostPrefix: "NWH",
    servers: [
      "NWH-DC01",
      "NWH-DC02",
      "NWH-FS-RIDGE01",
      "NWH-SQL07",
      "NWH-EHR-APP03",
      "NWH-CTX02",
      "NWH-PACS01",
    ],
  },
  {
    slug: "contoso",
    name: "Contoso Federal Credit Union",
    domain: "contosofcu.org",
    entraTenantId: DEMO_ENTRA_TENANT_IDS.contoso,
    requireMfa: false,
    soc: {
      name: "Managed SOC",
      description:
        "24×7 monitoring of Contoso's 14 branches, core banking integrations and Microsoft 365 tenant.",
    },
    incidentsPerMonth: 28,
    alertScale: 0.62,
    coverageBias: 0.95,
    detectionCoverageReports: 2,
    frameworks: [
      { key: "soc2", passing: 23, failing: 1, partial: 0, notApplicable: 2, startScore: 88.4 },
      { key: "iso-27001", passing: 27, failing: 2, partial: 2, notApplicable: 3, startScore: 76.2 },
      { key: "nist-800-53", passing: 26, failing: 1, partial: 1, notApplicable: 2, startScore: 84 },
    ],
    controlOwners: [
      "Maria Gonzalez (Information Security)",
      "Kevin Tran (Network Operations)",
      "Rachel Kim (Vendor Management)",
      "Omar Haddad (IT Operations)",
    ],
    people: ["c.miller", "p.santos", "e.ward", "h.kowalski", "n.ibrahim", "g.russo", "v.chen", "o.bennett"],
    hostPrefix: "CFCU",
    servers: ["CFCU-DC01", "CFCU-DC02", "CFCU-FS01", "CFCU-CORE-GW01", "CFCU-SQL02", "CFCU-ADFS01"],
  },
];

const SIGN_IN_ORIGINS = [
  "Lagos, NG",
  "Bucharest, RO",
  "São Paulo, BR",
  "Hanoi, VN",
  "Amsterdam, NL",
  "Singapore, SG",
  "Istanbul, TR",
  "Frankfurt, DE",
];

// ---------------------------------------------------------------------------------------------------------------
// The generated rows

type Rows<T extends keyof DB> = Insertable<DB[T]>[];

export interface DemoData {
  tenants: Rows<"tenants">;
  workspaces: Rows<"workspaces">;
  users: Rows<"users">;
  workspace_memberships: Rows<"workspace_memberships">;
  compliance_frameworks: Rows<"compliance_frameworks">;
  compliance_controls: Rows<"compliance_controls">;
  compliance_score_history: Rows<"compliance_score_history">;
  incidents: Rows<"incidents">;
  alert_daily_counts: Rows<"alert_daily_counts">;
  detection_coverage: Rows<"detection_coverage">;
  engagements: Rows<"engagements">;
  engagement_phases: Rows<"engagement_phases">;
  engagement_milestones: Rows<"engagement_milestones">;
  engagement_updates: Rows<"engagement_updates">;
  findings: Rows<"findings">;
  reports: Rows<"reports">;
  proposals: Rows<"proposals">;
  proposal_signers: Rows<"proposal_signers">;
  client_tokens: Rows<"client_tokens">;
}

/** Rows inserted per table. */
export type SeedSummary = { [Table in keyof DemoData]: number };

interface Scope {
  tenantId: string;
  workspaceId: string;
}

function generateIncidents(def: CustomerTenantDef, scope: Scope, now: Date, from: Date): Rows<"incidents"> {
  const rng = new Random(`${def.slug}:incidents`);
  const weights = INCIDENT_TYPES.map((type) => type.weight);
  const severities: readonly Severity[] = ["critical", "high", "medium", "low"];
  const ackMedianMinutes: Record<Severity, number> = { critical: 6, high: 13, medium: 42, low: 170 };
  const resolveMedianHours: Record<Severity, number> = { critical: 2.4, high: 8.5, medium: 24, low: 55 };
  const rows: Rows<"incidents"> = [];
  const span = now.getTime() - from.getTime();
  const dayOfYear = (from.getTime() - Date.UTC(from.getUTCFullYear(), 0, 1)) / DAY;
  const sequence = new Map<number, number>([
    [from.getUTCFullYear(), Math.round((dayOfYear * def.incidentsPerMonth * 12) / 365) + rng.int(0, 25)],
  ]);

  for (let day = from.getTime(); day <= now.getTime(); day += DAY) {
    const weekday = new Date(day).getUTCDay();
    const weekend = weekday === 0 || weekday === 6;
    const progress = (day - from.getTime()) / span;
    // Tuning makes the SOC a little quieter over the year; weekends see fewer user-driven incidents.
    const lambda = ((def.incidentsPerMonth * 12) / 365) * (weekend ? 0.55 : 1.18) * (1.1 - 0.2 * progress);
    const count = rng.poisson(lambda);
    const times: number[] = [];
    for (let i = 0; i < count; i++) {
      // Mostly US business hours (UTC−5…−8), some at any time.
      const hour = rng.chance(0.7) ? rng.between(13, 23.5) : rng.between(0, 24);
      times.push(day + hour * HOUR);
    }
    times.sort((a, b) => a - b);
    for (const openedMs of times) {
      if (openedMs >= now.getTime()) continue;
      const type = INCIDENT_TYPES[rng.weighted(weights)];
      if (!type) continue;
      const severity = severities[rng.weighted(type.severities)] ?? "medium";
      const opened = new Date(openedMs);
      const ackMinutes = Math.max(1, rng.logNormal(ackMedianMinutes[severity], 0.55));
      const acknowledged = new Date(openedMs + ackMinutes * MINUTE);
      const resolveHours = Math.max(ackMinutes / 60 + 0.25, rng.logNormal(resolveMedianHours[severity], 0.6));
      const resolved = new Date(openedMs + resolveHours * HOUR);
      const recent = now.getTime() - openedMs < 21 * DAY;
      const context: IncidentContext = {
        user: `${rng.pick(def.people)}@${def.domain}`,
        host: `${def.hostPrefix}-${rng.chance(0.6) ? "LT" : "WS"}-${rng.int(1000, 4999)}`,
        server: rng.pick(def.servers),
        country: rng.pick(SIGN_IN_ORIGINS),
        ip: `${rng.pick(["203.0.113", "192.0.2"])}.${rng.int(2, 254)}`,
      };
      const year = opened.getUTCFullYear();
      const number = (sequence.get(year) ?? 0) + 1;
      sequence.set(year, number);

      let status: "open" | "acknowledged" | "resolved" = "resolved";
      if (acknowledged.getTime() > now.getTime()) status = "open";
      else if (resolved.getTime() > now.getTime() || (recent && rng.chance(0.1))) status = "acknowledged";
      rows.push({
        id: randomUUID(),
        tenant_id: scope.tenantId,
        workspace_id: scope.workspaceId,
        external_id: `INC-${year}-${String(number).padStart(4, "0")}`,
        title: type.title(context),
        severity,
        status,
        detection: type.detection,
        mitre_tactic: type.tactic,
        mitre_technique: type.technique,
        opened_at: opened,
        acknowledged_at: status === "open" ? null : acknowledged,
        resolved_at: status === "resolved" ? resolved : null,
      });
    }
  }

  // Always leave something on the board: the newest two untriaged, and a few recent ones under investigation.
  const ensure = (wanted: "open" | "acknowledged", count: number) => {
    let have = rows.filter((row) => row.status === wanted).length;
    for (let i = rows.length - 1; i >= 0 && have < count; i--) {
      const row = rows[i];
      if (row?.status !== "resolved") continue;
      // Nobody leaves a critical or high incident untriaged: only medium and low ones wait in the queue.
      if (wanted === "open" && (row.severity === "critical" || row.severity === "high")) continue;
      if (wanted === "open") {
        row.status = "open";
        row.acknowledged_at = null;
      } else {
        row.status = "acknowledged";
      }
      row.resolved_at = null;
      have++;
    }
  };
  ensure("open", 2);
  ensure("acknowledged", 3);
  return rows;
}

function generateAlerts(
  def: CustomerTenantDef,
  scope: Scope,
  now: Date,
  from: Date,
): Rows<"alert_daily_counts"> {
  const rng = new Random(`${def.slug}:alerts`);
  const rows: Rows<"alert_daily_counts"> = [];
  const today = startOfDay(now).getTime();
  const span = today - from.getTime() || 1;
  const phases = ALERT_DETECTIONS.map(() => rng.float());
  for (let day = from.getTime(); day <= today; day += DAY) {
    const weekday = new Date(day).getUTCDay();
    const weekend = weekday === 0 || weekday === 6;
    const progress = (day - from.getTime()) / span;
    const index = (day - from.getTime()) / DAY;
    const partOfDay = day === today ? (now.getTime() - today) / DAY : 1;
    ALERT_DETECTIONS.forEach((detection, d) => {
      let mean =
        detection.perDay *
        def.alertScale *
        (weekend ? detection.weekend : 1) *
        (0.9 + 0.22 * progress) *
        (1 + 0.12 * Math.sin(2 * Math.PI * (index / 91 + (phases[d] ?? 0)))) *
        partOfDay;
      // Now and then a campaign (a phishing wave, a spray) triples a detection for a day.
      if (rng.chance(0.012)) mean *= rng.between(2.5, 4.5);
      const count =
        mean < 4 ? rng.poisson(mean) : Math.max(0, Math.round(mean * Math.exp(0.18 * rng.normal())));
      rows.push({
        id: randomUUID(),
        tenant_id: scope.tenantId,
        workspace_id: scope.workspaceId,
        day: dateOnly(new Date(day)),
        detection: detection.name,
        severity: detection.severity,
        count,
      });
    });
  }
  return rows;
}

function generateCoverage(def: CustomerTenantDef, scope: Scope): Rows<"detection_coverage"> {
  const rng = new Random(`${def.slug}:coverage`);
  const incidentTechniques = new Set(INCIDENT_TYPES.map((type) => type.technique));
  return ATTACK_TECHNIQUES.map((technique) => {
    const forced = incidentTechniques.has(technique.id);
    const covered = forced || rng.chance(Math.min(1, technique.detectability * def.coverageBias));
    return {
      id: randomUUID(),
      tenant_id: scope.tenantId,
      workspace_id: scope.workspaceId,
      tactic: technique.tactic,
      technique_id: technique.id,
      technique_name: technique.name,
      is_covered: covered,
      rule_count: covered ? (forced ? rng.int(2, 7) : rng.int(1, 4)) : 0,
    };
  });
}

function generateCompliance(
  def: CustomerTenantDef,
  scope: Scope,
  now: Date,
  data: Pick<DemoData, "compliance_frameworks" | "compliance_controls" | "compliance_score_history">,
): void {
  for (const plan of def.frameworks) {
    const rng = new Random(`${def.slug}:compliance:${plan.key}`);
    const framework = FRAMEWORKS[plan.key];
    const applicable = plan.passing + plan.failing + plan.partial;
    const total = applicable + plan.notApplicable;
    const candidates = framework.controls.filter((control) => control.naCandidate);
    const others = framework.controls.filter((control) => !control.naCandidate);
    const notApplicable = rng.shuffle(candidates).slice(0, plan.notApplicable);
    if (notApplicable.length < plan.notApplicable || others.length < applicable) {
      throw new Error(`demo seed: the ${plan.key} catalogue is too small for ${def.slug}'s plan`);
    }
    const inScope = rng.shuffle(others).slice(0, applicable);
    const statusOf = new Map<string, "passing" | "failing" | "partial" | "not_applicable">();
    for (const control of notApplicable) statusOf.set(control.ref, "not_applicable");
    inScope.forEach((control, i) => {
      statusOf.set(
        control.ref,
        i < plan.failing ? "failing" : i < plan.failing + plan.partial ? "partial" : "passing",
      );
    });
    const score = scoreOfControls(plan.passing, applicable);
    const frameworkId = randomUUID();
    data.compliance_frameworks.push({
      id: frameworkId,
      tenant_id: scope.tenantId,
      workspace_id: scope.workspaceId,
      key: plan.key,
      name: framework.name,
      score,
      updated_at: new Date(now.getTime() - rng.between(2, 20) * HOUR),
    });
    let owners = rng.shuffle(def.controlOwners);
    for (const control of framework.controls) {
      const status = statusOf.get(control.ref);
      if (!status) continue;
      let owner: string | null = null;
      if (status === "failing" || status === "partial") {
        if (owners.length === 0) owners = rng.shuffle(def.controlOwners);
        owner = owners.pop() ?? null;
      }
      data.compliance_controls.push({
        id: randomUUID(),
        tenant_id: scope.tenantId,
        workspace_id: scope.workspaceId,
        framework_id: frameworkId,
        ref: control.ref,
        title: control.title,
        family: control.family,
        status,
        owner,
        last_assessed_at: new Date(now.getTime() - rng.between(1, 28) * DAY),
      });
    }
    if (statusOf.size !== total) throw new Error(`demo seed: duplicate control refs in ${plan.key}`);

    // Monthly snapshots on the first of each of the last eleven months, then today's (the current score).
    for (let back = 11; back >= 1; back--) {
      const progress = (11 - back) / 11;
      const trend = plan.startScore + (score - plan.startScore) * progress ** 0.85;
      data.compliance_score_history.push({
        id: randomUUID(),
        tenant_id: scope.tenantId,
        workspace_id: scope.workspaceId,
        framework_id: frameworkId,
        recorded_on: dateOnly(monthStart(now, -back)),
        score: roundStoredScore(Math.min(100, Math.max(0, trend + rng.normal() * 1.1))),
      });
    }
    data.compliance_score_history.push({
      id: randomUUID(),
      tenant_id: scope.tenantId,
      workspace_id: scope.workspaceId,
      framework_id: frameworkId,
      recorded_on: dateOnly(now),
      score,
    });
  }
}

function socReports(def: CustomerTenantDef, scope: Scope, now: Date): Rows<"reports"> {
  const rng = new Random(`${def.slug}:reports`);
  const rows: Rows<"reports"> = [];
  const latest = new Date(now.getTime() - 5 * MINUTE);
  const add = (reportType: ReportType, title: string, start: Date, end: Date) => {
    rows.push({
      id: randomUUID(),
      tenant_id: scope.tenantId,
      workspace_id: scope.workspaceId,
      report_type: reportType,
      title,
      period_start: start,
      period_end: end,
      status: "generating",
      engagement_id: null,
      created_at: minDate(new Date(end.getTime() + rng.between(2, 6) * HOUR), latest),
    });
  };
  for (let back = 12; back >= 1; back--) {
    const start = monthStart(now, -back);
    add(
      "executive_monthly",
      `Executive Summary — ${MONTHS[start.getUTCMonth()]} ${start.getUTCFullYear()}`,
      start,
      monthStart(now, -back + 1),
    );
  }
  for (let back = 4; back >= 1; back--) {
    const start = quarterStart(now, -back);
    const end = quarterStart(now, -back + 1);
    add("sla_performance", `SLA Performance — ${quarterLabel(start)}`, start, end);
    add("compliance_status", `Compliance Status — ${quarterLabel(start)}`, start, end);
    if (back <= def.detectionCoverageReports) {
      add("detection_coverage", `Detection Coverage — ${quarterLabel(start)}`, start, end);
    }
  }
  return rows;
}

function textContext(start: Date, end: Date): EngagementTextContext {
  return { start, end, date: longDate, quarter: quarterLabel };
}

function render(
  text: string | ((c: EngagementTextContext) => string),
  context: EngagementTextContext,
): string {
  return typeof text === "string" ? text : text(context);
}

function generateEngagement(
  def: EngagementDef,
  scope: Scope,
  now: Date,
  authors: { analyst: string | null; admin: string | null },
  data: DemoData,
): void {
  const rng = new Random(`engagement:${def.key}`);
  const today = startOfDay(now);
  const start = new Date(today.getTime() + def.startDay * DAY);
  const end = new Date(start.getTime() + def.durationDays * DAY);
  const context = textContext(start, end);
  const latest = new Date(now.getTime() - 30 * MINUTE);
  const at = (day: number, fromHour: number, toHour: number) =>
    minDate(new Date(start.getTime() + day * DAY + rng.between(fromHour, toHour) * HOUR), latest);
  const engagementId = randomUUID();
  const updateTimes = def.updates.map((update) => at(update.day, 14, 22));
  // Created ten days before the start, or before the first update if it was posted earlier (planned engagements).
  const createdAt = updateTimes.reduce(
    (earliest, time) => minDate(earliest, new Date(time.getTime() - 2 * HOUR)),
    minDate(new Date(start.getTime() - 10 * DAY), latest),
  );
  const updatedAt = updateTimes.reduce(
    (newest, time) => (time.getTime() > newest.getTime() ? time : newest),
    createdAt,
  );
  const updates: Rows<"engagement_updates"> = def.updates.map((update, i) => ({
    id: randomUUID(),
    tenant_id: scope.tenantId,
    workspace_id: scope.workspaceId,
    engagement_id: engagementId,
    author_id: update.author === "admin" ? authors.admin : authors.analyst,
    body: render(update.body, context),
    is_internal: update.internal ?? false,
    created_at: updateTimes[i] ?? createdAt,
  }));

  data.engagements.push({
    id: engagementId,
    tenant_id: scope.tenantId,
    workspace_id: scope.workspaceId,
    name: render(def.name, context),
    status: def.status,
    summary: render(def.summary, context),
    internal_notes: def.internalNotes,
    starts_on: dateOnly(start),
    ends_on: dateOnly(end),
    created_at: createdAt,
    updated_at: updatedAt,
  });

  def.phases.forEach((phase, phaseIndex) => {
    const phaseId = randomUUID();
    data.engagement_phases.push({
      id: phaseId,
      tenant_id: scope.tenantId,
      workspace_id: scope.workspaceId,
      engagement_id: engagementId,
      name: phase.name,
      position: phaseIndex + 1,
    });
    phase.milestones.forEach((milestone, milestoneIndex) => {
      data.engagement_milestones.push({
        id: randomUUID(),
        tenant_id: scope.tenantId,
        workspace_id: scope.workspaceId,
        engagement_id: engagementId,
        phase_id: phaseId,
        title: milestone.title,
        status: milestone.status,
        due_on: dateOnly(new Date(start.getTime() + milestone.dueDay * DAY)),
        completed_at: milestone.status === "done" ? at(milestone.dueDay - rng.int(0, 2), 15, 23) : null,
        position: milestoneIndex + 1,
      });
    });
  });
  data.engagement_updates.push(...updates);

  const elapsedDays = Math.min(def.durationDays, -def.startDay);
  const firstDay = def.durationDays * 0.3;
  const lastDay = Math.max(firstDay, Math.min(def.durationDays * 0.85, elapsedDays - 1));
  def.findings.forEach((finding, i) => {
    const day = firstDay + ((lastDay - firstDay) * i) / Math.max(1, def.findings.length - 1);
    data.findings.push({
      id: randomUUID(),
      tenant_id: scope.tenantId,
      workspace_id: scope.workspaceId,
      engagement_id: engagementId,
      ref: `F-${String(i + 1).padStart(2, "0")}`,
      title: finding.title,
      severity: finding.severity,
      status: finding.status,
      description: finding.description,
      remediation: finding.remediation,
      created_at: at(Math.floor(day), 14, 22),
    });
  });

  if (def.reportTitle !== undefined) {
    const completed = def.status === "completed";
    // An interim report covers the engagement up to and including today: periods end at a UTC day boundary.
    const periodEnd = completed
      ? end
      : new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1));
    data.reports.push({
      id: randomUUID(),
      tenant_id: scope.tenantId,
      workspace_id: scope.workspaceId,
      report_type: "assessment",
      title: render(def.reportTitle, context),
      period_start: start,
      period_end: periodEnd.getTime() > start.getTime() ? periodEnd : new Date(start.getTime() + DAY),
      status: "generating",
      engagement_id: engagementId,
      requested_by: authors.analyst,
      created_at: completed ? minDate(new Date(end.getTime() + 20 * HOUR), latest) : latest,
    });
  }
}

/** Builds every demo row in memory (ids included); `seedDemo` writes them. Pure apart from random uuids. */
export function buildDemoData(now: Date): DemoData {
  const data: DemoData = {
    tenants: [],
    workspaces: [],
    users: [],
    workspace_memberships: [],
    compliance_frameworks: [],
    compliance_controls: [],
    compliance_score_history: [],
    incidents: [],
    alert_daily_counts: [],
    detection_coverage: [],
    engagements: [],
    engagement_phases: [],
    engagement_milestones: [],
    engagement_updates: [],
    findings: [],
    reports: [],
    proposals: [],
    proposal_signers: [],
    client_tokens: [],
  };
  const from = monthStart(now, -12); // twelve full months plus the current one
  const onboarded = new Date(from.getTime() - 35 * DAY);
  const tenantIds = new Map<string, string>();
  const workspacesOf = new Map<string, string[]>();
  const advisoryWorkspaceIds = new Map<string, string>();
  const addWorkspace = (
    tenantSlug: string,
    row: Omit<Insertable<DB["workspaces"]>, "id" | "tenant_id">,
  ): Scope => {
    const tenantId = tenantIds.get(tenantSlug);
    if (!tenantId) throw new Error(`demo seed: unknown tenant ${tenantSlug}`);
    const id = randomUUID();
    data.workspaces.push({ id, tenant_id: tenantId, ...row });
    workspacesOf.set(tenantSlug, [...(workspacesOf.get(tenantSlug) ?? []), id]);
    return { tenantId, workspaceId: id };
  };

  for (const def of customerTenants) {
    const tenantId = randomUUID();
    tenantIds.set(def.slug, tenantId);
    data.tenants.push({
      id: tenantId,
      slug: def.slug,
      name: def.name,
      entra_tenant_ids: [def.entraTenantId],
      require_mfa: def.requireMfa,
      allowed_email_domains: [def.domain],
      created_at: onboarded,
    });
    const soc = addWorkspace(def.slug, {
      name: def.soc.name,
      kind: "soc",
      description: def.soc.description,
      created_at: onboarded,
    });
    data.incidents.push(...generateIncidents(def, soc, now, from));
    data.alert_daily_counts.push(...generateAlerts(def, soc, now, from));
    data.detection_coverage.push(...generateCoverage(def, soc));
    generateCompliance(def, soc, now, data);
    data.reports.push(...socReports(def, soc, now));
  }

  // Users: staff first (they author engagement updates and proposals), then customers.
  const userIds = new Map<string, string>();
  for (const user of demoUsers) {
    const id = randomUUID();
    userIds.set(user.subject, id);
    const tenantId = user.tenantSlug === null ? null : (tenantIds.get(user.tenantSlug) ?? null);
    if (user.tenantSlug !== null && tenantId === null) {
      throw new Error(`demo seed: user ${user.subject} names unknown tenant ${user.tenantSlug}`);
    }
    data.users.push({
      id,
      tenant_id: tenantId,
      email: user.email,
      name: user.name,
      role: user.role,
      idp_issuer: DEMO_ISSUER,
      idp_subject: user.subject,
      created_at: new Date(onboarded.getTime() + (tenantId === null ? -30 : 2) * DAY),
    });
  }
  const staffId = (role: "analyst" | "admin") => {
    const user = demoUsers.find((candidate) => candidate.role === role);
    return user ? (userIds.get(user.subject) ?? null) : null;
  };
  const authors = { analyst: staffId("analyst"), admin: staffId("admin") };

  const today = startOfDay(now);
  for (const workspace of advisoryWorkspaces) {
    const engagement = engagements.find((candidate) => candidate.key === workspace.engagementKey);
    if (!engagement) throw new Error(`demo seed: workspace ${workspace.key} names no engagement`);
    const start = new Date(today.getTime() + engagement.startDay * DAY);
    const context = textContext(start, new Date(start.getTime() + engagement.durationDays * DAY));
    const scope = addWorkspace(workspace.tenantSlug, {
      name: render(workspace.name, context),
      kind: "advisory",
      description: workspace.description,
      created_at: minDate(new Date(start.getTime() - 14 * DAY), now),
    });
    advisoryWorkspaceIds.set(workspace.key, scope.workspaceId);
  }
  for (const engagement of engagements) {
    const tenantId = tenantIds.get(engagement.tenantSlug);
    const workspaceId = advisoryWorkspaceIds.get(engagement.workspaceKey);
    if (!tenantId || !workspaceId)
      throw new Error(`demo seed: engagement ${engagement.key} has no workspace`);
    generateEngagement(engagement, { tenantId, workspaceId }, now, authors, data);
  }

  const proposalYear = now.getUTCFullYear() + 1;
  for (const proposal of proposals) {
    const tenantId = tenantIds.get(proposal.tenantSlug);
    const workspaceId = advisoryWorkspaceIds.get(proposal.workspaceKey);
    if (!tenantId || !workspaceId) throw new Error(`demo seed: a proposal names an unknown workspace`);
    const daysAgo = (days: number) => new Date(now.getTime() - days * DAY);
    const priceLines = proposal.priceLines.map((line) => ({
      description: line.description,
      quantity: line.quantity,
      unit_price_minor: line.unit_price * 100,
      amount_minor: line.quantity * line.unit_price * 100,
    }));
    const proposalId = randomUUID();
    // Its PDF is rendered when it is first read: loading demo data writes rows, it renders nothing.
    data.proposals.push({
      id: proposalId,
      tenant_id: tenantId,
      workspace_id: workspaceId,
      title: proposal.title(proposalYear),
      version: 1,
      body_md: proposal.body(proposalYear),
      price_lines: JSON.stringify(priceLines),
      total_minor: priceLines.reduce((sum, line) => sum + line.amount_minor, 0),
      currency: "USD",
      status: proposal.status,
      created_by: authors.analyst,
      created_at: daysAgo(proposal.createdDaysAgo),
      sent_at: proposal.sentDaysAgo === undefined ? null : daysAgo(proposal.sentDaysAgo),
      expires_at:
        proposal.expiresInDays === undefined ? null : new Date(now.getTime() + proposal.expiresInDays * DAY),
    });
    proposal.signers.forEach((subject, position) => {
      const user = demoUsers.find((candidate) => candidate.subject === subject);
      const userId = userIds.get(subject);
      if (!user || !userId) throw new Error(`demo seed: a proposal names an unknown signer ${subject}`);
      data.proposal_signers.push({
        tenant_id: tenantId,
        workspace_id: workspaceId,
        proposal_id: proposalId,
        email: user.email.toLowerCase(),
        name: user.name,
        user_id: userId,
        position,
        notified_at: proposal.sentDaysAgo === undefined ? null : daysAgo(proposal.sentDaysAgo),
      });
    });
  }

  // An approval request waiting on the active CMMC engagement: the change order its internal notes mention.
  const cmmcWorkspace = advisoryWorkspaceIds.get("northwind-cmmc");
  const cmmc = data.engagements.find((engagement) => engagement.workspace_id === cmmcWorkspace);
  const northwindApprover = demoUsers.find((user) => user.subject === "demo-northwind-approver");
  if (cmmc?.id && cmmcWorkspace && northwindApprover) {
    const approvalId = randomUUID();
    const changeOrder = [
      { description: "Imaging VLAN practice assessment (4 consultant-days)", quantity: 4, unit: 3_500 },
    ].map((line) => ({
      description: line.description,
      quantity: line.quantity,
      unit_price_minor: line.unit * 100,
      amount_minor: line.quantity * line.unit * 100,
    }));
    data.proposals.push({
      id: approvalId,
      tenant_id: cmmc.tenant_id,
      workspace_id: cmmcWorkspace,
      kind: "approval",
      engagement_id: cmmc.id,
      subject: "scope_change",
      title: "Change order CO-2: add the imaging VLAN to the assessment",
      version: 1,
      body_md: [
        "The imaging VLAN stores CUI (radiology exports shared with research partners) but is outside the agreed boundary.",
        "",
        "## Change",
        "",
        "- Add the imaging VLAN and its PACS gateway to the CUI boundary",
        "- Assess the 110 practices for those systems and fold the results into the SPRS estimate",
        "",
        "The final readout moves by one week; everything else in the assessment plan stays as agreed.",
      ].join("\n"),
      price_lines: JSON.stringify(changeOrder),
      total_minor: changeOrder.reduce((sum, line) => sum + line.amount_minor, 0),
      currency: "USD",
      status: "sent",
      created_by: authors.analyst,
      created_at: new Date(now.getTime() - 2 * DAY),
      sent_at: new Date(now.getTime() - 1 * DAY),
      expires_at: new Date(now.getTime() + 14 * DAY),
    });
    data.proposal_signers.push({
      tenant_id: cmmc.tenant_id,
      workspace_id: cmmcWorkspace,
      proposal_id: approvalId,
      email: northwindApprover.email.toLowerCase(),
      name: northwindApprover.name,
      user_id: userIds.get(northwindApprover.subject) ?? null,
      position: 0,
      notified_at: new Date(now.getTime() - 1 * DAY),
    });
  }

  // Clients invited by email to advisory workspaces (their links' secrets are random and thrown away: "Email me a
  // link" on /access sends them a fresh one into the development mailbox).
  for (const invite of demoInvitations) {
    const tenantId = tenantIds.get(invite.tenantSlug);
    const workspaceId = advisoryWorkspaceIds.get(invite.workspaceKey);
    if (!tenantId || !workspaceId) throw new Error(`demo seed: an invitation names an unknown workspace`);
    const issuedAt = new Date(now.getTime() - invite.issuedDaysAgo * DAY);
    data.client_tokens.push({
      id: randomUUID(),
      tenant_id: tenantId,
      workspace_id: workspaceId,
      email: invite.email,
      role: invite.role,
      token_hash: createHash("sha256").update(randomUUID()).digest(),
      issued_by: authors.analyst,
      origin: "staff",
      created_at: issuedAt,
      expires_at: new Date(issuedAt.getTime() + 72 * HOUR),
      used_at: invite.used ? new Date(issuedAt.getTime() + 2 * HOUR) : null,
      mail_status: "sent",
      mail_attempts: 1,
      mail_sent_at: new Date(issuedAt.getTime() + 5_000),
    });
  }

  // Every customer user is a member of every workspace of their tenant.
  for (const user of demoUsers) {
    if (user.tenantSlug === null) continue;
    const tenantId = tenantIds.get(user.tenantSlug);
    const userId = userIds.get(user.subject);
    if (!tenantId || !userId) continue;
    for (const workspaceId of workspacesOf.get(user.tenantSlug) ?? []) {
      data.workspace_memberships.push({
        tenant_id: tenantId,
        workspace_id: workspaceId,
        user_id: userId,
        created_at: onboarded,
      });
    }
  }
  return data;
}

// ---------------------------------------------------------------------------------------------------------------
// Writing

function chunks<T>(rows: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += CHUNK) out.push(rows.slice(i, i + CHUNK));
  return out;
}

async function writeDemoData(trx: ScopedTransaction, data: DemoData): Promise<void> {
  // In foreign-key order. One statement per ≤ 500 rows keeps the round trips (and PGlite's parser) cheap.
  for (const rows of chunks(data.tenants)) await trx.insertInto("tenants").values(rows).execute();
  for (const rows of chunks(data.workspaces)) await trx.insertInto("workspaces").values(rows).execute();
  for (const rows of chunks(data.users)) await trx.insertInto("users").values(rows).execute();
  for (const rows of chunks(data.workspace_memberships)) {
    await trx.insertInto("workspace_memberships").values(rows).execute();
  }
  for (const rows of chunks(data.compliance_frameworks)) {
    await trx.insertInto("compliance_frameworks").values(rows).execute();
  }
  for (const rows of chunks(data.compliance_controls)) {
    await trx.insertInto("compliance_controls").values(rows).execute();
  }
  for (const rows of chunks(data.compliance_score_history)) {
    await trx.insertInto("compliance_score_history").values(rows).execute();
  }
  for (const rows of chunks(data.incidents)) await trx.insertInto("incidents").values(rows).execute();
  for (const rows of chunks(data.alert_daily_counts)) {
    await trx.insertInto("alert_daily_counts").values(rows).execute();
  }
  for (const rows of chunks(data.detection_coverage)) {
    await trx.insertInto("detection_coverage").values(rows).execute();
  }
  for (const rows of chunks(data.engagements)) await trx.insertInto("engagements").values(rows).execute();
  for (const rows of chunks(data.engagement_phases)) {
    await trx.insertInto("engagement_phases").values(rows).execute();
  }
  for (const rows of chunks(data.engagement_milestones)) {
    await trx.insertInto("engagement_milestones").values(rows).execute();
  }
  for (const rows of chunks(data.engagement_updates)) {
    await trx.insertInto("engagement_updates").values(rows).execute();
  }
  for (const rows of chunks(data.findings)) await trx.insertInto("findings").values(rows).execute();
  for (const rows of chunks(data.reports)) await trx.insertInto("reports").values(rows).execute();
  for (const rows of chunks(data.proposals)) await trx.insertInto("proposals").values(rows).execute();
  for (const rows of chunks(data.proposal_signers)) {
    await trx.insertInto("proposal_signers").values(rows).execute();
  }
  for (const rows of chunks(data.client_tokens)) await trx.insertInto("client_tokens").values(rows).execute();
}

/** Advisory clients the demo provider invited by email (none of them has an SSO account). */
const demoInvitations = [
  {
    email: "alex.kim@northwindhealth.org",
    tenantSlug: "northwind",
    workspaceKey: "northwind-pentest",
    role: "customer_viewer",
    issuedDaysAgo: 9,
    used: true,
  },
  {
    email: "jordan.lee@northwindhealth.org",
    tenantSlug: "northwind",
    workspaceKey: "northwind-cmmc",
    role: "customer_approver",
    issuedDaysAgo: 2,
    used: false,
  },
  {
    email: "sam.patel@contosofcu.org",
    tenantSlug: "contoso",
    workspaceKey: "contoso-m365",
    role: "customer_viewer",
    issuedDaysAgo: 20,
    used: true,
  },
] as const;

export interface SeedDemoOptions {
  /** The moment the demo is "as of"; every date is relative to it. Default: the current time. */
  now?: Date;
}

/**
 * Writes the demo provider's customers, users and data in one system-scoped transaction. Reports and proposals
 * are inserted without PDFs (`status: 'generating'` / no `pdf`); the report engine renders them afterwards
 * (see `findUnrenderedReports`). Refuses to run when a demo tenant already exists.
 */
export async function seedDemo(
  database: { pool: pg.Pool },
  appRole: string,
  options: SeedDemoOptions = {},
): Promise<SeedSummary> {
  const now = options.now ?? new Date();
  const data = buildDemoData(now);
  await withScope(database, appRole, { kind: "system" }, async (trx) => {
    const existing = await trx
      .selectFrom("tenants")
      .select("slug")
      .where("slug", "in", [...DEMO_TENANT_SLUGS])
      .executeTakeFirst();
    if (existing) {
      throw new Error(
        `The demo data is already present (tenant "${existing.slug}" exists); nothing was changed.`,
      );
    }
    await writeDemoData(trx, data);
  });
  const summary = {} as SeedSummary;
  for (const table of Object.keys(data) as (keyof DemoData)[]) summary[table] = data[table].length;
  return summary;
}

/** True when the database holds no tenant at all: `npm start` seeds the demo then (SEED_DEMO=auto). */
export async function isDatabaseEmpty(database: { pool: pg.Pool }, appRole: string): Promise<boolean> {
  const row = await withScope(database, appRole, { kind: "system" }, (trx) =>
    trx.selectFrom("tenants").select("id").limit(1).executeTakeFirst(),
  );
  return row === undefined;
}

/** A report row waiting for the report engine: seeded (or requested) but not rendered yet. */
export interface UnrenderedReport {
  id: string;
  tenantId: string;
  workspaceId: string;
  reportType: ReportType;
  title: string;
  /** Half-open period [periodStart, periodEnd): monthly reports end at 00:00 UTC on the 1st of the next month. */
  periodStart: Date;
  periodEnd: Date;
  /** Set for `assessment` reports: the engagement whose findings they present. */
  engagementId: string | null;
}

/** Reports in status `generating` without a PDF, oldest period first: what the engine should render. */
export async function findUnrenderedReports(trx: ScopedTransaction): Promise<UnrenderedReport[]> {
  const rows = await trx
    .selectFrom("reports")
    .select([
      "id",
      "tenant_id",
      "workspace_id",
      "report_type",
      "title",
      "period_start",
      "period_end",
      "engagement_id",
    ])
    .where("status", "=", "generating")
    .where("pdf", "is", null)
    .orderBy("period_start")
    .orderBy("id")
    .execute();
  return rows.map((row) => ({
    id: row.id,
    tenantId: row.tenant_id,
    workspaceId: row.workspace_id,
    reportType: row.report_type,
    title: row.title,
    periodStart: row.period_start,
    periodEnd: row.period_end,
    engagementId: row.engagement_id,
  }));
}
