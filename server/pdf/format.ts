/*
 * Number and date formatting for printed documents. Hand-rolled rather than Intl so the output never depends on
 * the machine's ICU data or locale: the same data must always print the same characters. Dates are UTC. Money is
 * the exception (`formatMoney`): currency symbols and minor digits are the runtime's currency data, in en-US.
 */

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

function toDate(value: Date | string): Date {
  if (value instanceof Date) return value;
  // 'YYYY-MM-DD' is a calendar day: read it as midnight UTC.
  return new Date(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);
}

function monthName(date: Date): string {
  return MONTHS[date.getUTCMonth()] ?? "";
}

function pad2(value: number): string {
  return value < 10 ? `0${value}` : String(value);
}

/** "October 1, 2026" */
export function formatDate(value: Date | string): string {
  const date = toDate(value);
  return `${monthName(date)} ${date.getUTCDate()}, ${date.getUTCFullYear()}`;
}

/** "Oct 1, 2026" */
export function formatShortDate(value: Date | string): string {
  const date = toDate(value);
  return `${monthName(date).slice(0, 3)} ${date.getUTCDate()}, ${date.getUTCFullYear()}`;
}

/** "Oct 1" */
export function formatDayMonth(value: Date | string): string {
  const date = toDate(value);
  return `${monthName(date).slice(0, 3)} ${date.getUTCDate()}`;
}

/** "Oct 2026" */
export function formatMonthShort(value: Date | string): string {
  const date = toDate(value);
  return `${monthName(date).slice(0, 3)} ${date.getUTCFullYear()}`;
}

/** "October 2026" */
export function formatMonthLong(value: Date | string): string {
  const date = toDate(value);
  return `${monthName(date)} ${date.getUTCFullYear()}`;
}

/** "Oct 3, 14:05 UTC" when the year is obvious from context, else with the year. */
export function formatDateTime(value: Date | string, withYear = true): string {
  const date = toDate(value);
  const day = withYear ? formatShortDate(date) : formatDayMonth(date);
  return `${day}, ${pad2(date.getUTCHours())}:${pad2(date.getUTCMinutes())} UTC`;
}

/** The last day a half-open period [start, end) covers. */
export function lastDayOf(end: Date | string): Date {
  return new Date(toDate(end).getTime() - 1);
}

/** "October 1 – October 31, 2026" for the half-open period [start, end). */
export function formatPeriod(start: Date | string, end: Date | string): string {
  const from = toDate(start);
  const to = lastDayOf(end);
  if (from.getUTCFullYear() === to.getUTCFullYear()) {
    return `${monthName(from)} ${from.getUTCDate()} \u2013 ${formatDate(to)}`;
  }
  return `${formatDate(from)} \u2013 ${formatDate(to)}`;
}

function groupThousands(digits: string): string {
  let out = "";
  for (let i = 0; i < digits.length; i++) {
    if (i > 0 && (digits.length - i) % 3 === 0) out += ",";
    out += digits[i];
  }
  return out;
}

/** "1,234" */
export function formatInteger(value: number): string {
  const rounded = Math.round(value);
  const sign = rounded < 0 ? "-" : "";
  return sign + groupThousands(String(Math.abs(rounded)));
}

/** Rounds half away from zero to `digits` decimals: 2.25 -> 2.3, -2.25 -> -2.3. */
export function roundTo(value: number, digits = 1): number {
  const factor = 10 ** digits;
  const rounded = Math.round(Math.abs(value) * factor + 1e-9) / factor;
  return value < 0 ? -rounded : rounded;
}

/** "1,234.5" (always `digits` decimals). */
export function formatDecimal(value: number, digits = 1): string {
  const rounded = roundTo(value, digits);
  const [whole = "0", fraction] = Math.abs(rounded).toFixed(digits).split(".");
  const sign = rounded < 0 ? "-" : "";
  return `${sign}${groupThousands(whole)}${fraction === undefined ? "" : `.${fraction}`}`;
}

/** "85.3%" */
export function formatPercent(value: number, digits = 1): string {
  return `${formatDecimal(value, digits)}%`;
}

/** "+12.5%", "-3.0%", "0.0%" */
export function formatSignedPercent(value: number, digits = 1): string {
  const text = formatPercent(value, digits);
  return roundTo(value, digits) > 0 ? `+${text}` : text;
}

/** "2026-03-04 05:06:07": a moment in UTC to the second, for evidence (the label says UTC). */
export function formatTimestamp(value: Date | string): string {
  const date = toDate(value);
  const day = `${date.getUTCFullYear()}-${pad2(date.getUTCMonth() + 1)}-${pad2(date.getUTCDate())}`;
  return `${day} ${pad2(date.getUTCHours())}:${pad2(date.getUTCMinutes())}:${pad2(date.getUTCSeconds())}`;
}

/**
 * "$12,345.00" from integer minor units (1234500 cents). The one use of Intl here: the currency's symbol and its
 * number of minor digits (2 for USD, 0 for JPY, 3 for BHD) come from the runtime's currency data, always en-US.
 */
export function formatMoney(minor: number, currency: string): string {
  const format = new Intl.NumberFormat("en-US", { style: "currency", currency });
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(minor / 10 ** digits);
}
