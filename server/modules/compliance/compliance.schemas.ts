import { Type } from "typebox";

export const ComplianceStatusSchema = Type.Union([
  Type.Literal("compliant"),
  Type.Literal("at_risk"),
  Type.Literal("non_compliant"),
]);

const Framework = Type.Object({
  id: Type.String(),
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
  updated_at: Type.String({ format: "date-time" }),
  trend: Type.Array(Type.Object({ date: Type.String({ format: "date" }), score: Type.Number() })),
});

export const ComplianceSummary = Type.Object({
  overall_score: Type.Union([Type.Number(), Type.Null()]),
  overall_status: Type.Union([ComplianceStatusSchema, Type.Null()]),
  frameworks: Type.Array(Framework),
});

export const FrameworkDetail = Type.Object({
  ...Framework.properties,
  controls_list: Type.Array(
    Type.Object({
      ref: Type.String(),
      title: Type.String(),
      family: Type.String(),
      status: Type.Union([
        Type.Literal("passing"),
        Type.Literal("failing"),
        Type.Literal("partial"),
        Type.Literal("not_applicable"),
      ]),
      owner: Type.Union([Type.String(), Type.Null()]),
      last_assessed_at: Type.String({ format: "date-time" }),
    }),
  ),
});

export const FrameworkParams = Type.Object({ framework: Type.String({ maxLength: 100 }) });
