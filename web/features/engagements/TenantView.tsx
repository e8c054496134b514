import { Eye } from "lucide-react";
import type { ReactNode } from "react";
import { Link } from "react-router";
import { focusRing } from "../../components/focus";

/** Above a portal page that staff view as the client: what the client does not see, and the way back. */
export function ClientViewNotice({
  consolePath,
  consoleLabel,
  children,
}: {
  consolePath: string;
  /** The link back to the console, e.g. "Open in the console". */
  consoleLabel: string;
  children: ReactNode;
}) {
  return (
    <p className="mb-4 flex flex-wrap items-center gap-x-3 gap-y-1 rounded-lg border border-sky-200 bg-sky-50 px-4 py-2 text-sm text-sky-900">
      <Eye className="size-4 shrink-0" aria-hidden="true" />
      <span>{children}</span>
      <Link to={consolePath} className={`rounded font-medium underline ${focusRing}`}>
        {consoleLabel}
      </Link>
    </p>
  );
}
