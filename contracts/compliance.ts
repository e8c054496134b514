import { type Static, Type } from "typebox";
import { IsoDate, IsoDateTime } from "./common";

import { complianceStatuses } from "./compliance-score";

export {
  type ComplianceStatus,
  complianceBand,
  complianceStatuses,
  complianceStatusLabels,
  complianceThresholds,
  roundScore,
  roundStoredScore,
  STORED_SCORE_DECIMALS,
  scoreOfControls,
} from "./compliance-score";

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
export const ComplianceSummary = Type.Object(
  {
    overall_score: Type.Union([Type.Number(), Type.Null()]),
    overall_status: Type.Union([ComplianceStatusSchema, Type.Null()]),
    frameworks: Type.Array(Framework),
  },
  {
    description: "Every framework with its score, status, control counts and history.",
    examples: [
      {
        overall_score: 84.2,
        overall_status: "at_risk",
        frameworks: [
          {
            id: "2a4b6c8d-0e1f-4a3b-8c5d-7e9f0a1b2c3d",
            key: "nist-800-53",
            name: "NIST 800-53",
            workspace_id: "1c7d9e2f-4b6a-4e8d-8f0a-2b3c4d5e6f70",
            workspace_name: "Managed SOC",
            score: 91.3,
            status: "compliant",
            controls: { passing: 42, failing: 2, partial: 2, not_applicable: 4 },
            updated_at: "2026-11-28T06:00:00.000Z",
            trend: [
              { date: "2026-10-31", score: 89.1 },
              { date: "2026-11-28", score: 91.3 },
            ],
          },
        ],
      },
    ],
  },
);
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
