import type { IncomingMessage, ServerResponse } from "node:http";
import { BadRequestError } from "../errors.js";
import type { IpfsNode } from "../node.js";

/** One RPC call: the HTTP pair, the query (`arg` values separated out) and the node. */
export interface RpcContext {
  req: IncomingMessage;
  res: ServerResponse;
  query: URLSearchParams;
  args: string[];
  node: IpfsNode;
}

export type RpcHandler = (context: RpcContext) => Promise<void>;

/** Kubo's boolean options: `true`/`false`/`1`/`0`, a bare `?flag` means true. */
export function booleanOption(query: URLSearchParams, name: string, fallback: boolean): boolean {
  const value = query.get(name);
  if (value === null) return fallback;
  if (value === "" || value === "true" || value === "1") return true;
  if (value === "false" || value === "0") return false;
  throw new BadRequestError(`option "${name}" must be true or false, got "${value}"`);
}

export function integerOption(query: URLSearchParams, name: string): number | undefined {
  const value = query.get(name);
  if (value === null || value === "") return undefined;
  const parsed = Number(value);
  if (!Number.isSafeInteger(parsed) || parsed < 0) {
    throw new BadRequestError(`option "${name}" must be a non-negative integer, got "${value}"`);
  }
  return parsed;
}

export function requiredArg(context: RpcContext, name: string): string {
  const [first] = context.args;
  if (first === undefined || first === "") throw new BadRequestError(`argument "${name}" is required`);
  return first;
}
