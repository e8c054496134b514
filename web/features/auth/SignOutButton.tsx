import { LogOut } from "lucide-react";
import { focusRing } from "../../components/focus";

const tones = {
  dark: "border-slate-600 text-slate-100 hover:bg-slate-800",
  light: "border-slate-300 bg-white text-slate-700 hover:bg-slate-50",
};

/** A plain form POST, so sign-out works even when the SPA's own state is broken. */
export function SignOutButton({ tone = "light" }: { tone?: keyof typeof tones }) {
  return (
    <form method="post" action="/auth/logout">
      <button
        type="submit"
        className={`inline-flex w-full items-center justify-center gap-2 rounded-md border px-3 py-2 text-sm font-medium ${tones[tone]} ${focusRing}`}
      >
        <LogOut className="size-4" aria-hidden="true" />
        Sign out
      </button>
    </form>
  );
}
