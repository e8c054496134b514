import type { FastifyInstance, FastifyReply } from "fastify";
import { escapeHtml } from "../html";

/** Server-rendered pages (sign-in errors, the development identity provider) share this stylesheet. */
export const PAGE_STYLESHEET = "/auth/assets/page.css";

const css = `
*{box-sizing:border-box}body{margin:0;font-family:ui-sans-serif,system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;
background:#f8fafc;color:#0f172a;line-height:1.5}main{max-width:44rem;margin:4rem auto;padding:0 1rem}
.card{background:#fff;border:1px solid #e2e8f0;border-radius:.75rem;padding:2rem;box-shadow:0 1px 2px rgba(15,23,42,.06)}
h1{font-size:1.5rem;margin:0 0 .5rem}p{margin:.5rem 0;color:#334155}.muted{color:#475569;font-size:.875rem}
.badge{display:inline-block;font-size:.75rem;font-weight:600;padding:.1rem .5rem;border-radius:999px;background:#f1f5f9;color:#334155;margin-left:.25rem}
.badge.mfa{background:#dcfce7;color:#166534}.badge.staff{background:#e0e7ff;color:#3730a3}
a.button,button{display:inline-block;font:inherit;font-weight:600;background:#c2410c;color:#fff;border:0;border-radius:.5rem;
padding:.6rem 1rem;text-decoration:none;cursor:pointer}a.button:focus-visible,button:focus-visible{outline:3px solid #0f172a;outline-offset:2px}
ul.accounts{list-style:none;padding:0;margin:1.5rem 0 0;display:grid;gap:.75rem}
ul.accounts li{border:1px solid #e2e8f0;border-radius:.5rem;padding:1rem;display:flex;justify-content:space-between;align-items:center;gap:1rem}
.who{min-width:0}.who strong{display:block}.who>span{display:block;font-size:.875rem;color:#475569}
.banner{background:#fff7ed;border:1px solid #fed7aa;color:#7c2d12;border-radius:.5rem;padding:.5rem .75rem;font-size:.875rem;margin-bottom:1rem}
ul.mails{list-style:none;padding:0;margin:1rem 0 0;display:grid;gap:1rem}.mail h2{font-size:1.1rem;margin:0 0 .25rem}
.mail{min-width:0;overflow-wrap:anywhere}
.mail pre{white-space:pre-wrap;word-break:break-word;font:inherit;font-size:.9rem;background:#f8fafc;border-radius:.5rem;padding:.75rem;margin:.75rem 0 0}
a{color:#9a3412}code{font-size:.875em}
@media (max-width:560px){.card{padding:1.25rem}main{margin:2rem auto}ul.accounts li{flex-direction:column;align-items:stretch}ul.accounts button{width:100%}}
`;

export { escapeHtml };

/** A complete HTML document; `body` must already be escaped. */
export function renderPage(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)} · Portcullis</title><link rel="icon" href="data:,"><link rel="stylesheet" href="${PAGE_STYLESHEET}"></head>
<body><main>${body}</main></body></html>`;
}

/** An error page a person reads (sign-in refused, link expired): what happened and what to do. */
export function sendMessagePage(
  reply: FastifyReply,
  status: number,
  heading: string,
  message: string,
  action: { href: string; label: string } = { href: "/", label: "Back to the portal" },
): FastifyReply {
  const body = `<div class="card" role="alert"><h1>${escapeHtml(heading)}</h1><p>${escapeHtml(message)}</p>
<p class="muted">Error ${status}</p><p><a class="button" href="${escapeHtml(action.href)}">${escapeHtml(action.label)}</a></p></div>`;
  return reply
    .status(status)
    .header("cache-control", "no-store")
    .type("text/html; charset=utf-8")
    .send(renderPage(heading, body));
}

export function registerPageAssets(app: FastifyInstance): void {
  app.get(PAGE_STYLESHEET, async (_request, reply) =>
    reply.type("text/css; charset=utf-8").header("cache-control", "public, max-age=3600").send(css),
  );
}
