import type { FastifyInstance } from "fastify";
import type Provider from "oidc-provider";
import { Type } from "typebox";
import type { IdpAccount } from "../../auth/dev-idp/provider";
import { AppError } from "../../errors";
import { escapeHtml, renderPage } from "../../http/page";

export const DEV_IDP_PATH = "/dev-idp";
export const DEV_IDP_INTERACTION_PATH = `${DEV_IDP_PATH}/interaction`;

const ROLE_LABELS: Record<string, string> = {
  "Portal.Viewer": "Customer viewer",
  "Portal.Approver": "Customer approver",
  "Portal.Analyst": "Provider analyst",
  "Portal.Admin": "Provider admin",
};

function accountList(uid: string, accounts: readonly IdpAccount[]): string {
  return accounts
    .map((account) => {
      const roles = account.roles.map((role) => ROLE_LABELS[role] ?? role).join(", ");
      const staff = account.roles.some((role) => role === "Portal.Analyst" || role === "Portal.Admin");
      return `<li><div class="who"><strong>${escapeHtml(account.name)}
<span class="badge${staff ? " staff" : ""}">${escapeHtml(roles)}</span>${account.mfa ? '<span class="badge mfa">MFA</span>' : ""}</strong>
<span>${escapeHtml(account.title ?? "")}</span><span>${escapeHtml(account.email)}</span></div>
<form method="post" action="${DEV_IDP_INTERACTION_PATH}/${escapeHtml(uid)}/login">
<input type="hidden" name="account" value="${escapeHtml(account.subject)}">
<button type="submit" aria-label="Sign in as ${escapeHtml(account.name)}">Sign in</button></form></li>`;
    })
    .join("\n");
}

/**
 * Mounts the development identity provider: its own sign-in page (pick a demo user) and, for everything else
 * under /dev-idp, oidc-provider itself (discovery, authorize, token, jwks).
 */
export async function registerDevIdp(
  app: FastifyInstance,
  deps: { provider: Provider; accounts: readonly IdpAccount[] },
): Promise<void> {
  const { provider, accounts } = deps;
  const Params = Type.Object({ uid: Type.String({ pattern: "^[A-Za-z0-9_-]{1,64}$" }) });

  app.get(`${DEV_IDP_INTERACTION_PATH}/:uid`, { schema: { params: Params } }, async (request, reply) => {
    const details = await provider.interactionDetails(request.raw, reply.raw).catch(() => null);
    if (!details)
      throw new AppError("bad_request", "This sign-in request has expired; start again from the portal.");
    if (details.prompt.name === "consent") {
      // First-party client: consent is implied. Grant what was asked and carry on.
      const grant = new provider.Grant({
        accountId: details.session?.accountId ?? "",
        clientId: String(details.params.client_id),
      });
      grant.addOIDCScope(String(details.params.scope ?? "openid"));
      const grantId = await grant.save();
      const redirectTo = await provider.interactionResult(
        request.raw,
        reply.raw,
        { consent: { grantId } },
        {
          mergeWithLastSubmission: true,
        },
      );
      return reply.redirect(redirectTo, 303);
    }
    const body = `<div class="card"><div class="banner">Development identity provider — demo accounts only. It is off
whenever a real identity provider is configured.</div><h1>Choose a demo user</h1>
<p>Sign in to Portcullis as one of these people. Each one has the role and organisation shown.</p>
<ul class="accounts">${accountList(details.uid, accounts)}</ul></div>`;
    return reply
      .header("cache-control", "no-store")
      .type("text/html; charset=utf-8")
      .send(renderPage("Sign in", body));
  });

  app.post(
    `${DEV_IDP_INTERACTION_PATH}/:uid/login`,
    { schema: { params: Params, body: Type.Object({ account: Type.String({ maxLength: 200 }) }) } },
    async (request, reply) => {
      const { account: subject } = request.body as { account: string };
      const account = accounts.find((candidate) => candidate.subject === subject);
      if (!account) throw new AppError("bad_request", "Unknown demo account");
      const details = await provider.interactionDetails(request.raw, reply.raw).catch(() => null);
      if (!details || details.uid !== (request.params as { uid: string }).uid) {
        throw new AppError("bad_request", "This sign-in request has expired; start again from the portal.");
      }
      const redirectTo = await provider.interactionResult(
        request.raw,
        reply.raw,
        { login: { accountId: account.subject, amr: account.mfa ? ["pwd", "mfa"] : ["pwd"] } },
        { mergeWithLastSubmission: false },
      );
      return reply.redirect(redirectTo, 303);
    },
  );

  // oidc-provider reads its own request bodies: this context parses nothing, and hands the raw request over.
  const callback = provider.callback();
  await app.register(async (mounted) => {
    mounted.removeAllContentTypeParsers();
    mounted.addContentTypeParser("*", (_request, _payload, done) => done(null));
    mounted.all(`${DEV_IDP_PATH}/*`, async (request, reply) => {
      reply.hijack();
      const raw = request.raw as typeof request.raw & { originalUrl?: string };
      raw.originalUrl = raw.url;
      raw.url = (raw.url ?? "").slice(DEV_IDP_PATH.length) || "/";
      await callback(raw, reply.raw);
    });
  });
}
