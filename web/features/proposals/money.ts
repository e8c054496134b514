/**
 * Money in a currency's integer minor units (cents), as the API sends it. The one use of `Intl` in the portal's
 * proposal pages: the currency's symbol and number of minor digits (2 for USD, 0 for JPY, 3 for BHD) come from
 * the browser's currency data, in en-US like every other figure. These pages are their own lazy chunks, so the
 * locale data it loads never delays the dashboard.
 */
const formats = new Map<string, Intl.NumberFormat>();

function formatOf(currency: string): Intl.NumberFormat {
  let format = formats.get(currency);
  if (!format) {
    try {
      format = new Intl.NumberFormat("en-US", { style: "currency", currency });
    } catch {
      // Not a currency code the browser accepts: show the figure with its code.
      format = new Intl.NumberFormat("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    }
    formats.set(currency, format);
  }
  return format;
}

/** How many minor digits the currency has: 2 for USD, 0 for JPY. */
export function minorDigitsOf(currency: string): number {
  return formatOf(currency).resolvedOptions().maximumFractionDigits ?? 2;
}

/** 1234500 cents of USD → "$12,345.00". */
export function formatMoney(minor: number, currency: string): string {
  const format = formatOf(currency);
  const text = format.format(minor / 10 ** minorDigitsOf(currency));
  return format.resolvedOptions().style === "currency" ? text : `${currency} ${text}`;
}

/**
 * A price typed in major units ("7,500", "7500.5", "7500.50") as integer minor units, exactly (no floating-point
 * rounding); null when it is not a non-negative amount with at most the currency's minor digits.
 */
export function parseMajorAmount(text: string, currency: string): number | null {
  const cleaned = text.trim().replace(/,/g, "");
  const match = /^(\d+)(?:\.(\d*))?$/.exec(cleaned);
  if (!match) return null;
  const digits = minorDigitsOf(currency);
  const [, whole = "0", fraction = ""] = match;
  if (fraction.length > digits) return null;
  const minor = Number(whole + fraction.padEnd(digits, "0"));
  return Number.isSafeInteger(minor) ? minor : null;
}

/** Integer minor units as the major-unit text an input starts with: 750000 cents → "7500.00". */
export function majorAmountText(minor: number, currency: string): string {
  const digits = minorDigitsOf(currency);
  if (digits === 0) return String(minor);
  const text = String(minor).padStart(digits + 1, "0");
  return `${text.slice(0, -digits)}.${text.slice(-digits)}`;
}
