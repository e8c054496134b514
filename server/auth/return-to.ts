/** Where a signed-in person lands when no page was asked for. */
export const DEFAULT_LANDING = "/customer-portal";

/**
 * Where to go after sign-in: a same-origin path only. Anything that a browser could read as another origin
 * (`//host`, `/\host`, `https:host`, encoded slashes, schemes) falls back to the portal's landing page.
 */
export function safeReturnTo(value: unknown, publicUrl: string): string {
  if (typeof value !== "string" || value.length > 2000) return DEFAULT_LANDING;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what is refused here
  if (!value.startsWith("/") || value.startsWith("//") || /[\\\s\u0000-\u001f]/.test(value))
    return DEFAULT_LANDING;
  let decoded: string;
  try {
    decoded = decodeURIComponent(value);
  } catch {
    return DEFAULT_LANDING;
  }
  if (decoded.startsWith("//") || decoded.includes("\\")) return DEFAULT_LANDING;
  const url = new URL(value, publicUrl);
  if (url.origin !== publicUrl) return DEFAULT_LANDING;
  return `${url.pathname}${url.search}${url.hash}`;
}
