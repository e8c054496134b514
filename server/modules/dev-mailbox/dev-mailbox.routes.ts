import type { FastifyInstance } from "fastify";
import { Type } from "typebox";
import { isStaffRole } from "../../auth/permissions";
import { UUID } from "../../auth/scope";
import type { Config } from "../../config";
import type { RunScoped } from "../../db/scope";
import type { PageSessionCheck } from "../../http/auth";
import { escapeHtml, renderPage, sendMessagePage } from "../../http/page";

export const DEV_MAILBOX_PATH = "/dev/mailbox";
const SHOWN = 50;

const dateFormat = new Intl.DateTimeFormat("en-GB", {
  dateStyle: "medium",
  timeStyle: "medium",
  timeZone: "UTC",
});

/** Escapes a plain-text body and makes the portal's own addresses in it clickable (nothing else is a link). */
function linkedText(text: string, publicUrl: string): string {
  const escaped = escapeHtml(text);
  const prefix = escapeHtml(publicUrl);
  return escaped.replace(/https?:\/\/[^\s<]+/g, (url) =>
    url.startsWith(`${prefix}/`) ? `<a href="${url}">${url}</a>` : url,
  );
}

/**
 * The development mailbox: what the local SMTP listener received (mail is never really sent in development), for
 * provider staff. Mounted only when no mail server is configured, which production does not allow.
 */
export function registerDevMailbox(
  app: FastifyInstance,
  deps: { config: Config; runScoped: RunScoped; pageSession: PageSessionCheck },
): void {
  const { config, runScoped, pageSession } = deps;

  async function staffOnly(request: Parameters<PageSessionCheck>[0], reply: Parameters<PageSessionCheck>[1]) {
    const session = await pageSession(request, reply);
    if (!("actor" in session)) {
      reply.redirect(`/auth/login?returnTo=${encodeURIComponent(DEV_MAILBOX_PATH)}`, 302);
      return false;
    }
    if (!isStaffRole(session.actor.role)) {
      sendMessagePage(reply, 403, "Staff only", "The development mailbox is for the provider's staff.");
      return false;
    }
    reply.header("cache-control", "no-store");
    return true;
  }

  app.get(DEV_MAILBOX_PATH, async (request, reply) => {
    if (!(await staffOnly(request, reply))) return reply;
    const mails = await runScoped({ kind: "system" }, (trx) =>
      trx
        .selectFrom("dev_mailbox")
        .select(["id", "to_address", "from_address", "subject", "text_body", "html_body", "created_at"])
        .orderBy("created_at", "desc")
        .limit(SHOWN)
        .execute(),
    );
    const items = mails
      .map(
        (mail) => `<li class="card mail"><h2>${escapeHtml(mail.subject || "(no subject)")}</h2>
<p class="muted">To <strong>${escapeHtml(mail.to_address)}</strong> · from ${escapeHtml(mail.from_address)} · <time datetime="${mail.created_at.toISOString()}">${dateFormat.format(mail.created_at)} UTC</time>${mail.html_body ? ` · <a href="${DEV_MAILBOX_PATH}/${mail.id}">view as HTML</a>` : ""}</p>
<pre>${linkedText(mail.text_body, config.publicUrl)}</pre></li>`,
      )
      .join("\n");
    const body = `<div class="card"><h1>Development mailbox</h1>
<p>Mail the portal sent while no mail server is configured (<code>SMTP_URL</code>). It went through SMTP to a listener of this process on 127.0.0.1; nothing left this machine. Newest first, the last ${SHOWN}.</p>
<p class="muted">Not available in production. <a href="${DEV_MAILBOX_PATH}">Refresh</a></p></div>
${mails.length ? `<ul class="mails">${items}</ul>` : `<div class="card"><p>No mail yet. Issue an access link in the console (Access links) and it appears here.</p></div>`}`;
    return reply.type("text/html; charset=utf-8").send(renderPage("Development mailbox", body));
  });

  app.get(
    `${DEV_MAILBOX_PATH}/:id`,
    { schema: { params: Type.Object({ id: Type.String({ maxLength: 100 }) }) } },
    async (request, reply) => {
      if (!(await staffOnly(request, reply))) return reply;
      const { id } = request.params as { id: string };
      const mail = UUID.test(id)
        ? await runScoped({ kind: "system" }, (trx) =>
            trx.selectFrom("dev_mailbox").select("html_body").where("id", "=", id).executeTakeFirst(),
          )
        : undefined;
      if (!mail?.html_body)
        return sendMessagePage(reply, 404, "Not found", "No such message in the mailbox.");
      // The message as a mail client would show it: its own inline styles, no script, no remote content.
      return reply
        .header(
          "content-security-policy",
          "sandbox allow-popups allow-popups-to-escape-sandbox allow-top-navigation-by-user-activation; default-src 'none'; style-src 'unsafe-inline'; img-src data:",
        )
        .type("text/html; charset=utf-8")
        .send(mail.html_body);
    },
  );
}
