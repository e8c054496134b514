import { type Static, Type } from "typebox";
import { IsoDate, IsoDateTime, NullableDateTime, Uuid } from "./common";

/**
 * Ingestion of SOC data by API key, and the keys themselves. A batch names one workspace and carries up to 1,000
 * items; it is stored whole or not at all: one bad item refuses the batch (422) with every bad item's index and
 * reasons. Items are upserted by their natural key (an incident's external id; an alert count's day, detection and
 * severity; a control's framework and ref), so sending the same batch again changes nothing.
 */

export const INGEST_MAX_ITEMS = 1000;

const Text = (max: number) => Type.String({ minLength: 1, maxLength: max });

export const IncidentItem = Type.Object(
  {
    externalId: Text(200),
    title: Text(300),
    severity: Type.Enum(["critical", "high", "medium", "low"]),
    status: Type.Enum(["open", "acknowledged", "resolved"]),
    detection: Text(200),
    mitreTactic: Type.Optional(Type.Union([Text(100), Type.Null()])),
    mitreTechnique: Type.Optional(
      Type.Union([Type.String({ pattern: "^T[0-9]{4}(\\.[0-9]{3})?$" }), Type.Null()]),
    ),
    openedAt: IsoDateTime,
    acknowledgedAt: Type.Optional(NullableDateTime),
    /** Required when the status is `resolved`. */
    resolvedAt: Type.Optional(NullableDateTime),
  },
  { additionalProperties: false },
);
export type IncidentItem = Static<typeof IncidentItem>;

/** The number of alerts of one detection and severity on one day (UTC); a later batch replaces the count. */
export const AlertItem = Type.Object(
  {
    day: IsoDate,
    detection: Text(200),
    severity: Type.Enum(["critical", "high", "medium", "low", "info"]),
    count: Type.Integer({ minimum: 0, maximum: 1_000_000_000 }),
  },
  { additionalProperties: false },
);
export type AlertItem = Static<typeof AlertItem>;

/** One control's result; its framework is created on first use. The framework's score follows its controls. */
export const ComplianceItem = Type.Object(
  {
    framework: Type.String({ pattern: "^[a-z0-9][a-z0-9-]{0,62}$", examples: ["nist-800-53"] }),
    frameworkName: Text(200),
    ref: Text(100),
    title: Text(300),
    family: Text(200),
    status: Type.Enum(["passing", "failing", "partial", "not_applicable"]),
    owner: Type.Optional(Type.Union([Text(200), Type.Null()])),
    /** When the result was assessed (default: when it is stored); kept as it was when the result is unchanged. */
    assessedAt: Type.Optional(IsoDateTime),
  },
  { additionalProperties: false },
);
export type ComplianceItem = Static<typeof ComplianceItem>;

export const ingestKinds = ["incidents", "alerts", "compliance"] as const;
export type IngestKind = (typeof ingestKinds)[number];

/** Items are checked one by one (each bad item is reported), so the batch schema only bounds them. */
export const IngestBody = Type.Object(
  {
    workspaceId: Uuid,
    items: Type.Array(Type.Unknown(), { minItems: 1, maxItems: INGEST_MAX_ITEMS }),
  },
  { additionalProperties: false },
);
export type IngestBody = Static<typeof IngestBody>;

export const IngestParams = Type.Object({ kind: Type.Enum(ingestKinds) });

export const IngestResult = Type.Object({
  workspaceId: Uuid,
  received: Type.Integer(),
  created: Type.Integer(),
  updated: Type.Integer(),
  /** Items identical to what was stored already (a replayed batch: all of them). */
  unchanged: Type.Integer(),
});
export type IngestResult = Static<typeof IngestResult>;

export const IngestRejected = Type.Object({
  error: Type.Literal("invalid_items"),
  message: Type.String(),
  requestId: Type.String(),
  items: Type.Array(
    Type.Object({
      index: Type.Integer(),
      errors: Type.Array(Type.Object({ path: Type.String(), message: Type.String() })),
    }),
  ),
});
export type IngestRejected = Static<typeof IngestRejected>;

// ---- keys (console) ----

export const CreateApiKeyBody = Type.Object(
  {
    /** Not blank. */
    name: Type.String({ minLength: 1, maxLength: 100, pattern: "\\S" }),
    /** The tenants the key may write to. */
    tenantIds: Type.Array(Uuid, { minItems: 1, maxItems: 100 }),
  },
  { additionalProperties: false },
);
export type CreateApiKeyBody = Static<typeof CreateApiKeyBody>;

export const ApiKeySummary = Type.Object({
  id: Uuid,
  name: Type.String(),
  /** The key's first characters, to recognise it (the key itself is never stored). */
  prefix: Type.String(),
  tenants: Type.Array(Type.Object({ id: Uuid, name: Type.String() })),
  createdBy: Type.Union([Type.String(), Type.Null()]),
  createdAt: IsoDateTime,
  lastUsedAt: NullableDateTime,
  revokedAt: NullableDateTime,
});
export type ApiKeySummary = Static<typeof ApiKeySummary>;

export const CreatedApiKey = Type.Object({
  ...ApiKeySummary.properties,
  /** Shown once: only its SHA-256 is stored. */
  key: Type.String(),
});
export type CreatedApiKey = Static<typeof CreatedApiKey>;

export const ApiKeyList = Type.Object({ items: Type.Array(ApiKeySummary) });
export type ApiKeyList = Static<typeof ApiKeyList>;

export const ApiKeyParams = Type.Object({ id: Type.String({ maxLength: 100 }) });
