import {
  ArrowRight,
  Clock,
  Link2Off,
  type LucideIcon,
  Mail,
  Shield,
  ShieldCheck,
  TriangleAlert,
} from "lucide-react";
import {
  createContext,
  type FormEvent,
  type ReactNode,
  useContext,
  useEffect,
  useId,
  useRef,
  useState,
} from "react";
import { Link, useLoaderData } from "react-router";
import { DocumentTitle } from "../../components/DocumentTitle";
import { focusRing } from "../../components/focus";
import { LoadingState } from "../../components/LoadingState";
import { type ApiError, isApiError } from "../../lib/api";
import { formatDateTime } from "../../lib/format";
import { useLinkPreview, useRedeemLink, useRequestLink } from "./api";
import { takeLinkToken } from "./linkToken";

/** What the route's loader hands over: the link's secret, already out of the address bar. */
export interface AccessPageData {
  token: string | null;
}

const primaryButton = `inline-flex w-full items-center justify-center gap-2 rounded-lg bg-orange-700 px-4 py-3 text-sm font-semibold text-white shadow-sm hover:bg-orange-800 active:bg-orange-900 aria-disabled:cursor-not-allowed aria-disabled:opacity-60 ${focusRing}`;
const secondaryButton = `inline-flex w-full items-center justify-center gap-2 rounded-lg border border-slate-300 bg-white px-4 py-3 text-sm font-semibold text-slate-700 shadow-sm hover:bg-slate-50 aria-disabled:cursor-not-allowed aria-disabled:opacity-60 ${focusRing}`;

/**
 * Public page (no session): the emailed access link lands here as `/access#token=…`. It shows where the link
 * leads; only pressing Continue uses it. Without a link, or with one that can't be used, a client can have a
 * new one emailed, or sign in with their organisation's account instead.
 */
export function AccessPage() {
  const loaded = useLoaderData() as AccessPageData;
  const [token, setToken] = useState(loaded.token);
  const firstState = useRef<string | null>(null);

  // A link pasted into the address bar of this very page only changes its fragment: no new page load.
  useEffect(() => {
    const onHashChange = () => {
      const next = takeLinkToken();
      if (next !== null) setToken(next);
    };
    window.addEventListener("hashchange", onHashChange);
    return () => window.removeEventListener("hashchange", onHashChange);
  }, []);
  return (
    <FirstState.Provider value={firstState}>
      <div className="flex min-h-dvh flex-col bg-slate-50">
        <main className="flex flex-1 items-center justify-center px-4 py-12">
          <div className="w-full max-w-md rounded-xl border border-slate-200 bg-white px-5 py-10 text-center shadow-sm sm:px-10">
            {token === null ? <WithoutLink /> : <WithLink key={token} token={token} />}
          </div>
        </main>
        <footer className="px-4 pb-8 text-center text-sm text-slate-600">
          <span>Portcullis</span>
          <span aria-hidden="true"> · </span>
          <Link
            to="/verify"
            className={`rounded font-medium text-orange-800 underline-offset-4 hover:underline ${focusRing}`}
          >
            Verify a document
          </Link>
        </footer>
      </div>
    </FirstState.Provider>
  );
}

/** The round badge at the top of the card, as on the sign-in page. */
function Emblem({ icon: Icon, tone = "brand" }: { icon: LucideIcon; tone?: "brand" | "danger" }) {
  const colours =
    tone === "danger"
      ? "bg-red-50 ring-red-200 text-red-700"
      : "bg-orange-50 ring-orange-200 text-orange-700";
  return (
    <div className={`mx-auto flex size-16 items-center justify-center rounded-full ring-1 ${colours}`}>
      <Icon className="size-8" aria-hidden="true" />
    </div>
  );
}

/** The state the page showed first (its heading's `state`), whichever component rendered it. */
const FirstState = createContext<{ current: string | null }>({ current: null });

/**
 * The card's heading. When what the card shows changes (the link checked, a failure), focus moves to it so a
 * screen reader reads the new state from its start; the page's first state leaves focus where the browser put it.
 */
function Heading({ children, state }: { children: ReactNode; state: string }) {
  const ref = useRef<HTMLHeadingElement>(null);
  const firstState = useContext(FirstState);
  useEffect(() => {
    if (firstState.current === null) firstState.current = state;
    else if (firstState.current !== state) ref.current?.focus();
  }, [state, firstState]);
  return (
    <h1
      ref={ref}
      tabIndex={-1}
      className="mt-6 text-2xl font-semibold tracking-tight text-balance text-slate-900 focus:outline-none"
    >
      {children}
    </h1>
  );
}

