import { ComingSoon } from "../../components/ComingSoon";

export function AccessLinksPage() {
  return (
    <ComingSoon
      title="Access links"
      description="Emailed one-time links that give a customer access to a single workspace."
    />
  );
}
