import type { Stack } from "../../stack/startStack.ts";

/** GET on the stack's indexer REST API; fails with the response body on a non-2xx answer. */
export async function indexerGet<T>(stack: Stack, path: string): Promise<T> {
  if (!stack.indexerUrl) throw new Error("this stack runs no indexer");
  const response = await fetch(`${stack.indexerUrl}${path}`);
  const text = await response.text();
  if (!response.ok) throw new Error(`GET ${path} -> ${response.status}: ${text}`);
  return JSON.parse(text) as T;
}
