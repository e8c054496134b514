import { type FormEvent, type ReactNode, useEffect, useId, useRef, useState } from "react";
import {
  EMAIL_DOMAIN_PATTERN,
  EMAIL_DOMAINS_MAX,
  ENTRA_TENANT_ID_PATTERN,
  ENTRA_TENANT_IDS_MAX,
  SESSION_HOURS,
  SESSION_HOURS_DEFAULT,
  TENANT_NAME_MAX_LENGTH,
  TENANT_SLUG_PATTERN,
} from "../../../contracts/tenant-rules";
import type { CreateTenantBody, TenantDetail } from "../../../contracts/tenants";
import { Button, waitingClasses } from "../../components/Button";
import { FieldError, FormError } from "../../components/FormMessages";
import { focusRing } from "../../components/focus";
import { isApiError } from "../../lib/api";

const slugPattern = new RegExp(TENANT_SLUG_PATTERN);
const directoryPattern = new RegExp(ENTRA_TENANT_ID_PATTERN);
const domainPattern = new RegExp(EMAIL_DOMAIN_PATTERN);

type Field = "name" | "slug" | "directories" | "domains" | "hours";
const fieldOrder: Field[] = ["name", "slug", "directories", "domains", "hours"];

const inputClasses = `mt-1 block w-full rounded-lg border border-slate-300 bg-white px-3 text-sm text-slate-900 shadow-sm aria-invalid:border-red-700 ${focusRing}`;

/** Entries typed one per line, or separated by commas or spaces. */
const entriesOf = (text: string) => text.split(/[\s,;]+/).filter(Boolean);

/** A slug suggested by the name: "Northwind Health Systems" → "northwind-health-systems". */
function slugOf(name: string): string {
  return name
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 63)
    .replace(/-+$/, "");
}

/** The first entry that does not fit, as the field's message; none when all fit. */
function listError(
  entries: string[],
  pattern: RegExp,
  max: number,
  what: string,
  example: string,
): string | undefined {
  const bad = entries.find((entry) => !pattern.test(entry));
  if (bad) return `“${bad}” is not ${what}, like ${example}.`;
  if (entries.length > max) return `Enter at most ${max}.`;
  return undefined;
}

interface TenantFormProps {
  /** The tenant being edited; none: a new tenant. */
  tenant?: TenantDetail;
  isSaving: boolean;
  submitLabel: string;
  savingLabel: string;
  /** Sends the settings; rejects with the server's answer. */
  onSubmit: (body: CreateTenantBody) => Promise<unknown>;
  onCancel?: () => void;
  /** Focus the first field when the form opens (a form opened by a button). */
  isFocusedOnOpen?: boolean;
}