/** "2 minutes", from a 429's Retry-After; a minute at least. */
function waitOf(error: ApiError): string {
  if (error.retryAfterSeconds === undefined) return "a few minutes";
  const minutes = Math.max(1, Math.ceil(error.retryAfterSeconds / 60));
  return minutes === 1 ? "1 minute" : `${minutes} minutes`;
}

function WithLink({ token }: { token: string }) {
  const preview = useLinkPreview(token);
  const redeem = useRedeemLink(token);
  // A link used up (or revoked) between opening the page and pressing Continue fails like an unusable one.
  const failure = redeem.error ?? preview.error;

  // 400: a secret the server would not even look up (too long): as unusable as an unknown one.
  if (isApiError(failure, 401) || isApiError(failure, 400)) return <UnusableLink />;
  if (isApiError(failure, 429)) {
    return (
      <>
        <DocumentTitle title="Too many attempts" />
        <Emblem icon={Clock} />
        <Heading state="rate-limited">Too many attempts</Heading>
        <p className="mt-3 text-sm leading-6 text-slate-600">
          For your security, links can't be checked from your network for a while. Try again in{" "}
          {waitOf(failure)}.
        </p>
        <button
          type="button"
          className={`mt-8 ${secondaryButton}`}
          // aria-disabled, not disabled: a disabled button loses focus (to the page's top) while it waits.
          aria-disabled={preview.isFetching || undefined}
          onClick={() => {
            if (preview.isFetching) return;
            redeem.reset();
            void preview.refetch();
          }}
        >
          {preview.isFetching ? "Checking…" : "Try again"}
        </button>
      </>
    );
  }
  if (preview.isError) {
    return (
      <>
        <DocumentTitle title="Sign in with an emailed link" />
        <Emblem icon={TriangleAlert} tone="danger" />
        <Heading state="error">Your link could not be checked</Heading>
        <p role="alert" className="mt-3 text-sm leading-6 text-slate-600">
          {isApiError(preview.error) ? preview.error.message : "The portal could not be reached."} Try again
          in a moment.
        </p>
        {isApiError(preview.error) && preview.error.requestId && (
          <p className="mt-1 font-mono text-xs break-all text-slate-600">
            Request id: {preview.error.requestId}
          </p>
        )}
        <button
          type="button"
          className={`mt-8 ${secondaryButton}`}
          aria-disabled={preview.isFetching || undefined}
          onClick={() => {
            if (!preview.isFetching) void preview.refetch();
          }}
        >
          {preview.isFetching ? "Checking…" : "Try again"}
        </button>
      </>
    );
  }
  if (preview.isPending) {
    return (
      <>
        <DocumentTitle title="Sign in with an emailed link" />
        <Emblem icon={Shield} />
        <Heading state="checking">Sign in with an emailed link</Heading>
        <LoadingState label="Checking your link…" />
      </>
    );
  }

  const link = preview.data;
  const isLeaving = redeem.isPending || redeem.isSuccess;
  return (
    <>
      <DocumentTitle title={`Sign in to ${link.workspaceName}`} />
      <Emblem icon={ShieldCheck} />
      <Heading state="preview">{link.providerName}</Heading>
      <p className="mt-3 text-base font-medium text-balance text-slate-900">
        {link.workspaceName} · {link.tenantName}
      </p>
      <p className="mt-1 text-sm text-slate-600">
        for <span className="font-medium break-all text-slate-900">{link.email}</span>
      </p>
      <p className="mt-6 rounded-lg bg-slate-50 px-4 py-3 text-sm text-slate-700 ring-1 ring-slate-200 ring-inset">
        Link expires <time dateTime={link.expiresAt}>{formatDateTime(link.expiresAt)}</time>
      </p>
      <button
        type="button"
        className={`mt-6 ${primaryButton}`}
        aria-disabled={isLeaving || undefined}
        onClick={() => {
          if (!isLeaving) redeem.mutate();
        }}
      >
        {isLeaving ? "Signing in…" : "Continue"}
        {!isLeaving && <ArrowRight className="size-4" aria-hidden="true" />}
      </button>
      <p className="mt-3 text-xs text-slate-600">
        The link works once: Continue signs you in and uses it up.
      </p>
      {redeem.isError && (
        <p
          role="alert"
          className="mt-4 rounded-lg border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-800"
        >
          {isApiError(redeem.error) ? redeem.error.message : "The portal could not be reached."} Try again.
        </p>
      )}
    </>
  );
}

