import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";

/** A request the API refuses, answered as `{error: {code, message}}` with `status`. */
export class ApiError extends Error {
  override name = "ApiError";
  readonly status: ContentfulStatusCode;
  readonly code: string;

  constructor(status: ContentfulStatusCode, code: string, message: string) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

export function errorResponse(c: Context, error: unknown) {
  if (error instanceof ApiError) return c.json({ error: { code: error.code, message: error.message } }, error.status);
  console.error(error);
  return c.json({ error: { code: "internal_error", message: error instanceof Error ? error.message : String(error) } }, 500);
}
