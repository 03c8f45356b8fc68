import { Link } from "react-router";
import { EmptyState } from "../ui/EmptyState.tsx";

export function NotFound() {
  return (
    <EmptyState title="Page not found" action={<Link className="btn" to="/">Browse tasks</Link>}>
      This address does not match any page.
    </EmptyState>
  );
}
