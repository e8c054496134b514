import { type Static, Type } from "typebox";
import { IsoDate, IsoDateTime, NullableDateTime, Uuid } from "./common";

/**
 * Advisory engagements: what the client sees (the client view, live over Server-Sent Events) and what the
 * provider's staff edit. Internal notes and internal updates exist only in the staff schemas: the client schemas
 * have no field that could carry them.
 */

export const engagementStatuses = ["planned", "active", "on_hold", "completed"] as const;
export type EngagementStatus = (typeof engagementStatuses)[number];
export const milestoneStatuses = ["pending", "in_progress", "done", "blocked"] as const;
export type MilestoneStatus = (typeof milestoneStatuses)[number];
export const findingSeverities = ["critical", "high", "medium", "low", "info"] as const;
export const findingStatuses = ["open", "remediated", "accepted"] as const;

const NullableDate = Type.Union([IsoDate, Type.Null()]);

export const Milestone = Type.Object({
  id: Uuid,
  phaseId: Uuid,
  title: Type.String(),
  status: Type.Enum(milestoneStatuses),
  dueOn: NullableDate,
  completedAt: NullableDateTime,
  /** Due before today and not done. */
  overdue: Type.Boolean(),
  position: Type.Integer(),
});
export type Milestone = Static<typeof Milestone>;

export const Phase = Type.Object({
  id: Uuid,
  name: Type.String(),
  position: Type.Integer(),
  milestones: Type.Array(Milestone),
});
export type Phase = Static<typeof Phase>;

/** A client-visible update of the timeline. */
export const EngagementUpdate = Type.Object({
  id: Uuid,
  body: Type.String(),
  author: Type.Union([Type.String(), Type.Null()]),
  createdAt: IsoDateTime,
});
export type EngagementUpdate = Static<typeof EngagementUpdate>;

export const EngagementSummary = Type.Object({
  id: Uuid,
  name: Type.String(),
  status: Type.Enum(engagementStatuses),
  workspaceId: Uuid,
  workspaceName: Type.String(),
  startsOn: NullableDate,
  endsOn: NullableDate,
  /** Done milestones out of all, 0–100, rounded down. */
  percentComplete: Type.Integer({ minimum: 0, maximum: 100 }),
  milestones: Type.Object({ done: Type.Integer(), total: Type.Integer() }),
  updatedAt: IsoDateTime,
});
export type EngagementSummary = Static<typeof EngagementSummary>;

/** GET /api/engagements */
export const EngagementList = Type.Object({ items: Type.Array(EngagementSummary) });
export type EngagementList = Static<typeof EngagementList>;

/** An engagement's report (its deliverable), as the client sees it. */
export const Deliverable = Type.Object({
  id: Uuid,
  title: Type.String(),
  status: Type.Enum(["generating", "completed", "failed"]),
  periodStart: IsoDate,
  /** The day after the period's last day (periods are half-open, as on the report pages). */
  periodEnd: IsoDate,
  generatedAt: NullableDateTime,
});

export const UpdatesPage = Type.Object({
  items: Type.Array(EngagementUpdate),
  /** The cursor of the next (older) page; null at the end. */
  nextBefore: Type.Union([Type.String(), Type.Null()]),
});
export type UpdatesPage = Static<typeof UpdatesPage>;

/** GET /api/engagements/:id/client-view */
export const EngagementClientView = Type.Object({
  id: Uuid,
  name: Type.String(),
  status: Type.Enum(engagementStatuses),
  summary: Type.String(),
  workspaceId: Uuid,
  workspaceName: Type.String(),
  startsOn: NullableDate,
  endsOn: NullableDate,
  updatedAt: IsoDateTime,
  percentComplete: Type.Integer({ minimum: 0, maximum: 100 }),
  phases: Type.Array(Phase),
  updates: UpdatesPage,
  deliverables: Type.Array(Deliverable),
});
export type EngagementClientView = Static<typeof EngagementClientView>;

