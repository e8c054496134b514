import { useRef, useState } from "react";
import { useSearchParams } from "react-router";
import { NewItemButton } from "../../components/NewItemButton";
import { PageHeader } from "../../components/PageHeader";
import { useWorkspaceOptions } from "../client-tokens/api";
import type { ConsoleReportFilters } from "./console/api";
import { ConsoleReportList } from "./console/ConsoleReportList";
import { reportStatusOf } from "./console/filters";
import { GenerateReportForm } from "./console/GenerateReportForm";

/**
 * `/console/reports`: every tenant's reports; generate one now, check its PDF, publish it to its customer (or
 * withdraw it), and generate a completed or failed one again. Filters live in the address.
 */
export function ConsoleReportsPage() {
  const [searchParams, setSearchParams] = useSearchParams();
  const [isGenerating, setGenerating] = useState(false);
  const [notice, setNotice] = useState("");
  const newButtonRef = useRef<HTMLButtonElement>(null);
  const workspaces = useWorkspaceOptions();

  const published = searchParams.get("published");
  const filters: ConsoleReportFilters = {
    tenant: searchParams.get("tenant") ?? "",
    status: reportStatusOf(searchParams.get("status")),
    published: published === "true" || published === "false" ? published : "",
    page: Math.max(1, Number.parseInt(searchParams.get("page") ?? "1", 10) || 1),
  };

  const changeFilters = (changes: Partial<ConsoleReportFilters>) =>
    setSearchParams(
      (current) => {
        const next = new URLSearchParams(current);
        for (const [name, value] of Object.entries(changes)) {
          if (value && !(name === "page" && value === 1)) next.set(name, String(value));
          else next.delete(name);
        }
        return next;
      },
      { replace: true },
    );

  return (
    <>
      <PageHeader
        title="Reports"
        description="Generate reports for any customer, check them, then publish them to the customer's portal."
        actions={
          <NewItemButton
            buttonRef={newButtonRef}
            isOpen={isGenerating}
            onToggle={() => setGenerating((open) => !open)}
          >
            Generate report
          </NewItemButton>
        }
      />
      {isGenerating && (
        <div className="mb-6">
          <GenerateReportForm
            onCancel={() => {
              setGenerating(false);
              newButtonRef.current?.focus();
            }}
            onGenerated={(report) => {
              setGenerating(false);
              setNotice(`“${report.title}” is being generated; the list shows when it is ready.`);
              // The new report tops the list when nothing hides it.
              changeFilters({ tenant: "", status: "", published: "", page: 1 });
              newButtonRef.current?.focus();
            }}
          />
        </div>
      )}
      <ConsoleReportList
        filters={filters}
        workspaces={workspaces}
        onFiltersChange={changeFilters}
        notice={notice}
      />
    </>
  );
}
