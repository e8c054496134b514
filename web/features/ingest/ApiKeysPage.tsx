import { useRef, useState } from "react";
import type { CreatedApiKey } from "../../../contracts/ingest";
import { NewItemButton } from "../../components/NewItemButton";
import { PageHeader } from "../../components/PageHeader";
import { KeyList } from "./KeyList";
import { NewKeyForm } from "./NewKeyForm";
import { NewKeyPanel } from "./NewKeyPanel";

/** `/console/api-keys`: the keys that let a customer's SIEM or SOAR send SOC data; create (shown once) and revoke. */
export function ApiKeysPage() {
  const [isCreating, setCreating] = useState(false);
  // The key itself, between its creation and "Done": only in this state, so a reload ends it too.
  const [created, setCreated] = useState<CreatedApiKey | null>(null);
  const newButtonRef = useRef<HTMLButtonElement>(null);

  return (
    <>
      <PageHeader
        title="API keys"
        description="Keys that let your systems push SOC data (incidents, alert counts, control results) into customers' workspaces."
        actions={
          <NewItemButton
            buttonRef={newButtonRef}
            isOpen={isCreating}
            onToggle={() => setCreating((open) => !open)}
          >
            New API key
          </NewItemButton>
        }
      />
      {created && (
        <NewKeyPanel
          // Keyed: a second key starts with its own "Copied" state and takes the focus again.
          key={created.id}
          created={created}
          onDone={() => {
            setCreated(null);
            newButtonRef.current?.focus();
          }}
        />
      )}
      {isCreating && (
        <div className="mb-6">
          <NewKeyForm
            onCancel={() => {
              setCreating(false);
              newButtonRef.current?.focus();
            }}
            onCreated={(key) => {
              setCreating(false);
              setCreated(key);
            }}
          />
        </div>
      )}
      <KeyList />
    </>
  );
}
