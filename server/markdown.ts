import MarkdownIt, { type Token } from "markdown-it";

/**
 * Markdown written by the provider's staff (proposal bodies), rendered for clients: headings, lists, emphasis,
 * tables, code and links. Raw HTML is never passed through (markdown-it escapes it), links may only be http(s) or
 * mailto (no `javascript:`, `vbscript:`, `data:` or `file:`, however encoded), images are not rendered at all (no
 * remote content, no tracking), and every link opens without giving the target page a handle on the portal.
 */
const markdown = new MarkdownIt({ html: false, linkify: true, typographer: false });
markdown.disable(["image"]);

const SAFE_LINK = /^(https?:|mailto:)/i;
// markdown-it normalises the URL (entities decoded, percent-encoding applied) before asking.
markdown.validateLink = (url) => SAFE_LINK.test(url.trim());

const renderLink =
  markdown.renderer.rules.link_open ??
  ((tokens, index, options, _env, self) => self.renderToken(tokens, index, options));
markdown.renderer.rules.link_open = (tokens, index, options, env, self) => {
  const token = tokens[index]!;
  token.attrSet("rel", "noopener noreferrer nofollow");
  token.attrSet("target", "_blank");
  return renderLink(tokens, index, options, env, self);
};

/** Markdown to HTML that is safe to insert into a page as it is. */
export function renderMarkdown(source: string): string {
  return markdown.render(source);
}

/**
 * The same Markdown as block and inline tokens, for drawing it elsewhere (the proposal PDF). It comes from the
 * instance `renderMarkdown` uses, so both agree on what is a link (only http(s) and mailto), that images are not
 * rendered and that raw HTML is text.
 */
export function parseMarkdown(source: string): Token[] {
  return markdown.parse(source, {});
}