/** A link that is unknown, used, expired or revoked: say so, and offer a new one. */
function UnusableLink() {
  return (
    <>
      <DocumentTitle title="This link can't be used" />
      <Emblem icon={Link2Off} tone="danger" />
      <Heading state="unusable">This link can't be used</Heading>
      <p className="mt-3 text-sm leading-6 text-slate-600">
        It may have been used already, have expired or been revoked. Enter your email address and we'll send
        you a new one if you still have access.
      </p>
      <RequestForm />
      <OrganisationSignIn />
    </>
  );
}

function WithoutLink() {
  return (
    <>
      <DocumentTitle title="Sign in with an emailed link" />
      <Emblem icon={Mail} />
      <Heading state="request">Sign in with an emailed link</Heading>
      <p className="mt-3 text-sm leading-6 text-slate-600">
        Enter the email address your security provider invited. If it has access, we'll email you a link that
        signs you in once.
      </p>
      <RequestForm />
      <OrganisationSignIn />
    </>
  );
}

function OrganisationSignIn() {
  return (
    <>
      <div className="mt-8 flex items-center gap-3 text-xs font-medium text-slate-600">
        <span className="h-px flex-1 bg-slate-200" aria-hidden="true" />
        or
        <span className="h-px flex-1 bg-slate-200" aria-hidden="true" />
      </div>
      <a href="/auth/login" className={`mt-6 ${secondaryButton}`}>
        <Shield className="size-4" aria-hidden="true" />
        Sign in with your organisation's account
      </a>
    </>
  );
}

/** Loose on purpose: the server checks the address exactly; this only catches what cannot be an address. */
const LOOKS_LIKE_EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function RequestForm() {
  const inputId = useId();
  const errorId = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const [email, setEmail] = useState("");
  const [invalid, setInvalid] = useState(false);
  const request = useRequestLink();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (request.isPending) return;
    const address = email.trim();
    if (!LOOKS_LIKE_EMAIL.test(address)) {
      setInvalid(true);
      inputRef.current?.focus();
      return;
    }
    setInvalid(false);
    request.mutate(address, {
      onError: (error) => {
        if (isApiError(error, 400)) {
          setInvalid(true);
          inputRef.current?.focus();
        }
      },
    });
  };

  const error = request.error;
  const fieldError = invalid ? "Enter a valid email address, like name@example.com." : null;
  const formError =
    error && !isApiError(error, 400)
      ? isApiError(error, 429)
        ? `You asked for links too often. Try again in ${waitOf(error)}.`
        : `${isApiError(error) ? error.message : "The portal could not be reached."} Try again.`
      : null;

  return (
    <form noValidate onSubmit={submit} className="mt-8 text-left">
      <label htmlFor={inputId} className="block text-sm font-medium text-slate-800">
        Email address
      </label>
      <input
        ref={inputRef}
        id={inputId}
        type="email"
        inputMode="email"
        autoComplete="email"
        spellCheck={false}
        required
        value={email}
        onChange={(event) => setEmail(event.target.value)}
        aria-invalid={fieldError ? true : undefined}
        aria-describedby={fieldError ? errorId : undefined}
        className={`mt-1 block h-11 w-full rounded-lg border border-slate-300 bg-white px-3 text-base text-slate-900 shadow-sm aria-invalid:border-red-700 sm:text-sm ${focusRing}`}
      />
      {fieldError && (
        <p id={errorId} className="mt-1 text-sm font-medium text-red-800">
          {fieldError}
        </p>
      )}
      <button
        type="submit"
        className={`mt-4 ${primaryButton}`}
        aria-disabled={request.isPending || undefined}
      >
        <Mail className="size-4" aria-hidden="true" />
        {request.isPending ? "Sending…" : "Email me a link"}
      </button>
      <div role="status">
        {request.isSuccess && (
          <p className="mt-4 rounded-lg border border-green-200 bg-green-50 px-4 py-3 text-sm text-green-900">
            {request.data.message}
          </p>
        )}
      </div>
      {formError && (
        <p
          role="alert"
          className="mt-4 rounded-lg border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-800"
        >
          {formError}
        </p>
      )}
    </form>
  );
}
