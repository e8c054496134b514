import type { FastifyBaseLogger } from "fastify";
import { simpleParser } from "mailparser";
import nodemailer from "nodemailer";
import { SMTPServer } from "smtp-server";
import type { Config } from "../config";
import type { RunScoped } from "../db/scope";
import type { MailContent } from "./templates";

export interface Mailer {
  /** Sends one message over SMTP; throws the mail server's refusal (the job that called it retries). */
  send(to: string, content: MailContent): Promise<void>;
  close(): Promise<void>;
}

/** The development mailbox keeps messages up to this size; bigger ones are refused like a real server would. */
const DEV_MAILBOX_MAX_BYTES = 1024 * 1024;

/**
 * Mail goes out through nodemailer's SMTP transport, always. With a mail server configured (SMTP_URL) that is
 * where; otherwise (development only) the process runs its own SMTP listener on the loopback interface and the
 * messages it receives land in the `dev_mailbox` table, read at /dev/mailbox: the same sending path as
 * production, down to the SMTP conversation.
 */
export async function createMailer(deps: {
  config: Config;
  runScoped: RunScoped;
  log: FastifyBaseLogger;
}): Promise<Mailer> {
  const { config, runScoped, log } = deps;
  let listener: SMTPServer | null = null;
  let transportUrl: string;
  if (config.mail.kind === "smtp") {
    transportUrl = config.mail.url;
  } else {
    listener = await startDevMailbox(runScoped, log);
    const address = listener.server.address();
    if (!address || typeof address === "string") throw new Error("the development mailbox did not start");
    transportUrl = `smtp://127.0.0.1:${address.port}`;
  }
  const transport = nodemailer.createTransport({
    url: transportUrl,
    // A loopback listener has no certificate to offer; a real server's TLS follows its URL (smtps://, STARTTLS).
    ...(listener ? { ignoreTLS: true } : {}),
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 20_000,
  });
  const from = config.mail.from;
  return {
    async send(to, content) {
      await transport.sendMail({
        from,
        to,
        subject: content.subject,
        text: content.text,
        html: content.html,
        // Nothing to track and nothing to reply to by hand: a notification, said as such.
        headers: { "Auto-Submitted": "auto-generated" },
      });
    },
    async close() {
      transport.close();
      if (listener) await new Promise<void>((resolve) => listener!.close(() => resolve()));
    },
  };
}

async function startDevMailbox(runScoped: RunScoped, log: FastifyBaseLogger): Promise<SMTPServer> {
  const server = new SMTPServer({
    // Only this process talks to it, over loopback: no TLS, no login.
    secure: false,
    disabledCommands: ["STARTTLS", "AUTH"],
    authOptional: true,
    size: DEV_MAILBOX_MAX_BYTES,
    logger: false,
    onConnect(session, callback) {
      const loopback = ["127.0.0.1", "::1", "::ffff:127.0.0.1"].includes(session.remoteAddress);
      callback(loopback ? undefined : new Error("The development mailbox accepts loopback connections only"));
    },
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then(async (mail) => {
          if ((stream as unknown as { sizeExceeded?: boolean }).sizeExceeded) {
            throw new Error("message too large for the development mailbox");
          }
          const to = [mail.to]
            .flat()
            .flatMap((entry) => entry?.value ?? [])
            .map((address) => address.address ?? "")
            .join(", ");
          await runScoped({ kind: "system" }, (trx) =>
            trx
              .insertInto("dev_mailbox")
              .values({
                to_address: to,
                from_address: mail.from?.text ?? "",
                subject: mail.subject ?? "",
                text_body: mail.text ?? "",
                html_body: typeof mail.html === "string" ? mail.html : null,
              })
              .execute(),
          );
          callback();
        })
        .catch((error: Error) => {
          log.warn({ err: error }, "development mailbox: message not stored");
          callback(error);
        });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  server.on("error", (error) => log.warn({ err: error }, "development mailbox error"));
  return server;
}