export const EngagementParams = Type.Object({ id: Type.String({ maxLength: 100 }) });

export const ClientViewQuery = Type.Object({
  /** The previous page's `nextBefore`: older updates. */
  updatesBefore: Type.Optional(Type.String({ maxLength: 100 })),
  updatesLimit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
  tenant: Type.Optional(Uuid),
});
export type ClientViewQuery = Static<typeof ClientViewQuery>;

/**
 * The events of GET /api/engagements/:id/events (Server-Sent Events, `id:` = a sequence number to resume from with
 * Last-Event-ID). Each carries the current state of what changed, read in the subscriber's own scope.
 */
export const EngagementEvents = {
  milestone: Milestone,
  progress: Type.Object({ percentComplete: Type.Integer(), done: Type.Integer(), total: Type.Integer() }),
  update: EngagementUpdate,
  status: Type.Object({
    status: Type.Enum(engagementStatuses),
    name: Type.String(),
    summary: Type.String(),
    startsOn: NullableDate,
    endsOn: NullableDate,
    updatedAt: IsoDateTime,
  }),
  /** Phases were added, renamed or reordered: read the client view again. */
  phases: Type.Object({ phases: Type.Array(Phase) }),
  /** Some changes could not be replayed (a reconnect after more than an hour): read the client view again. */
  resync: Type.Object({}),
} as const;
export type EngagementEventName = keyof typeof EngagementEvents;
export type EngagementEventData = { [K in EngagementEventName]: Static<(typeof EngagementEvents)[K]> };

/* Staff side: /api/v1/admin/engagements… (can_manage_engagements) */

const Name = Type.String({ minLength: 1, maxLength: 200 });
const Text = Type.String({ maxLength: 10_000 });

/** An update as staff see it: internal ones included, marked. */
export const StaffUpdate = Type.Object({
  id: Uuid,
  body: Type.String(),
  author: Type.Union([Type.String(), Type.Null()]),
  createdAt: IsoDateTime,
  internal: Type.Boolean(),
});

export const StaffEngagement = Type.Object({
  id: Uuid,
  name: Type.String(),
  status: Type.Enum(engagementStatuses),
  summary: Type.String(),
  internalNotes: Type.String(),
  tenantId: Uuid,
  tenantName: Type.String(),
  workspaceId: Uuid,
  workspaceName: Type.String(),
  startsOn: NullableDate,
  endsOn: NullableDate,
  updatedAt: IsoDateTime,
  percentComplete: Type.Integer({ minimum: 0, maximum: 100 }),
  phases: Type.Array(Phase),
  updates: Type.Array(StaffUpdate),
});
export type StaffEngagement = Static<typeof StaffEngagement>;

export const StaffEngagementSummary = Type.Object({
  id: Uuid,
  name: Type.String(),
  status: Type.Enum(engagementStatuses),
  tenantId: Uuid,
  tenantName: Type.String(),
  workspaceId: Uuid,
  workspaceName: Type.String(),
  percentComplete: Type.Integer({ minimum: 0, maximum: 100 }),
  updatedAt: IsoDateTime,
});
export const StaffEngagementList = Type.Object({ items: Type.Array(StaffEngagementSummary) });
export type StaffEngagementList = Static<typeof StaffEngagementList>;

export const StaffEngagementListQuery = Type.Object({
  tenant: Type.Optional(Uuid),
  workspace: Type.Optional(Uuid),
});
export type StaffEngagementListQuery = Static<typeof StaffEngagementListQuery>;

export const CreateEngagementBody = Type.Object(
  {
    workspaceId: Uuid,
    name: Name,
    summary: Type.Optional(Text),
    status: Type.Optional(Type.Enum(engagementStatuses)),
    startsOn: Type.Optional(IsoDate),
    endsOn: Type.Optional(IsoDate),
  },
  { additionalProperties: false },
);
export type CreateEngagementBody = Static<typeof CreateEngagementBody>;

