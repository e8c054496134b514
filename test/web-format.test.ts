import { describe, expect, it } from "vitest";
import {
  formatBytes,
  formatCalendarDate,
  formatCount,
  formatDate,
  formatDateTime,
  formatDecimal,
  formatPercent,
  formatPeriod,
} from "../web/lib/format";

/**
 * The web's formatting is written out for speed; `Intl`'s "en-US" output is what it must equal. Node's `Intl` is
 * the same ICU the browsers ship, so each function is compared with it over awkward and random values.
 */
const integer = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat("en-US", { maximumFractionDigits: 1 });
const utcDate = new Intl.DateTimeFormat("en-US", {
  month: "short",
  day: "numeric",
  year: "numeric",
  timeZone: "UTC",
});
const utcDayMonth = new Intl.DateTimeFormat("en-US", { month: "short", day: "numeric", timeZone: "UTC" });
const localDate = new Intl.DateTimeFormat("en-US", { month: "short", day: "numeric", year: "numeric" });
const localDateTime = new Intl.DateTimeFormat("en-US", {
  month: "short",
  day: "numeric",
  year: "numeric",
  hour: "numeric",
  minute: "2-digit",
});

/** A fixed-seed generator, so a failure names values that can be tried again. */
function randomNumbers(count: number, scale: number): number[] {
  let seed = 20261129;
  return Array.from({ length: count }, () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return ((seed / 2147483648) * 2 - 1) * scale;
  });
}

const awkward = [
  0,
  -0,
  0.05,
  0.15,
  0.25,
  0.35,
  0.45,
  1.15,
  4.35,
  8.15,
  3.3499999999999996,
  51.349999999999994,
  1.005,
  1.05,
  1.45,
  1.5,
  2.5,
  2.55,
  9.95,
  99.95,
  999.5,
  999.95,
  1000,
  1234.56,
  2548,
  999_999.96,
  1_000_000,
  12_345_678.9,
  -0.4,
  -0.5,
  -1.5,
  -2548.25,
  1e-7,
  5e-7,
  84.29,
  70.97,
  1 / 3,
  2 / 3,
  0.1 + 0.2,
  123_456_789_012,
];

describe("web number formats equal Intl en-US", () => {
  const values = [...awkward, ...randomNumbers(2000, 10), ...randomNumbers(2000, 1e7)];
  // Where the web deliberately differs: `Intl` writes "-0" for a negative value that rounds to zero, the web "0".
  const intlOrZero = (written: string) => (written === "-0" ? "0" : written);

  it("formats counts and percentages as whole numbers with separators", () => {
    for (const value of values) {
      expect([value, formatCount(value)]).toEqual([value, intlOrZero(integer.format(value))]);
      expect([value, formatPercent(value)]).toEqual([value, `${intlOrZero(integer.format(value))}%`]);
    }
  });

  it("formats decimals with at most one decimal", () => {
    for (const value of values) {
      expect([value, formatDecimal(value)]).toEqual([value, intlOrZero(oneDecimal.format(value))]);
    }
  });

  it("formats sizes in B, KB, MB, GB", () => {
    expect(formatBytes(512)).toBe("512 B");
    expect(formatBytes(1_234_567)).toBe("1.2 MB");
    expect(formatBytes(3 * 1024 ** 4)).toBe("3,072 GB");
  });

  it("shows a dash for no value", () => {
    expect([formatCount(null), formatDecimal(undefined), formatPercent(null), formatDate(null)]).toEqual([
      "—",
      "—",
      "—",
      "—",
    ]);
  });
});

describe("web date formats equal Intl en-US", () => {
  // Every day of two years at an awkward time, and random moments over fifty years.
  const start = Date.UTC(2025, 0, 1, 23, 59, 30);
  const days = Array.from({ length: 731 }, (_, index) => new Date(start + index * 86_400_000));
  const moments = randomNumbers(3000, 1).map(
    (fraction) => new Date(Date.UTC(2000, 0, 1) + Math.abs(fraction) * 1.6e12),
  );
  const all = [...days, ...moments];

  it("formats moments in the reader's zone, with and without the time", () => {
    for (const date of all) {
      const iso = date.toISOString();
      expect([iso, formatDate(iso)]).toEqual([iso, localDate.format(date)]);
      expect([iso, formatDateTime(iso)]).toEqual([iso, localDateTime.format(date)]);
    }
  });

  it("formats calendar dates and periods in UTC", () => {
    for (const date of all) {
      const iso = date.toISOString();
      expect([iso, formatCalendarDate(iso.slice(0, 10))]).toEqual([iso, utcDate.format(date)]);
    }
    const monthStart = new Date(Date.UTC(2026, 9, 1));
    const monthEnd = new Date(Date.UTC(2026, 10, 1));
    expect(formatPeriod(monthStart.toISOString(), monthEnd.toISOString())).toBe(
      `${utcDayMonth.format(monthStart)} – ${utcDate.format(new Date(Date.UTC(2026, 9, 31)))}`,
    );
    expect(formatPeriod("2025-11-01T00:00:00Z", "2026-02-01T00:00:00Z")).toBe("Nov 1, 2025 – Jan 31, 2026");
    expect(formatPeriod("2026-11-21T00:00:00Z", "2026-11-22T00:00:00Z")).toBe("Nov 21, 2026");
  });
});
