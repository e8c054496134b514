import { type Static, Type } from "typebox";
import { IsoDate, IsoDateTime } from "./common";

export const complianceStatuses = ["compliant", "at_risk", "non_compliant"] as const;
export type ComplianceStatus = (typeof complianceStatuses)[number];
export const ComplianceStatusSchema = Type.Enum(complianceStatuses);

export const controlStatuses = ["passing", "failing", "partial", "not_applicable"] as const;
export type ControlStatus = (typeof controlStatuses)[number];
const ControlStatusSchema = Type.Enum(controlStatuses);

export const Framework = Type.Object({
  id: Type.String(),
  /** The framework's URL key, e.g. `cmmc-l2`. */
  key: Type.String(),
  name: Type.String(),
  workspace_id: Type.String(),
  workspace_name: Type.String(),
  score: Type.Number(),
  status: ComplianceStatusSchema,
  controls: Type.Object({
    passing: Type.Integer(),
    failing: Type.Integer(),
    partial: Type.Integer(),
    not_applicable: Type.Integer(),
  }),
  updated_at: IsoDateTime,
  trend: Type.Array(Type.Object({ date: IsoDate, score: Type.Number() })),
});
export type Framework = Static<typeof Framework>;

/** GET /api/v1/compliance */
export const ComplianceSummary = Type.Object({
  overall_score: Type.Union([Type.Number(), Type.Null()]),
  overall_status: Type.Union([ComplianceStatusSchema, Type.Null()]),
  frameworks: Type.Array(Framework),
});
export type ComplianceSummary = Static<typeof ComplianceSummary>;

export const Control = Type.Object({
  ref: Type.String(),
  title: Type.String(),
  family: Type.String(),
  status: ControlStatusSchema,
  owner: Type.Union([Type.String(), Type.Null()]),
  last_assessed_at: IsoDateTime,
});
export type Control = Static<typeof Control>;

/** GET /api/v1/compliance/:framework */
export const FrameworkDetail = Type.Object({
  ...Framework.properties,
  controls_list: Type.Array(Control),
});
export type FrameworkDetail = Static<typeof FrameworkDetail>;

export const FrameworkParams = Type.Object({ framework: Type.String({ maxLength: 100 }) });
