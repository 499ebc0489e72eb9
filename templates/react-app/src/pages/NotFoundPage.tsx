import { Link } from "react-router";
import { EmptyState } from "../components/ui/empty-state";
import { buttonClasses } from "../components/ui/button";

export function NotFoundPage() {
  return (
    <EmptyState
      title="Page not found"
      description="There is nothing at this address."
      action={
        <Link to="/" className={buttonClasses("secondary")}>
          Go home
        </Link>
      }
    />
  );
}
