import { Hourglass } from "lucide-react";
import { Card } from "./Card";
import { EmptyState } from "./EmptyState";
import { PageHeader } from "./PageHeader";

interface ComingSoonProps {
  title: string;
  description: string;
}

/** A placeholder page: the heading it will have, and an empty state until the feature lands. */
export function ComingSoon({ title, description }: ComingSoonProps) {
  return (
    <>
      <PageHeader title={title} description={description} />
      <Card>
        <EmptyState icon={Hourglass} title="Coming soon">
          This page is being built. Check back after the next release.
        </EmptyState>
      </Card>
    </>
  );
}
