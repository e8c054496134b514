import { useMutation } from "@tanstack/react-query";
import { CircleCheck, CircleX, FileCheck, Shield } from "lucide-react";
import { type FormEvent, useId, useState } from "react";
import { Link } from "react-router";
import type { VerifyResponse } from "../../../contracts/verify";
import { Card } from "../../components/Card";
import { DocumentTitle } from "../../components/DocumentTitle";
import { focusRing } from "../../components/focus";
import { api, isApiError } from "../../lib/api";
import { formatDateTime, formatPeriod } from "../../lib/format";
import { reportTypeLabels } from "../reports/reports.types";

type IssuedDocument = Extract<VerifyResponse, { issued: true }>["document"];

/** What the document is, in words: "Executive summary", "Signed approval request (version 2), sealed". */
function describeDocument(document: IssuedDocument): string {
  if (document.kind === "report") return reportTypeLabels[document.report_type];
  const isApproval = document.proposal_kind === "approval";
  return document.kind === "signed_proposal"
    ? `Signed ${isApproval ? "approval request" : "proposal"} (version ${document.version}), sealed`
    : `${isApproval ? "Approval request" : "Proposal"} (version ${document.version}) sent for signature`;
}

/** The document's SHA-256, computed in the browser: the file itself never leaves the user's machine. */
async function sha256Of(file: File): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", await file.arrayBuffer());
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, "0")).join("");
}

/** Public page (no sign-in): checks that a PDF was issued by this portal and has not been altered. */
export function VerifyPage() {
  const fileId = useId();
  const hashId = useId();
  const [file, setFile] = useState<File | null>(null);
  const [hash, setHash] = useState("");
  const verify = useMutation({
    mutationFn: async () => {
      const sha256 = file ? await sha256Of(file) : hash.trim();
      return api.post<VerifyResponse>("/api/v1/verify", { sha256 });
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    verify.mutate();
  };
  const result = verify.data;

  return (
    <div className="flex min-h-dvh flex-col bg-slate-50">
      <DocumentTitle title="Verify a document" />
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-3xl items-center gap-2 px-4 py-4">
          <Shield className="size-5 text-orange-700" aria-hidden="true" />
          <Link to="/" className={`rounded font-semibold text-slate-900 ${focusRing}`}>
            Portcullis
          </Link>
        </div>
      </header>
      <main className="mx-auto w-full max-w-3xl flex-1 px-4 py-10">
        <h1 className="text-2xl font-semibold tracking-tight text-slate-900">Verify a document</h1>
        <p className="mt-2 text-slate-600">
          Check that a report, a proposal or a signed copy was issued by this portal and has not been changed
          since. The file is checked in your browser: only its SHA-256 fingerprint is sent.
        </p>
        <Card className="mt-6">
          <form className="space-y-5 p-6" onSubmit={submit}>
            <div>
              <label htmlFor={fileId} className="block text-sm font-medium text-slate-800">
                PDF document
              </label>
              <input
                id={fileId}
                type="file"
                accept="application/pdf,.pdf"
                onChange={(event) => setFile(event.target.files?.[0] ?? null)}
                className={`mt-1 block w-full rounded-md border border-slate-300 bg-white text-sm text-slate-700 file:mr-3 file:border-0 file:bg-slate-100 file:px-3 file:py-2 file:text-slate-800 ${focusRing}`}
              />
            </div>
            <div>
              <label htmlFor={hashId} className="block text-sm font-medium text-slate-800">
                …or its SHA-256
              </label>
              <input
                id={hashId}
                type="text"
                inputMode="text"
                spellCheck={false}
                maxLength={64}
                disabled={file !== null}
                value={hash}
                onChange={(event) => setHash(event.target.value)}
                placeholder="64 hexadecimal characters"
                className={`mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 font-mono text-sm text-slate-900 placeholder:text-slate-500 disabled:bg-slate-100 ${focusRing}`}
              />
            </div>
            <button
              type="submit"
              disabled={verify.isPending || (!file && hash.trim().length === 0)}
              className={`inline-flex items-center gap-2 rounded-md bg-orange-700 px-4 py-2 font-semibold text-white hover:bg-orange-800 disabled:cursor-not-allowed disabled:bg-slate-400 ${focusRing}`}
            >
              <FileCheck className="size-4" aria-hidden="true" />
              {verify.isPending ? "Checking…" : "Verify"}
            </button>
          </form>
        </Card>

        <div aria-live="polite" className="mt-6">
          {verify.isError && (
            <p role="alert" className="rounded-md border border-red-200 bg-red-50 p-4 text-sm text-red-800">
              {isApiError(verify.error)
                ? verify.error.message
                : "The check could not be completed. Try again."}
            </p>
          )}
          {result?.issued === true && (
            <Card>
              <div className="flex gap-3 p-6">
                <CircleCheck className="mt-0.5 size-6 shrink-0 text-green-700" aria-hidden="true" />
                <div>
                  <h2 className="font-semibold text-green-800">Genuine: this portal issued this document</h2>
                  <dl className="mt-3 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm text-slate-700">
                    <dt className="font-medium">Type</dt>
                    <dd>{describeDocument(result.document)}</dd>
                    {result.document.kind === "report" && (
                      <>
                        <dt className="font-medium">Period</dt>
                        <dd>{formatPeriod(result.document.period_start, result.document.period_end)}</dd>
                      </>
                    )}
                    <dt className="font-medium">Issued</dt>
                    <dd>{formatDateTime(result.document.issued_at)}</dd>
                    <dt className="font-medium">SHA-256</dt>
                    <dd className="break-all font-mono text-xs">{result.sha256}</dd>
                  </dl>
                </div>
              </div>
            </Card>
          )}
          {result?.issued === false && (
            <Card>
              <div className="flex gap-3 p-6">
                <CircleX className="mt-0.5 size-6 shrink-0 text-red-700" aria-hidden="true" />
                <div>
                  <h2 className="font-semibold text-red-800">Not recognised</h2>
                  <p className="mt-1 text-sm text-slate-700">
                    This portal did not issue a document with this fingerprint. It may have been altered, or
                    come from somewhere else.
                  </p>
                  <p className="mt-2 break-all font-mono text-xs text-slate-600">{result.sha256}</p>
                </div>
              </div>
            </Card>
          )}
        </div>
      </main>
    </div>
  );
}