export const UpdateEngagementBody = Type.Object(
  {
    name: Type.Optional(Name),
    summary: Type.Optional(Text),
    internalNotes: Type.Optional(Text),
    status: Type.Optional(Type.Enum(engagementStatuses)),
    startsOn: Type.Optional(Type.Union([IsoDate, Type.Null()])),
    endsOn: Type.Optional(Type.Union([IsoDate, Type.Null()])),
  },
  { additionalProperties: false },
);
export type UpdateEngagementBody = Static<typeof UpdateEngagementBody>;

export const PhaseBody = Type.Object(
  { name: Name, position: Type.Optional(Type.Integer({ minimum: 0, maximum: 1000 })) },
  { additionalProperties: false },
);
export type PhaseBody = Static<typeof PhaseBody>;

export const UpdatePhaseBody = Type.Object(
  { name: Type.Optional(Name), position: Type.Optional(Type.Integer({ minimum: 0, maximum: 1000 })) },
  { additionalProperties: false },
);
export type UpdatePhaseBody = Static<typeof UpdatePhaseBody>;

export const MilestoneBody = Type.Object(
  {
    phaseId: Uuid,
    title: Name,
    status: Type.Optional(Type.Enum(milestoneStatuses)),
    dueOn: Type.Optional(IsoDate),
    position: Type.Optional(Type.Integer({ minimum: 0, maximum: 1000 })),
  },
  { additionalProperties: false },
);
export type MilestoneBody = Static<typeof MilestoneBody>;

export const UpdateMilestoneBody = Type.Object(
  {
    phaseId: Type.Optional(Uuid),
    title: Type.Optional(Name),
    status: Type.Optional(Type.Enum(milestoneStatuses)),
    dueOn: Type.Optional(Type.Union([IsoDate, Type.Null()])),
    position: Type.Optional(Type.Integer({ minimum: 0, maximum: 1000 })),
  },
  { additionalProperties: false },
);
export type UpdateMilestoneBody = Static<typeof UpdateMilestoneBody>;

export const PostUpdateBody = Type.Object(
  {
    body: Type.String({ minLength: 1, maxLength: 5000 }),
    /** Internal updates are for staff only and never reach the client. */
    internal: Type.Optional(Type.Boolean({ default: false })),
  },
  { additionalProperties: false },
);
export type PostUpdateBody = Static<typeof PostUpdateBody>;

export const SubResourceParams = Type.Object({
  id: Type.String({ maxLength: 100 }),
  itemId: Type.String({ maxLength: 100 }),
});

/** GET /api/sa-reports/reports/:id/client-view: an advisory (assessment) report as the client reads it. */
export const AdvisoryReportView = Type.Object({
  id: Uuid,
  title: Type.String(),
  status: Type.Enum(["generating", "completed", "failed"]),
  engagement: Type.Union([Type.Object({ id: Uuid, name: Type.String() }), Type.Null()]),
  periodStart: IsoDate,
  periodEnd: IsoDate,
  generatedAt: NullableDateTime,
  /** The engagement's summary as the report states it. */
  executiveSummary: Type.String(),
  findingsBySeverity: Type.Object(
    Object.fromEntries(
      findingSeverities.map((severity) => [severity, Type.Integer({ minimum: 0 })]),
    ) as Record<(typeof findingSeverities)[number], ReturnType<typeof Type.Integer>>,
  ),
  findingsByStatus: Type.Object(
    Object.fromEntries(findingStatuses.map((status) => [status, Type.Integer({ minimum: 0 })])) as Record<
      (typeof findingStatuses)[number],
      ReturnType<typeof Type.Integer>
    >,
  ),
  findings: Type.Array(
    Type.Object({
      ref: Type.String(),
      title: Type.String(),
      severity: Type.Enum(findingSeverities),
      status: Type.Enum(findingStatuses),
      remediation: Type.String(),
    }),
  ),
  /** The report's PDF (attachment). */
  pdfUrl: Type.Union([Type.String(), Type.Null()]),
});
export type AdvisoryReportView = Static<typeof AdvisoryReportView>;
