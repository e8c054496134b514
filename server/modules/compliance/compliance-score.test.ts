import { describe, expect, it } from "vitest";
import {
  complianceBand,
  complianceThresholds,
  roundScore,
  roundStoredScore,
  scoreOfControls,
} from "../../../contracts/compliance-score";
import { scoreColor } from "../../pdf/theme";

/* The one rule for compliance scores, as the API, the reports, ingestion, the demo data and the web app use it. */

describe("complianceBand", () => {
  it("is compliant from 90, at risk from 75, non-compliant below", () => {
    expect(complianceThresholds).toEqual({ compliant: 90, atRisk: 75 });
    expect(complianceBand(100)).toBe("compliant");
    expect(complianceBand(90)).toBe("compliant");
    expect(complianceBand(89.99)).toBe("at_risk");
    expect(complianceBand(75)).toBe("at_risk");
    expect(complianceBand(74.99)).toBe("non_compliant");
    expect(complianceBand(0)).toBe("non_compliant");
  });

  it("colours a report's percentages by the same bands", () => {
    expect(scoreColor(90)).not.toBe(scoreColor(89.9));
    expect(scoreColor(75)).toBe(scoreColor(89.9));
    expect(scoreColor(74.9)).not.toBe(scoreColor(75));
  });
});

describe("rounding", () => {
  it("shows a score with one decimal, halves away from zero on the decimal value", () => {
    expect(roundScore(84.15)).toBe(84.2);
    expect(roundScore(84.14)).toBe(84.1);
    expect(roundScore(-2.25)).toBe(-2.3);
    expect(roundScore(90)).toBe(90);
  });

  it("stores a score with two decimals, from passing over applicable controls", () => {
    expect(scoreOfControls(2, 3)).toBe(66.67);
    expect(scoreOfControls(0, 0)).toBe(0);
    expect(scoreOfControls(45, 45)).toBe(100);
    expect(roundStoredScore(66.666)).toBe(66.67);
  });
});
