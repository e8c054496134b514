import type { FastifyReply, FastifyRequest } from "fastify";
import type { Actor } from "../auth/permissions";
import type { Config } from "../config";

/** Why the sign-in page is shown to someone who was signed in: it says so in one line. */
export type SignInNotice = "signed_out" | "expired" | "ended";

/** What a page request comes with: a valid session's actor, or none, and then why if known (the sign-in page says it). */
export type PageSession = { actor: Actor } | { notice: SignInNotice | null };

const NOTICE_COOKIE = "portcullis_notice";
/** Long enough to survive the redirect or reload that leads to the sign-in page, short enough to go stale. */
const NOTICE_SECONDS = 300;
const notices: readonly string[] = ["signed_out", "expired", "ended"] satisfies SignInNotice[];

/** A notice set while answering a request is not among that request's cookies: it is remembered here. */
const setDuringRequest = new WeakMap<FastifyRequest, SignInNotice>();

function noticeCookieOptions(config: Config) {
  return { path: "/", httpOnly: true, sameSite: "lax" as const, secure: config.isHttps };
}

/** Leaves the reason for the next sign-in page this browser is shown. */
export function setSignInNotice(
  request: FastifyRequest,
  reply: FastifyReply,
  config: Config,
  notice: SignInNotice,
): void {
  reply.setCookie(NOTICE_COOKIE, notice, { ...noticeCookieOptions(config), maxAge: NOTICE_SECONDS });
  setDuringRequest.set(request, notice);
}

/** The notice for this request: one set while answering it, else the cookie's; an unknown value is ignored. */
export function signInNoticeOf(request: FastifyRequest): SignInNotice | null {
  const notice = setDuringRequest.get(request) ?? request.cookies[NOTICE_COOKIE];
  return notice !== undefined && notices.includes(notice) ? (notice as SignInNotice) : null;
}

/** A notice is shown once: the page that showed it (or made it moot) clears the cookie. */
export function clearSignInNotice(request: FastifyRequest, reply: FastifyReply, config: Config): void {
  if (setDuringRequest.has(request) || request.cookies[NOTICE_COOKIE] !== undefined) {
    reply.clearCookie(NOTICE_COOKIE, noticeCookieOptions(config));
  }
}