/** A tenant's settings, checked as the API checks them before anything is sent. */
export function TenantForm({
  tenant,
  isSaving,
  submitLabel,
  savingLabel,
  onSubmit,
  onCancel,
  isFocusedOnOpen = false,
}: TenantFormProps) {
  const ids = {
    name: useId(),
    slug: useId(),
    directories: useId(),
    domains: useId(),
    hours: useId(),
    mfa: useId(),
    slugHint: useId(),
    directoriesHint: useId(),
    domainsHint: useId(),
    hoursHint: useId(),
    mfaHint: useId(),
  };
  const refs = {
    name: useRef<HTMLInputElement>(null),
    slug: useRef<HTMLInputElement>(null),
    directories: useRef<HTMLTextAreaElement>(null),
    domains: useRef<HTMLTextAreaElement>(null),
    hours: useRef<HTMLInputElement>(null),
  };
  const [name, setName] = useState(tenant?.name ?? "");
  const [slug, setSlug] = useState(tenant?.slug ?? "");
  const [isSlugTyped, setSlugTyped] = useState(tenant !== undefined);
  const [directories, setDirectories] = useState(tenant?.entra_tenant_ids.join("\n") ?? "");
  const [domains, setDomains] = useState(tenant?.allowed_email_domains.join("\n") ?? "");
  const [requireMfa, setRequireMfa] = useState(tenant?.require_mfa ?? true);
  const [hours, setHours] = useState(String(tenant?.session_max_hours ?? SESSION_HOURS_DEFAULT));
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);

  useEffect(() => {
    if (isFocusedOnOpen) refs.name.current?.focus();
  }, [isFocusedOnOpen, refs.name]);

  const focusField = (field: Field) => refs[field].current?.focus();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (isSaving) return;
    setSaved(false);
    const trimmedName = name.trim();
    const directoryIds = entriesOf(directories).map((id) => id.toLowerCase());
    const domainNames = entriesOf(domains).map((domain) => domain.toLowerCase().replace(/^@/, ""));
    const lifetime = Number(hours);
    const found: Partial<Record<Field, string>> = {};
    if (!trimmedName) found.name = "Enter the customer's name.";
    else if (trimmedName.length > TENANT_NAME_MAX_LENGTH)
      found.name = `Use at most ${TENANT_NAME_MAX_LENGTH} characters.`;
    if (!slugPattern.test(slug))
      found.slug = "Use 2 to 63 lower-case letters, digits and hyphens, starting with a letter or digit.";
    found.directories = listError(
      directoryIds,
      directoryPattern,
      ENTRA_TENANT_IDS_MAX,
      "a directory id",
      "6f1c2b7e-8a44-4c1e-9d0b-2f5a7c3e1d90",
    );
    found.domains = listError(domainNames, domainPattern, EMAIL_DOMAINS_MAX, "a domain name", "example.com");
    if (!Number.isInteger(lifetime) || lifetime < SESSION_HOURS.minimum || lifetime > SESSION_HOURS.maximum)
      found.hours = `Enter whole hours from ${SESSION_HOURS.minimum} to ${SESSION_HOURS.maximum}.`;
    setErrors(found);
    setFailure(null);
    const first = fieldOrder.find((field) => found[field]);
    if (first) {
      focusField(first);
      return;
    }
    onSubmit({
      name: trimmedName,
      slug,
      entra_tenant_ids: directoryIds,
      allowed_email_domains: domainNames,
      require_mfa: requireMfa,
      session_max_hours: lifetime,
    }).then(
      () => setSaved(true),
      (error: unknown) => {
        if (isApiError(error, 409)) {
          // The slug or a directory belongs to another tenant: the message goes under that field.
          const field: Field = /slug/i.test(error.message) ? "slug" : "directories";
          setErrors({ [field]: error.message });
          focusField(field);
          return;
        }
        if (!isApiError(error)) setFailure("The server could not be reached. Try again.");
        else if (error.status >= 500 && error.requestId)
          setFailure(`${error.message} (request id ${error.requestId})`);
        else setFailure(error.message);
      },
    );
  };

  const described = (field: Field, hint?: string) =>
    [errors[field] ? `${ids[field]}-error` : "", hint ?? ""].filter(Boolean).join(" ") || undefined;

  return (
    <form noValidate onSubmit={submit} className="space-y-5">
      <div className="grid gap-5 md:grid-cols-2">
        <Labelled id={ids.name} label="Name" error={errors.name}>
          <input
            ref={refs.name}
            id={ids.name}
            type="text"
            required
            maxLength={TENANT_NAME_MAX_LENGTH}
            autoComplete="organization"
            value={name}
            onChange={(event) => {
              setName(event.target.value);
              if (!isSlugTyped) setSlug(slugOf(event.target.value));
            }}
            aria-invalid={errors.name ? true : undefined}
            aria-describedby={described("name")}
            className={`h-10 ${inputClasses}`}
          />
        </Labelled>
        <Labelled
          id={ids.slug}
          label="Slug"
          error={errors.slug}
          hint={{ id: ids.slugHint, text: "Unique; used by the command line, e.g. northwind." }}
        >
          <input
            ref={refs.slug}
            id={ids.slug}
            type="text"
            required
            maxLength={63}
            autoComplete="off"
            spellCheck={false}
            value={slug}
            onChange={(event) => {
              setSlug(event.target.value);
              setSlugTyped(true);
            }}
            aria-invalid={errors.slug ? true : undefined}
            aria-describedby={described("slug", ids.slugHint)}
            className={`h-10 font-mono ${inputClasses}`}
          />
        </Labelled>
        <Labelled
          id={ids.directories}
          label="Entra tenant ids"
          error={errors.directories}
          hint={{
            id: ids.directoriesHint,
            text: "The customer's Microsoft Entra directories, one per line: their users sign in to this tenant. Removing one ends the tenant's single sign-on sessions.",
          }}
        >
          <textarea
            ref={refs.directories}
            id={ids.directories}
            rows={3}
            spellCheck={false}
            value={directories}
            onChange={(event) => setDirectories(event.target.value)}
            aria-invalid={errors.directories ? true : undefined}
            aria-describedby={described("directories", ids.directoriesHint)}
            className={`py-2 font-mono ${inputClasses}`}
          />
        </Labelled>
        <Labelled
          id={ids.domains}
          label="Allowed email domains"
          error={errors.domains}
          hint={{
            id: ids.domainsHint,
            text: "Access links may be emailed only to these domains and their subdomains, one per line. Empty: any address.",
          }}
        >
          <textarea
            ref={refs.domains}
            id={ids.domains}
            rows={3}
            spellCheck={false}
            value={domains}
            onChange={(event) => setDomains(event.target.value)}
            aria-invalid={errors.domains ? true : undefined}
            aria-describedby={described("domains", ids.domainsHint)}
            className={`py-2 font-mono ${inputClasses}`}
          />
        </Labelled>
        <Labelled
          id={ids.hours}
          label="Session lifetime (hours)"
          error={errors.hours}
          hint={{
            id: ids.hoursHint,
            text: `${SESSION_HOURS.minimum} to ${SESSION_HOURS.maximum}. Applies from each user's next sign-in.`,
          }}
        >
          <input
            ref={refs.hours}
            id={ids.hours}
            type="number"
            inputMode="numeric"
            min={SESSION_HOURS.minimum}
            max={SESSION_HOURS.maximum}
            step={1}
            value={hours}
            onChange={(event) => setHours(event.target.value)}
            aria-invalid={errors.hours ? true : undefined}
            aria-describedby={described("hours", ids.hoursHint)}
            className={`h-10 max-w-40 ${inputClasses}`}
          />
        </Labelled>
        <div className="flex items-start gap-3 self-start md:pt-6">
          <input
            id={ids.mfa}
            type="checkbox"
            checked={requireMfa}
            onChange={(event) => setRequireMfa(event.target.checked)}
            aria-describedby={ids.mfaHint}
            className={`mt-0.5 size-4 shrink-0 accent-orange-700 ${focusRing}`}
          />
          <div>
            <label htmlFor={ids.mfa} className="text-sm font-medium text-slate-700">
              Require multi-factor authentication
            </label>
            <p id={ids.mfaHint} className="text-xs text-slate-600">
              Single sign-ons without MFA are refused; turning it on ends the sessions opened without MFA at
              once.
            </p>
          </div>
        </div>
      </div>
      <FormError>{failure}</FormError>
      <div className="flex flex-wrap items-center gap-2">
        <Button
          type="submit"
          // aria-disabled, not disabled: a disabled button loses focus (to the page's top) while it waits.
          aria-disabled={isSaving || undefined}
          className={waitingClasses}
        >
          {isSaving ? savingLabel : submitLabel}
        </Button>
        {onCancel && (
          <Button variant="secondary" onClick={onCancel}>
            Cancel
          </Button>
        )}
        <p role="status" className="text-sm text-green-800">
          {saved && tenant ? "Saved." : ""}
        </p>
      </div>
    </form>
  );
}

function Labelled({
  id,
  label,
  error,
  hint,
  children,
}: {
  id: string;
  label: string;
  error: string | undefined;
  hint?: { id: string; text: string };
  children: ReactNode;
}) {
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium text-slate-700">
        {label}
      </label>
      {children}
      <FieldError id={`${id}-error`}>{error}</FieldError>
      {hint && (
        <p id={hint.id} className="mt-1 text-xs text-slate-600">
          {hint.text}
        </p>
      )}
    </div>
  );
}
