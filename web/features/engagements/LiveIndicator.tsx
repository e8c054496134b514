import { Button } from "../../components/Button";
import type { LiveState } from "./useEngagementEvents";

const looks: Record<LiveState, { label: string; dot: string; text: string }> = {
  connecting: { label: "Connecting…", dot: "bg-slate-400", text: "text-slate-700" },
  live: { label: "Live", dot: "bg-green-600", text: "text-green-800" },
  reconnecting: { label: "Reconnecting…", dot: "bg-amber-500", text: "text-amber-800" },
  offline: { label: "Offline", dot: "border-2 border-slate-500 bg-white", text: "text-slate-700" },
};

/**
 * Whether the page follows changes as they happen: a dot and a word (the word alone says it; the dot's colour
 * only repeats it). Offline offers to try again at once rather than waiting for the next automatic try.
 */
export function LiveIndicator({ state, onReconnect }: { state: LiveState; onReconnect: () => void }) {
  const { label, dot, text } = looks[state];
  return (
    <div className="flex flex-wrap items-center gap-2">
      <p
        className={`inline-flex items-center gap-2 rounded-full border border-slate-200 bg-white px-3 py-1 text-sm font-medium ${text}`}
        title={
          state === "live"
            ? "Changes to this engagement appear here as they happen."
            : "Changes will appear once the connection is back."
        }
      >
        <span aria-hidden="true" className="relative flex size-2.5">
          {state === "live" && (
            <span className="absolute inline-flex size-full animate-ping rounded-full bg-green-500 opacity-60 motion-reduce:hidden" />
          )}
          <span className={`relative inline-flex size-2.5 rounded-full ${dot}`} />
        </span>
        {label}
      </p>
      {state === "offline" && (
        <Button variant="ghost" className="px-2 py-1" onClick={onReconnect}>
          Reconnect
        </Button>
      )}
    </div>
  );
}
