import { type ParsedMail, simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

/**
 * A real SMTP server on 127.0.0.1 (smtp-server), each message parsed with mailparser: what a mail server of the
 * portal's operator would receive. `refuse` makes it answer every message with a permanent error.
 */
export async function startMailCatcher(options: { refuse?: boolean } = {}) {
  const messages: ParsedMail[] = [];
  const waiters: (() => void)[] = [];
  const server = new SMTPServer({
    disabledCommands: ["STARTTLS", "AUTH"],
    authOptional: true,
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream).then(
        (mail) => {
          if (options.refuse) {
            callback(Object.assign(new Error("550 mailbox unavailable"), { responseCode: 550 }));
            return;
          }
          messages.push(mail);
          for (const wake of waiters.splice(0)) wake();
          callback();
        },
        (error: Error) => callback(error),
      );
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.server.address();
  if (!address || typeof address === "string") throw new Error("mail catcher did not start");
  return {
    url: `smtp://127.0.0.1:${address.port}`,
    messages,
    /** The first message (after the `skip` already seen) to `to`, waiting up to `timeoutMs`. */
    async next(to: string, skip = 0, timeoutMs = 15_000): Promise<ParsedMail> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = messages.filter((mail) => mail.text?.length && addressesOf(mail).includes(to));
        if (found.length > skip) return found[skip]!;
        if (Date.now() > deadline) throw new Error(`no mail to ${to} within ${timeoutMs} ms`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 200);
        });
      }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export function addressesOf(mail: ParsedMail): string[] {
  return [mail.to]
    .flat()
    .flatMap((entry) => entry?.value ?? [])
    .map((address) => address.address ?? "");
}

/** The secret of the access link in a mail's plain text. */
export function linkSecretIn(mail: ParsedMail): string {
  const match = /\/access#token=([A-Za-z0-9_-]{43})/.exec(mail.text ?? "");
  if (!match) throw new Error(`no access link in the mail: ${mail.text}`);
  return match[1]!;
}
