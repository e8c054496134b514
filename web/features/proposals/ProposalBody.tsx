/**
 * Styles for the HTML of a proposal's Markdown body (headings, lists, tables, links, code), scoped to the
 * container: the portal has no typography plugin, and the rest of the page keeps Tailwind's reset.
 */
const proseClasses = [
  "min-w-0 text-sm leading-6 break-words text-slate-800",
  "[&>:first-child]:mt-0 [&>:last-child]:mb-0",
  // The body's own headings, moved down to start at h3 (see below).
  "[&_h3]:mt-6 [&_h3]:mb-3 [&_h3]:text-xl [&_h3]:font-semibold [&_h3]:text-slate-900",
  "[&_h4]:mt-6 [&_h4]:mb-2 [&_h4]:text-lg [&_h4]:font-semibold [&_h4]:text-slate-900",
  "[&_h5]:mt-5 [&_h5]:mb-2 [&_h5]:text-base [&_h5]:font-semibold [&_h5]:text-slate-900",
  "[&_h6]:mt-4 [&_h6]:mb-1 [&_h6]:font-semibold [&_h6]:text-slate-900",
  "[&_p]:my-3 [&_strong]:font-semibold [&_strong]:text-slate-900",
  "[&_ul]:my-3 [&_ul]:list-disc [&_ul]:pl-6 [&_ol]:my-3 [&_ol]:list-decimal [&_ol]:pl-6 [&_li]:my-1 [&_li]:pl-1",
  "[&_a]:font-medium [&_a]:text-orange-800 [&_a]:underline [&_a]:hover:text-orange-900",
  "[&_a:focus-visible]:rounded [&_a:focus-visible]:outline-2 [&_a:focus-visible]:outline-offset-2 [&_a:focus-visible]:outline-orange-700",
  "[&_code]:rounded [&_code]:bg-slate-100 [&_code]:px-1 [&_code]:font-mono [&_code]:text-[0.85em]",
  "[&_pre]:my-3 [&_pre]:overflow-x-auto [&_pre]:rounded-lg [&_pre]:bg-slate-100 [&_pre]:p-3 [&_pre_code]:bg-transparent [&_pre_code]:p-0",
  "[&_blockquote]:my-3 [&_blockquote]:border-l-4 [&_blockquote]:border-slate-300 [&_blockquote]:pl-4 [&_blockquote]:text-slate-700",
  "[&_hr]:my-6 [&_hr]:border-slate-200",
  // A wide table scrolls on its own rather than widening the page.
  "[&_table]:my-4 [&_table]:block [&_table]:max-w-full [&_table]:overflow-x-auto [&_table]:border-collapse [&_table]:text-left",
  "[&_th]:border-b [&_th]:border-slate-300 [&_th]:bg-slate-50 [&_th]:px-3 [&_th]:py-2 [&_th]:font-semibold [&_th]:text-slate-900",
  "[&_td]:border-b [&_td]:border-slate-200 [&_td]:px-3 [&_td]:py-2 [&_td]:align-top",
].join(" ");

/**
 * The body's headings moved down so its top level is h3 (its "#" or "##" under the page's h1 and the card's h2
 * in the page's outline), at most h6. Only the renderer's own bare `<hN>` tags can match: the Markdown's raw HTML
 * arrives escaped (`&lt;h1&gt;`).
 */
function demoteHeadings(html: string): string {
  const levels = [...html.matchAll(/<h([1-6])>/g)].map((match) => Number(match[1]));
  if (levels.length === 0) return html;
  const shift = Math.max(0, 3 - Math.min(...levels));
  return html.replace(/<(\/?)h([1-6])>/g, (_tag, slash: string, level: string) => {
    return `<${slash}h${Math.min(6, Number(level) + shift)}>`;
  });
}

/**
 * A proposal's body. The server renders the Markdown to HTML that is safe to insert as it is: raw HTML escaped,
 * only http(s) and mailto links, no images, links opened without access to the portal.
 */
export function ProposalBody({ html }: { html: string }) {
  if (!html.trim()) return <p className="text-sm text-slate-600">This document has no text.</p>;
  return (
    <div
      className={proseClasses}
      // biome-ignore lint/security/noDangerouslySetInnerHtml: the server's Markdown renderer escapes raw HTML and allows only safe links.
      dangerouslySetInnerHTML={{ __html: demoteHeadings(html) }}
    />
  );
}
