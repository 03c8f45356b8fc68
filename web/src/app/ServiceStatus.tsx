import { useQuery } from "@tanstack/react-query";
import { useBlockNumber } from "wagmi";
import { getConfig } from "../config/appConfig.ts";
import { useIndexerHealth } from "../features/tasks/queries.ts";

function Dot({ ok, label, detail }: { ok: boolean | undefined; label: string; detail: string }) {
  const colour = ok === undefined ? "var(--faint)" : ok ? "var(--ok)" : "var(--danger)";
  return (
    <span className="row tiny" style={{ gap: "0.3rem" }} title={detail} data-testid={`status-${label.toLowerCase()}`} data-ok={ok === undefined ? "unknown" : String(ok)}>
      <span aria-hidden="true" style={{ width: 8, height: 8, borderRadius: 4, background: colour, display: "inline-block" }} />
      {label}
      <span className="sr-only">{ok === undefined ? "checking" : ok ? "up" : "down"}</span>
    </span>
  );
}

/** Chain, indexer and IPFS at a glance (footer); each page explains what an outage means for it. */
export function ServiceStatus() {
  const config = getConfig();
  const block = useBlockNumber({ watch: true, query: { retry: false } });
  const indexerHealth = useIndexerHealth();
  const gateway = useQuery({
    queryKey: ["gateway-health", config.ipfsGatewayUrl],
    queryFn: async () => {
      // The empty directory CID: every gateway serves it.
      const res = await fetch(`${config.ipfsGatewayUrl}/ipfs/bafkqaaa`, { method: "GET" });
      return res.ok;
    },
    retry: false,
    refetchInterval: 20_000,
  });
  return (
    <div className="row" style={{ justifyContent: "center", gap: "1rem" }}>
      <Dot ok={block.isError ? false : block.data !== undefined ? true : undefined} label="Chain" detail={`${config.rpcUrl} · block ${block.data?.toString() ?? "?"}`} />
      <Dot ok={indexerHealth.isError ? false : indexerHealth.data} label="Indexer" detail={config.indexerUrl} />
      <Dot ok={gateway.isError ? false : gateway.data} label="IPFS" detail={config.ipfsGatewayUrl} />
    </div>
  );
}
