import { SimulationError } from "./SimulationError.ts";

type RpcResponse = { id: number; result?: unknown; error?: { code: number; message: string; data?: unknown } };

/** Minimal JSON-RPC client: single calls and batches, no retries (anvil is local). */
export class Rpc {
  private nextId = 1;
  constructor(readonly url: string) {}

  async call<T>(method: string, params: readonly unknown[] = []): Promise<T> {
    const [result] = await this.batch<T>([{ method, params }]);
    return result as T;
  }

  /** Sends many calls in one HTTP request; results in call order. */
  async batch<T>(calls: readonly { method: string; params: readonly unknown[] }[]): Promise<T[]> {
    if (calls.length === 0) return [];
    const body = calls.map((c) => ({ jsonrpc: "2.0", id: this.nextId++, method: c.method, params: c.params }));
    const res = await fetch(this.url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    if (!res.ok) throw new SimulationError(`RPC ${calls[0]!.method} failed with HTTP ${res.status}.`, { details: this.url });
    const replies = (await res.json()) as RpcResponse[];
    const byId = new Map(replies.map((r) => [r.id, r]));
    return body.map((b) => {
      const reply = byId.get(b.id);
      if (!reply) throw new SimulationError(`RPC ${b.method} got no answer.`, { details: this.url });
      if (reply.error)
        throw new SimulationError(`RPC ${b.method} failed: ${reply.error.message}`, { details: JSON.stringify(reply.error.data ?? null) });
      return reply.result as T;
    });
  }
}
