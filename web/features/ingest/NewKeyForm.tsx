import { type FormEvent, type ReactNode, useEffect, useId, useRef, useState } from "react";
import type { CreatedApiKey } from "../../../contracts/ingest";
import { Button, waitingClasses } from "../../components/Button";
import { Card } from "../../components/Card";
import { ErrorState } from "../../components/ErrorState";
import { FieldError, FormError } from "../../components/FormMessages";
import { focusRing } from "../../components/focus";
import { SkeletonRows } from "../../components/Skeleton";
import { useTenantNames } from "../tenants/api";
import { useCreateApiKey } from "./api";
import { messageOf } from "./errors";

/** The longest name the server takes. */
const NAME_MAX_LENGTH = 100;

type Field = "name" | "tenants";

interface NewKeyFormProps {
  onCancel: () => void;
  /** The key was created: the answer carries the key itself, which the page shows once. */
  onCreated: (created: CreatedApiKey) => void;
}

/** A new ingestion key: what it is for, and the tenants whose workspaces it may write to. */
export function NewKeyForm({ onCancel, onCreated }: NewKeyFormProps) {
  const ids = {
    name: useId(),
    nameHint: useId(),
    nameError: useId(),
    tenantsHint: useId(),
    tenantsError: useId(),
  };
  const nameRef = useRef<HTMLInputElement>(null);
  const tenantsRef = useRef<HTMLFieldSetElement>(null);
  const [name, setName] = useState("");
  const [tenantIds, setTenantIds] = useState<string[]>([]);
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const tenants = useTenantNames();
  const create = useCreateApiKey();

  // The form opens on its first field.
  useEffect(() => {
    nameRef.current?.focus();
  }, []);

  const toggleTenant = (id: string, isChosen: boolean) =>
    setTenantIds((current) => (isChosen ? [...current, id] : current.filter((chosen) => chosen !== id)));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (create.isPending) return;
    const trimmed = name.trim();
    const found: Partial<Record<Field, string>> = {};
    if (!trimmed) found.name = "Enter a name for the key.";
    else if (trimmed.length > NAME_MAX_LENGTH) found.name = `Use at most ${NAME_MAX_LENGTH} characters.`;
    if (tenantIds.length === 0) found.tenants = "Choose at least one tenant.";
    setErrors(found);
    setFailure(null);
    if (found.name) {
      nameRef.current?.focus();
      return;
    }
    if (found.tenants) {
      (tenantsRef.current?.querySelector<HTMLElement>("input") ?? tenantsRef.current)?.focus();
      return;
    }
    create.mutate(
      { name: trimmed, tenantIds },
      {
        onSuccess: onCreated,
        onError: (error) =>
          setFailure(
            messageOf(error, "A chosen tenant no longer exists. Reload the page to see the current ones."),
          ),
      },
    );
  };

  let tenantChoices: ReactNode;
  if (tenants.isPending) {
    tenantChoices = <SkeletonRows label="Loading tenants…" rows={2} rowClassName="h-11 rounded-lg" />;
  } else if (tenants.isError) {
    tenantChoices = (
      <ErrorState what="the tenants" error={tenants.error} onRetry={() => void tenants.refetch()} />
    );
  } else if (tenants.data.items.length === 0) {
    tenantChoices = (
      <p className="text-sm text-slate-600">No tenants yet: a key writes to a tenant's workspaces.</p>
    );
  } else {
    const { items, total } = tenants.data;
    tenantChoices = (
      <>
        <ul className="grid gap-2 sm:grid-cols-2 xl:grid-cols-3">
          {items.map((tenant) => (
            <li key={tenant.id}>
              <label className="flex items-start gap-3 rounded-lg border border-slate-200 p-3 text-sm has-checked:border-orange-300 has-checked:bg-orange-50/60">
                <input
                  type="checkbox"
                  checked={tenantIds.includes(tenant.id)}
                  onChange={(event) => toggleTenant(tenant.id, event.target.checked)}
                  aria-invalid={errors.tenants ? true : undefined}
                  aria-describedby={errors.tenants ? ids.tenantsError : undefined}
                  className={`mt-0.5 size-4 shrink-0 accent-orange-700 ${focusRing}`}
                />
                <span className="min-w-0">
                  <span className="block font-medium break-words text-slate-900">{tenant.name}</span>
                  <span className="block text-xs text-slate-600">
                    {tenant.workspaces === 1 ? "1 workspace" : `${tenant.workspaces} workspaces`}
                  </span>
                </span>
              </label>
            </li>
          ))}
        </ul>
        {total > items.length && (
          <p className="mt-2 text-xs text-slate-600">
            The first {items.length} of {total} tenants, by name.
          </p>
        )}
      </>
    );
  }

  return (
    <Card title="New API key">
      <form noValidate onSubmit={submit} className="space-y-5">
        <div className="max-w-md">
          <label htmlFor={ids.name} className="block text-sm font-medium text-slate-700">
            Name
          </label>
          <input
            ref={nameRef}
            id={ids.name}
            type="text"
            required
            maxLength={NAME_MAX_LENGTH}
            autoComplete="off"
            value={name}
            onChange={(event) => setName(event.target.value)}
            aria-invalid={errors.name ? true : undefined}
            aria-describedby={errors.name ? `${ids.nameError} ${ids.nameHint}` : ids.nameHint}
            className={`mt-1 block h-10 w-full rounded-lg border border-slate-300 bg-white px-3 text-sm text-slate-900 shadow-sm aria-invalid:border-red-700 ${focusRing}`}
          />
          <FieldError id={ids.nameError}>{errors.name}</FieldError>
          <p id={ids.nameHint} className="mt-1 text-xs text-slate-600">
            The system that will use it, like “Splunk SOAR (production)”. The list and the audit trail show
            it.
          </p>
        </div>
        <fieldset
          ref={tenantsRef}
          tabIndex={-1}
          aria-describedby={ids.tenantsHint}
          className="min-w-0 focus:outline-none"
        >
          <legend className="text-sm font-medium text-slate-700">Tenants</legend>
          <p id={ids.tenantsHint} className="mb-2 text-xs text-slate-600">
            The key may write to these tenants' workspaces only.
          </p>
          {tenantChoices}
          <FieldError id={ids.tenantsError}>{errors.tenants}</FieldError>
        </fieldset>
        <FormError>{failure}</FormError>
        <div className="flex flex-wrap gap-2">
          <Button
            type="submit"
            // aria-disabled, not disabled: a disabled button loses focus (to the page's top) while it waits.
            aria-disabled={create.isPending || undefined}
            className={waitingClasses}
          >
            {create.isPending ? "Creating…" : "Create key"}
          </Button>
          <Button variant="secondary" onClick={onCancel}>
            Cancel
          </Button>
        </div>
      </form>
    </Card>
  );
}
