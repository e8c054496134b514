/**
 * Display formatting for figures and dates. The portal is English-only, so the output is fixed to what
 * `Intl`'s "en-US" writes: the same numbers and dates read the same in every browser, screenshot and test.
 *
 * Written out rather than built on `Intl`: the first `Intl` formatter a page creates loads the browser's locale
 * data, 50–130 ms of main thread on a phone-class CPU before anything is shown. A test compares every function here
 * with `Intl`'s own output.
 */
const DAY_MS = 86_400_000;
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** Shown wherever a figure has no value yet (no data ingested, report not generated). */
export const NO_VALUE = "—";

/**
 * `value` rounded half away from zero to `decimals` places, as `Intl.NumberFormat` rounds: on the number's
 * shortest decimal form (1.45 → 1.5), not on its binary value (where `toFixed` gives 1.4).
 */
function roundDecimal(value: number, decimals: number): number {
  const [digits, exponent = "0"] = String(Math.abs(value)).split("e");
  const rounded = Math.round(Number(`${digits}e${Number(exponent) + decimals}`));
  return Math.sign(value) * Number(`${rounded}e-${decimals}`);
}

/** An already-rounded number with thousands separators: 2548.5 → "2,548.5". */
function withSeparators(value: number): string {
  const [whole = "0", fraction] = String(Math.abs(value)).split(".");
  const grouped = whole.replace(/\B(?=(\d{3})+$)/g, ",");
  return `${value < 0 ? "-" : ""}${grouped}${fraction ? `.${fraction}` : ""}`;
}

// `|| 0`: a negative value that rounds to zero is shown as "0" (`Intl` writes "-0").
const formatInteger = (value: number) => withSeparators(roundDecimal(value, 0) || 0);
const formatOneDecimal = (value: number) => withSeparators(roundDecimal(value, 1) || 0);

/** 2548 → "2,548"; null → "—". */
export function formatCount(value: number | null | undefined): string {
  return value === null || value === undefined ? NO_VALUE : formatInteger(value);
}

/** 84.29 → "84.3"; at most one decimal, thousands separators. */
export function formatDecimal(value: number | null | undefined): string {
  return value === null || value === undefined ? NO_VALUE : formatOneDecimal(value);
}

/** A score out of 100: 70.97 → "71%". Whole percentages are what people compare at a glance. */
export function formatPercent(value: number | null | undefined): string {
  return value === null || value === undefined ? NO_VALUE : `${formatInteger(value)}%`;
}

// Report periods are calendar dates in UTC: formatting them in the browser's zone would show Oct 1 as Sep 30.
const dayMonthUtc = (date: Date) => `${MONTHS[date.getUTCMonth()]} ${date.getUTCDate()}`;
const fullDateUtc = (date: Date) => `${dayMonthUtc(date)}, ${date.getUTCFullYear()}`;
const fullDateLocal = (date: Date) => `${MONTHS[date.getMonth()]} ${date.getDate()}, ${date.getFullYear()}`;

/** "6:44 AM". */
function timeLocal(date: Date): string {
  const hours = date.getHours();
  const minutes = String(date.getMinutes()).padStart(2, "0");
  return `${hours % 12 || 12}:${minutes} ${hours < 12 ? "AM" : "PM"}`;
}

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
  if (last.getTime() < start.getTime()) return fullDateUtc(start);
  if (start.getUTCFullYear() !== last.getUTCFullYear()) {
    return `${fullDateUtc(start)} – ${fullDateUtc(last)}`;
  }
  if (start.getUTCMonth() === last.getUTCMonth() && start.getUTCDate() === last.getUTCDate()) {
    return fullDateUtc(start);
  }
  return `${dayMonthUtc(start)} – ${fullDateUtc(last)}`;
}

/** A calendar date sent as "YYYY-MM-DD" (a trend point): "Nov 21, 2026". */
export function formatCalendarDate(value: string): string {
  return fullDateUtc(new Date(`${value.slice(0, 10)}T00:00:00Z`));
}

/** A moment, as a date in the reader's own time zone: "Nov 21, 2026". */
export function formatDate(value: string | null | undefined): string {
  return value ? fullDateLocal(new Date(value)) : NO_VALUE;
}

/** A moment with its time, in the reader's own time zone: "Nov 21, 2026, 6:44 AM". */
export function formatDateTime(value: string | null | undefined): string {
  return value ? `${fullDateLocal(new Date(value))}, ${timeLocal(new Date(value))}` : NO_VALUE;
}

/** 1_234_567 → "1.2 MB". */
export function formatBytes(value: number | null | undefined): string {
  if (value === null || value === undefined) return NO_VALUE;
  if (value < 1024) return `${formatInteger(value)} B`;
  const units = ["KB", "MB", "GB"];
  let size = value / 1024;
  let unit = 0;
  while (size >= 1024 && unit < units.length - 1) {
    size /= 1024;
    unit++;
  }
  return `${formatOneDecimal(size)} ${units[unit]}`;
}
