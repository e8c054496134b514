import { Compass } from "lucide-react";
import { Link } from "react-router";
import { buttonClasses } from "../components/Button";
import { Card } from "../components/Card";
import { EmptyState } from "../components/EmptyState";
import { PageHeader } from "../components/PageHeader";

export function NotFoundPage() {
  return (
    <>
      <PageHeader title="Page not found" />
      <Card>
        <EmptyState icon={Compass} title="There is nothing at this address">
          <p>The link may be out of date, or the page may have moved.</p>
          <Link to="/customer-portal" className={buttonClasses("secondary", "mt-4")}>
            Go to the dashboard
          </Link>
        </EmptyState>
      </Card>
    </>
  );
}
