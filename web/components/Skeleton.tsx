/** A grey placeholder block while data loads; hidden from assistive technology (pair it with a status text). */
export function Skeleton({ className = "" }: { className?: string }) {
  return (
    <div
      aria-hidden="true"
      className={`animate-pulse rounded-md bg-slate-200 motion-reduce:animate-none ${className}`}
    />
  );
}

interface SkeletonRowsProps {
  /** Read out while the rows load, e.g. "Loading proposals…". */
  label: string;
  rows?: number;
  className?: string;
  rowClassName: string;
}

/** A list's placeholder rows while it loads, with the status text screen readers announce. */
export function SkeletonRows({ label, rows = 3, className = "", rowClassName }: SkeletonRowsProps) {
  return (
    <div className={`space-y-3 ${className}`}>
      <p role="status" className="sr-only">
        {label}
      </p>
      {Array.from({ length: rows }, (_, row) => row).map((row) => (
        <Skeleton key={row} className={rowClassName} />
      ))}
    </div>
  );
}
