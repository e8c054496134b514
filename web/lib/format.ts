/**
 * Display formatting for figures and dates. The portal is English-only, so the locale is fixed: the same
 * numbers and dates read the same in every browser, screenshot and test.
 */
const LOCALE = "en-US";
const DAY_MS = 86_400_000;

/** Shown wherever a figure has no value yet (no data ingested, report not generated). */
export const NO_VALUE = "—";

const integerFormat = new Intl.NumberFormat(LOCALE, { maximumFractionDigits: 0 });
const oneDecimalFormat = new Intl.NumberFormat(LOCALE, { maximumFractionDigits: 1 });

/** 2548 → "2,548"; null → "—". */
export function formatCount(value: number | null | undefined): string {
  return value === null || value === undefined ? NO_VALUE : integerFormat.format(value);
}

/** 84.29 → "84.3"; at most one decimal, thousands separators. */
export function formatDecimal(value: number | null | undefined): string {
  return value === null || value === undefined ? NO_VALUE : oneDecimalFormat.format(value);
}

/** A score out of 100: 70.97 → "71%". Whole percentages are what people compare at a glance. */
export function formatPercent(value: number | null | undefined): string {
  return value === null || value === undefined ? NO_VALUE : `${integerFormat.format(value)}%`;
}

// Report periods are calendar dates in UTC: formatting them in the browser's zone would show Oct 1 as Sep 30.
const dayMonth = new Intl.DateTimeFormat(LOCALE, { month: "short", day: "numeric", timeZone: "UTC" });
const fullDateUtc = new Intl.DateTimeFormat(LOCALE, {
  month: "short",
  day: "numeric",
  year: "numeric",
  timeZone: "UTC",
});
const fullDateLocal = new Intl.DateTimeFormat(LOCALE, { month: "short", day: "numeric", year: "numeric" });
const dateTimeLocal = new Intl.DateTimeFormat(LOCALE, {
  month: "short",
  day: "numeric",
  year: "numeric",
  hour: "numeric",
  minute: "2-digit",
});

/**
 * The last day a period covers. `period_end` is exclusive: a monthly report ends at 00:00 on the 1st of the next
 * month, so a midnight end means "through the day before". An end during a day (an engagement's interim report
 * cut at a moment) covers that day itself.
 */
export function lastDayOfPeriod(periodEnd: string): Date {
  const end = new Date(periodEnd);
  return end.getTime() % DAY_MS === 0 ? new Date(end.getTime() - DAY_MS) : end;
}

/** "Oct 1 – Oct 31, 2026"; "Nov 1, 2025 – Jan 31, 2026" when the years differ. */
export function formatPeriod(periodStart: string, periodEnd: string): string {
  const start = new Date(periodStart);
  const last = lastDayOfPeriod(periodEnd);
  if (last.getTime() < start.getTime()) return fullDateUtc.format(start);
  if (start.getUTCFullYear() !== last.getUTCFullYear()) {
    return `${fullDateUtc.format(start)} – ${fullDateUtc.format(last)}`;
  }
  if (start.getUTCMonth() === last.getUTCMonth() && start.getUTCDate() === last.getUTCDate()) {
    return fullDateUtc.format(start);
  }
  return `${dayMonth.format(start)} – ${fullDateUtc.format(last)}`;
}

/** A calendar date sent as "YYYY-MM-DD" (a trend point): "Nov 21, 2026". */
export function formatCalendarDate(value: string): string {
  return fullDateUtc.format(new Date(`${value.slice(0, 10)}T00:00:00Z`));
}

/** A moment, as a date in the reader's own time zone: "Nov 21, 2026". */
export function formatDate(value: string | null | undefined): string {
  return value ? fullDateLocal.format(new Date(value)) : NO_VALUE;
}

/** A moment with its time, in the reader's own time zone: "Nov 21, 2026, 6:44 AM". */
export function formatDateTime(value: string | null | undefined): string {
  return value ? dateTimeLocal.format(new Date(value)) : NO_VALUE;
}

/** 1_234_567 → "1.2 MB". */
export function formatBytes(value: number | null | undefined): string {
  if (value === null || value === undefined) return NO_VALUE;
  if (value < 1024) return `${integerFormat.format(value)} B`;
  const units = ["KB", "MB", "GB"];
  let size = value / 1024;
  let unit = 0;
  while (size >= 1024 && unit < units.length - 1) {
    size /= 1024;
    unit++;
  }
  return `${oneDecimalFormat.format(size)} ${units[unit]}`;
}
