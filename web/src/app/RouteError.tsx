import { isRouteErrorResponse, Link, useRouteError } from "react-router";

export function RouteError() {
  const error = useRouteError();
  const message = isRouteErrorResponse(error) ? `${error.status} ${error.statusText}` : error instanceof Error ? error.message : String(error);
  return (
    <main>
      <div className="alert danger" role="alert">
        <div className="alert-body">
          <div className="alert-title">Something broke on this page</div>
          <p className="mono small">{message}</p>
          <p>
            Your labels and salts are saved in this browser. <Link to="/">Back to tasks</Link> or reload.
          </p>
        </div>
      </div>
    </main>
  );
}
