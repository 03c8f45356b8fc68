import type { Page } from "playwright-core";

export type RpcCall = { method: string; params: [{ fromBlock?: string; toBlock?: string; topics?: (string | null)[] }] };

/** The JSON-RPC calls in a request body (one call or a batch). */
export function rpcCalls(body: string | null): RpcCall[] {
  if (!body?.includes('"method"')) return [];
  const parsed = JSON.parse(body) as unknown;
  return (Array.isArray(parsed) ? parsed : [parsed]) as RpcCall[];
}

/** Records every `eth_getLogs` filter the page sends from now on. */
export function recordLogQueries(page: Page): RpcCall["params"][0][] {
  const filters: RpcCall["params"][0][] = [];
  page.on("request", (request) => {
    for (const call of rpcCalls(request.postData())) if (call.method === "eth_getLogs") filters.push(call.params[0]);
  });
  return filters;
}
