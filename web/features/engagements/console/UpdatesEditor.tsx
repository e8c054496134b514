import { Eye, Lock, Send } from "lucide-react";
import { type FormEvent, useId, useRef, useState } from "react";
import type { StaffEngagement } from "../../../../contracts/engagements";
import { Badge } from "../../../components/Badge";
import { Button, waitingClasses } from "../../../components/Button";
import { FieldError, FormError } from "../../../components/FormMessages";
import { formatDateTime } from "../../../lib/format";
import { usePostUpdate } from "../api";
import type { Announce } from "./EngagementEditor";
import { EditorSection } from "./EngagementEditor";
import { messageOf, textareaClasses } from "./forms";

type Audience = "client" | "internal";

/** The timeline shows this many of the newest updates until asked for all. */
const RECENT_UPDATES = 5;

/** The update form (who sees it is chosen each time, never assumed) and every update, internal ones marked. */
export function UpdatesEditor({ engagement, announce }: { engagement: StaffEngagement; announce: Announce }) {
  const bodyId = useId();
  const bodyErrorId = useId();
  const audienceErrorId = useId();
  const hintId = useId();
  const bodyRef = useRef<HTMLTextAreaElement>(null);
  const firstChoiceRef = useRef<HTMLInputElement>(null);
  const [body, setBody] = useState("");
  const [audience, setAudience] = useState<Audience | null>(null);
  const [errors, setErrors] = useState<{ body?: string; audience?: string; form?: string }>({});
  const post = usePostUpdate(engagement.id);
  const [showAll, setShowAll] = useState(false);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (post.isPending) return;
    const text = body.trim();
    const found: typeof errors = {};
    if (!text) found.body = "Write the update first.";
    if (!audience) found.audience = "Choose who sees this update.";
    setErrors(found);
    if (found.body) return bodyRef.current?.focus();
    if (found.audience || !audience) return firstChoiceRef.current?.focus();
    post.mutate(
      { body: text, internal: audience === "internal" },
      {
        onSuccess: () => {
          setBody("");
          setAudience(null);
          announce(
            audience === "internal" ? "Internal update posted." : "Update posted: the client sees it now.",
          );
          bodyRef.current?.focus();
        },
        onError: (error) => setErrors({ form: messageOf(error) }),
      },
    );
  };

  const choice = (value: Audience, label: string, hint: string, Icon: typeof Eye) => (
    <label
      className={`flex cursor-pointer items-start gap-3 rounded-lg border p-3 text-sm has-[:checked]:border-orange-700 has-[:checked]:bg-orange-50 has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-offset-2 has-[:focus-visible]:outline-orange-700 ${
        errors.audience ? "border-red-700" : "border-slate-300"
      }`}
    >
      <input
        ref={value === "client" ? firstChoiceRef : undefined}
        type="radio"
        name={`audience-${engagement.id}`}
        value={value}
        checked={audience === value}
        onChange={() => setAudience(value)}
        className="mt-0.5 size-4 accent-orange-700 focus-visible:outline-none"
      />
      <span>
        <span className="flex items-center gap-1.5 font-medium text-slate-900">
          <Icon className="size-4" aria-hidden="true" />
          {label}
        </span>
        <span className="block text-xs text-slate-600">{hint}</span>
      </span>
    </label>
  );

  return (
    <EditorSection title="Updates">
      <form noValidate onSubmit={submit} className="space-y-4">
        <div>
          <label htmlFor={bodyId} className="block text-sm font-medium text-slate-700">
            New update
          </label>
          <textarea
            id={bodyId}
            ref={bodyRef}
            rows={3}
            maxLength={5000}
            value={body}
            onChange={(event) => setBody(event.target.value)}
            aria-invalid={errors.body ? true : undefined}
            aria-describedby={errors.body ? bodyErrorId : undefined}
            className={`${textareaClasses} aria-invalid:border-red-700`}
          />
          <FieldError id={bodyErrorId}>{errors.body}</FieldError>
        </div>
        <fieldset aria-describedby={errors.audience ? `${audienceErrorId} ${hintId}` : hintId}>
          <legend className="text-sm font-medium text-slate-700">Who sees it</legend>
          <div className="mt-1 grid gap-2 sm:grid-cols-2">
            {choice("client", "Visible to the client", "Appears on the client's page at once.", Eye)}
            {choice("internal", "Internal", "Staff only; never shown to the client.", Lock)}
          </div>
          <FieldError id={audienceErrorId}>{errors.audience}</FieldError>
          <p id={hintId} className="sr-only">
            Choose for each update.
          </p>
        </fieldset>
        <FormError>{errors.form}</FormError>
        <Button type="submit" aria-disabled={post.isPending || undefined} className={waitingClasses}>
          <Send className="size-4" aria-hidden="true" />
          {post.isPending ? "Posting…" : "Post update"}
        </Button>
      </form>

      <h4 className="mt-6 border-t border-slate-200 pt-4 text-sm font-semibold text-slate-900">
        Timeline <span className="font-normal text-slate-600">· newest first</span>
      </h4>
      {engagement.updates.length === 0 ? (
        <p className="mt-2 text-sm text-slate-600">No updates yet.</p>
      ) : (
        <ol aria-label="Updates, newest first" className="mt-3 space-y-4">
          {(showAll ? engagement.updates : engagement.updates.slice(0, RECENT_UPDATES)).map((update) => (
            <li
              key={update.id}
              className={`rounded-lg border-l-4 py-1 pl-3 ${
                update.internal ? "border-amber-500 bg-amber-50/60" : "border-slate-200"
              }`}
            >
              <p className="flex flex-wrap items-center gap-x-2 gap-y-1 text-xs text-slate-600">
                <span className="font-semibold text-slate-800">{update.author ?? "Staff"}</span>
                <time dateTime={update.createdAt}>{formatDateTime(update.createdAt)}</time>
                {update.internal ? (
                  <Badge tone="pending">
                    <Lock className="size-3" aria-hidden="true" />
                    Internal
                  </Badge>
                ) : (
                  <Badge tone="neutral">
                    <Eye className="size-3" aria-hidden="true" />
                    Client-visible
                  </Badge>
                )}
              </p>
              <p className="mt-1 text-sm break-words whitespace-pre-line text-slate-800">{update.body}</p>
            </li>
          ))}
        </ol>
      )}
      {engagement.updates.length > RECENT_UPDATES && (
        <Button variant="secondary" className="mt-4" onClick={() => setShowAll((shown) => !shown)}>
          {showAll ? "Show recent updates only" : `Show all ${engagement.updates.length} updates`}
        </Button>
      )}
    </EditorSection>
  );
}
