import { ComingSoon } from "../../components/ComingSoon";

export function ApiKeysPage() {
  return (
    <ComingSoon title="API keys" description="Keys that let your systems push SOC metrics into Portcullis." />
  );
}
