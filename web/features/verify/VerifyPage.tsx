import { FileCheck, Shield } from "lucide-react";
import { Link } from "react-router";
import { Card } from "../../components/Card";
import { EmptyState } from "../../components/EmptyState";
import { focusRing } from "../../components/focus";

/** Public page (no sign-in): checks that a Portcullis PDF is genuine. */
export function VerifyPage() {
  return (
    <div className="flex min-h-dvh flex-col bg-slate-50">
      <title>Verify a document · Portcullis</title>
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-3xl items-center gap-2 px-4 py-4">
          <Shield className="size-5 text-orange-700" aria-hidden="true" />
          <Link to="/" className={`rounded font-semibold text-slate-900 ${focusRing}`}>
            Portcullis
          </Link>
        </div>
      </header>
      <main className="mx-auto w-full max-w-3xl flex-1 px-4 py-10">
        <h1 className="mb-6 text-2xl font-semibold tracking-tight text-slate-900">Verify a document</h1>
        <Card>
          <EmptyState icon={FileCheck} title="Coming soon">
            You will be able to check that a report or signed proposal was issued by your provider and has not
            been altered.
          </EmptyState>
        </Card>
      </main>
    </div>
  );
}
