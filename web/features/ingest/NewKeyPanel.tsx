import { Copy, KeyRound, TriangleExclamationPoint } from "lucide-react";
import { useEffect, useId, useRef, useState } from "react";
import type { CreatedApiKey } from "../../../contracts/ingest";
import { Button } from "../../components/Button";
import { focusRing } from "../../components/focus";

/** How long "Copied" stays next to the button. */
const COPIED_SHOWN_MS = 4_000;

type CopyState = "idle" | "copied" | "failed";

const copyMessages: Record<CopyState, string> = {
  idle: "",
  copied: "Copied",
  failed: "This browser did not allow copying: select the key and copy it yourself.",
};

const usageExample = `POST /api/v1/ingest/incidents
Authorization: Bearer <key>
Content-Type: application/json

{ "workspaceId": "<workspace id>", "items": [ … ] }`;

const codeClasses = "rounded bg-white px-1 py-0.5 font-mono text-xs text-slate-900 ring-1 ring-slate-200";

/**
 * The key just created, shown this once: the server keeps only its fingerprint, so nothing can show it again.
 * It lives in the page's state only, so a reload or "Done" ends it.
 */
export function NewKeyPanel({ created, onDone }: { created: CreatedApiKey; onDone: () => void }) {
  const headingId = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const [copy, setCopy] = useState<CopyState>("idle");

  // Focus moves here from the form (which is gone), so the key is what is read out next.
  useEffect(() => {
    headingRef.current?.focus();
  }, []);

  useEffect(() => {
    if (copy !== "copied") return;
    const timer = setTimeout(() => setCopy("idle"), COPIED_SHOWN_MS);
    return () => clearTimeout(timer);
  }, [copy]);

  const copyKey = async () => {
    try {
      // Missing outside a secure context (plain http on another host than localhost): the catch explains.
      await navigator.clipboard.writeText(created.key);
      setCopy("copied");
    } catch {
      setCopy("failed");
    }
  };

  return (
    <section
      aria-labelledby={headingId}
      className="mb-6 rounded-xl border-2 border-amber-400 bg-amber-50 p-5 shadow-sm"
    >
      <h2
        id={headingId}
        ref={headingRef}
        tabIndex={-1}
        className="flex items-center gap-2 text-base font-semibold text-slate-900 focus:outline-none"
      >
        <KeyRound className="size-5 shrink-0 text-amber-800" aria-hidden="true" />
        <span className="min-w-0 break-words">Copy the key for “{created.name}” now</span>
      </h2>
      <p className="mt-1 text-sm text-slate-700">
        It may write to {created.tenants.map((tenant) => tenant.name).join(", ")}.
      </p>

      <div className="mt-4 flex flex-col gap-2 sm:flex-row sm:items-stretch">
        <code className="block min-w-0 flex-1 rounded-lg border border-slate-300 bg-white px-3 py-2 font-mono text-sm break-all text-slate-900 select-all">
          {created.key}
        </code>
        <Button variant="secondary" className="shrink-0" onClick={() => void copyKey()}>
          <Copy className="size-4" aria-hidden="true" />
          Copy<span className="sr-only"> the key</span>
        </Button>
      </div>
      <p aria-live="polite" className="mt-1 min-h-5 text-sm font-medium text-slate-800 sm:text-right">
        {copyMessages[copy]}
      </p>

      <p className="mt-2 flex items-start gap-2 text-sm text-amber-950">
        <TriangleExclamationPoint className="mt-0.5 size-4 shrink-0 text-amber-800" aria-hidden="true" />
        <span>
          <strong>This is the only time the key is shown.</strong> Portcullis stores only its fingerprint (a
          SHA-256 hash), so it cannot show the key again. If it is lost, revoke it and create another.
        </span>
      </p>

      <div className="mt-4 border-t border-amber-200 pt-4 text-sm text-slate-700">
        <h3 className="font-medium text-slate-900">Using it</h3>
        <p className="mt-1">
          Your system sends it in a header, never in the URL, with each batch for one workspace:
        </p>
        <pre className="mt-2 rounded-lg border border-slate-200 bg-white px-3 py-2 font-mono text-xs break-words whitespace-pre-wrap text-slate-900">
          {usageExample}
        </pre>
        <p className="mt-2">
          The same for <code className={codeClasses}>/api/v1/ingest/alerts</code> and{" "}
          <code className={codeClasses}>/api/v1/ingest/compliance</code>. The{" "}
          <a href="/api/docs" className={`rounded font-medium text-orange-800 underline ${focusRing}`}>
            API reference
          </a>{" "}
          describes each kind of item.
        </p>
      </div>

      <Button className="mt-5" onClick={onDone}>
        Done
      </Button>
    </section>
  );
}
