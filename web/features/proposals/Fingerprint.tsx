import { FileDown } from "lucide-react";
import { focusRing } from "../../components/focus";

/** The SHA-256 of one of a proposal's documents, under what it fingerprints; with a link to download that file. */
export function Fingerprint({
  label,
  sha256,
  download,
}: {
  label: string;
  sha256: string;
  download?: { href: string; label: string };
}) {
  return (
    <div>
      <p className="font-medium text-slate-800">{label}</p>
      <p className="mt-1 font-mono text-xs break-all text-slate-700">{sha256}</p>
      {download && (
        <a
          href={download.href}
          download
          className={`mt-2 inline-flex items-center gap-1.5 rounded font-medium text-orange-800 hover:underline ${focusRing}`}
        >
          <FileDown className="size-4" aria-hidden="true" />
          {download.label}
        </a>
      )}
    </div>
  );
}
