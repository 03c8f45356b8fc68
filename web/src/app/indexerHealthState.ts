import type { IndexerHealth } from "@crowdlabel/sdk";

export type ServiceState = { state: "up" | "degraded" | "down"; detail: string };

/**
 * What the footer says about the indexer. A degraded indexer still serves what it has indexed, so it is not "down":
 * the detail names each reason (wrong chain, RPC, IPFS, lag) so an operator knows what to fix.
 */
export function indexerHealthState(report: IndexerHealth, appChainId: number): ServiceState {
  const problems: string[] = [];
  if (report.chainId !== appChainId) problems.push(`indexes chain ${report.chainId}, this app uses chain ${appChainId}`);
  if (!report.rpc.ok) problems.push(`cannot reach its RPC${report.rpc.lastError ? ` (${report.rpc.lastError})` : ""}`);
  if (!report.ipfs.ok) problems.push(`cannot reach IPFS, new tasks' manifests wait${report.ipfs.lastError ? ` (${report.ipfs.lastError})` : ""}`);
  if (report.lagBlocks === null) problems.push("has not indexed a block yet");
  else if (report.status === "degraded" && report.lagBlocks > 0) problems.push(`${report.lagBlocks} blocks behind the chain, catching up`);
  if (problems.length === 0 && report.status === "ok") return { state: "up", detail: `up to date at block ${report.indexedBlock ?? "?"}` };
  return { state: "degraded", detail: problems.length > 0 ? problems.join("; ") : "reports itself degraded" };
}
