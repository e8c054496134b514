import { escapeHtml } from "../html";

/**
 * The portal's email: each message in plain text and HTML, named after the provider, with a clear subject. No
 * images, no remote content, no tracking: the HTML is the text, laid out. Every value is escaped.
 */
export interface MailContent {
  subject: string;
  text: string;
  html: string;
}

/** One line for a subject: no control characters (a header never spans lines), at most 150 characters. */
function subjectLine(value: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point
  return value.replace(/[\u0000-\u001f\u007f]+/g, " ").slice(0, 150);
}

const dateFormat = new Intl.DateTimeFormat("en-GB", {
  dateStyle: "long",
  timeStyle: "short",
  timeZone: "UTC",
});
export const formatMailDate = (date: Date) => `${dateFormat.format(date)} UTC`;

interface Layout {
  provider: string;
  heading: string;
  paragraphs: string[];
  action: { label: string; href: string };
  footer: string[];
}

function html(layout: Layout): string {
  const p = (text: string) =>
    `<p style="margin:0 0 16px;font-size:15px;line-height:1.55;color:#334155">${escapeHtml(text)}</p>`;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(layout.heading)}</title></head>
<body style="margin:0;padding:24px;background:#f8fafc;font-family:-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0"><tr><td align="center">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:560px;background:#ffffff;border:1px solid #e2e8f0;border-radius:12px">
<tr><td style="padding:28px 32px">
<p style="margin:0 0 20px;font-size:13px;font-weight:600;letter-spacing:.02em;color:#475569">${escapeHtml(layout.provider)}</p>
<h1 style="margin:0 0 16px;font-size:21px;line-height:1.3;color:#0f172a">${escapeHtml(layout.heading)}</h1>
${layout.paragraphs.map(p).join("\n")}
<p style="margin:24px 0"><a href="${escapeHtml(layout.action.href)}" style="display:inline-block;background:#c2410c;color:#ffffff;font-weight:600;font-size:15px;text-decoration:none;padding:12px 20px;border-radius:8px">${escapeHtml(layout.action.label)}</a></p>
<p style="margin:0 0 16px;font-size:13px;line-height:1.5;color:#475569">If the button does not work, copy this address into your browser:<br><span style="word-break:break-all;color:#0f172a">${escapeHtml(layout.action.href)}</span></p>
${layout.footer.map((line) => `<p style="margin:0 0 8px;font-size:12px;line-height:1.5;color:#64748b">${escapeHtml(line)}</p>`).join("\n")}
</td></tr></table></td></tr></table></body></html>`;
}

function text(layout: Layout): string {
  return [
    layout.provider,
    "",
    layout.heading,
    "",
    ...layout.paragraphs.flatMap((paragraph) => [paragraph, ""]),
    `${layout.action.label}: ${layout.action.href}`,
    "",
    ...layout.footer,
    "",
  ].join("\n");
}

function render(subject: string, layout: Layout): MailContent {
  return { subject: subjectLine(subject), text: text(layout), html: html(layout) };
}

export function accessLinkMail(input: {
  providerName: string;
  tenantName: string;
  workspaceName: string;
  link: string;
  expiresAt: Date;
  canSign: boolean;
}): MailContent {
  return render(`Your access link to ${input.workspaceName} · ${input.providerName}`, {
    provider: input.providerName,
    heading: `Your link to ${input.workspaceName}`,
    paragraphs: [
      `${input.providerName} invited you to the ${input.workspaceName} workspace of ${input.tenantName} in its client portal${input.canSign ? ", where you can also approve and sign documents" : ""}.`,
      `The link signs you in once and works until ${formatMailDate(input.expiresAt)}. Opening it shows where it leads; you sign in only when you press Continue.`,
    ],
    action: { label: "Open the portal", href: input.link },
    footer: [
      "Do not forward this email: anyone with the link can use it once. If you did not expect it, ignore it.",
      "Link expired or used? Open the portal's access page and ask for a new one with this address.",
    ],
  });
}

export function proposalSentMail(input: {
  providerName: string;
  proposalTitle: string;
  version: number;
  kind: "proposal" | "approval";
  link: string;
  expiresAt: Date | null;
}): MailContent {
  const what = input.kind === "approval" ? "An approval request" : "A proposal";
  return render(
    `${input.kind === "approval" ? "Approval requested" : "Proposal for your signature"}: ${input.proposalTitle} · ${input.providerName}`,
    {
      provider: input.providerName,
      heading: `${what} is waiting for your decision`,
      paragraphs: [
        `${input.providerName} sent you “${input.proposalTitle}” (version ${input.version}) to review, then sign or decline, in its client portal.`,
        ...(input.expiresAt ? [`It can be signed until ${formatMailDate(input.expiresAt)}.`] : []),
      ],
      action: {
        label: input.kind === "approval" ? "Review the request" : "Review the proposal",
        href: input.link,
      },
      footer: [
        "You receive this because you were named as a signer. Do not forward it: the link is meant for you alone.",
      ],
    },
  );
}

export function reportReadyMail(input: {
  providerName: string;
  reportTitle: string;
  link: string;
}): MailContent {
  return render(`New report: ${input.reportTitle} · ${input.providerName}`, {
    provider: input.providerName,
    heading: "A new report is ready",
    paragraphs: [`“${input.reportTitle}” is ready in the client portal, with its PDF to download.`],
    action: { label: "Open the report", href: input.link },
    footer: ["You receive this because your organisation uses the client portal."],
  });
}
