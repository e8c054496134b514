/**
 * The Markdown of proposals reaches clients as HTML: whatever staff (or someone who took over a staff account)
 * write, no script, style, frame, event handler or dangerous link may come out of it.
 */
import { describe, expect, it } from "vitest";
import { renderMarkdown } from "./markdown";

/** Hostile inputs in Markdown and HTML, from the usual XSS cheat sheets. */
const payloads = [
  "<script>alert(1)</script>",
  "<img src=x onerror=alert(1)>",
  "<svg onload=alert(1)>",
  "<iframe src=https://evil.example></iframe>",
  "<style>body{display:none}</style>",
  '<a href="javascript:alert(1)">x</a>',
  "[click](javascript:alert(1))",
  "[click](JaVaScRiPt:alert(1))",
  "[click](&#106;avascript:alert(1))",
  "[click](javascript&#58;alert(1))",
  "[click](%6Aavascript:alert(1))",
  "[click]( javascript:alert(1))",
  "[click](vbscript:msgbox(1))",
  "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
  "[click](file:///etc/passwd)",
  "[ref]\n\n[ref]: javascript:alert(1)",
  "<javascript:alert(1)>",
  "![x](https://tracker.example/pixel.gif)",
  "![x](javascript:alert(1))",
  "<details open ontoggle=alert(1)>",
  "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
  '"><img src=x onerror=alert(1)>',
  '[x](https://example.com "onmouseover=alert(1)")',
  "`<script>alert(1)</script>`",
  "<!-- --><script>alert(1)</script>",
];

/** The elements Markdown may produce, and the attributes each may carry. */
const allowed: Record<string, string[]> = {
  ...Object.fromEntries(
    [
      "p",
      "h1",
      "h2",
      "h3",
      "h4",
      "h5",
      "h6",
      "ul",
      "ol",
      "li",
      "strong",
      "em",
      "s",
      "code",
      "pre",
      "blockquote",
      "hr",
      "br",
      "table",
      "thead",
      "tbody",
      "tr",
    ].map((tag) => [tag, []]),
  ),
  ol: ["start"],
  th: ["style"],
  td: ["style"],
  a: ["href", "rel", "target", "title"],
};

/** Every real tag of the output (escaped text is not a tag) and its attributes, checked against the allowlist. */
function unsafeParts(html: string): string[] {
  const problems: string[] = [];
  for (const [, tag, attributes] of html.matchAll(/<([a-zA-Z][a-zA-Z0-9]*)\b([^>]*)>/g)) {
    const name = tag!.toLowerCase();
    if (!(name in allowed)) problems.push(`<${name}>`);
    for (const [, attribute, value] of attributes!.matchAll(/([^\s=]+)(?:="([^"]*)")?/g)) {
      if (!allowed[name]?.includes(attribute!.toLowerCase())) problems.push(`${name}[${attribute}]`);
      if (attribute === "href" && !/^(https?:|mailto:)/i.test(value ?? "")) problems.push(`href=${value}`);
      if (attribute === "style" && !/^text-align:(left|right|center)$/.test(value ?? ""))
        problems.push(`style=${value}`);
    }
  }
  return problems;
}

describe("renderMarkdown", () => {
  it.each(payloads)("neutralises %s", (payload) => {
    const html = renderMarkdown(payload);
    expect(unsafeParts(html), html).toEqual([]);
  });

  it("renders what proposals need: headings, lists, tables, emphasis, safe links", () => {
    const html = renderMarkdown(
      "# Scope\n\n- External test\n- **Internal** test\n\n| Item | Days |\n|---|---|\n| Fieldwork | 5 |\n\nSee [our terms](https://firm.example/terms) or mail sales@firm.example.",
    );
    expect(html).toContain("<h1>Scope</h1>");
    expect(html).toContain("<li><strong>Internal</strong> test</li>");
    expect(html).toContain("<td>Fieldwork</td>");
    expect(html).toContain(
      '<a href="https://firm.example/terms" rel="noopener noreferrer nofollow" target="_blank">our terms</a>',
    );
    expect(html).toContain('href="mailto:sales@firm.example"');
  });

  it("shows raw HTML as text rather than dropping it", () => {
    expect(renderMarkdown("<b>bold</b>")).toBe("<p>&lt;b&gt;bold&lt;/b&gt;</p>\n");
  });
});
