import { useQuery } from "@tanstack/react-query";
import { useBlockNumber } from "wagmi";
import { getConfig } from "../config/appConfig.ts";
import { useIndexerHealth } from "../features/tasks/queries.ts";
import { indexerHealthState } from "./indexerHealthState.ts";

type DotState = "up" | "degraded" | "down" | undefined;

const dotColour = { up: "var(--ok)", degraded: "var(--warn)", down: "var(--danger)" } as const;

function Dot({ state, label, detail }: { state: DotState; label: string; detail: string }) {
  return (
    <span
      className="row tiny"
      style={{ gap: "0.3rem" }}
      title={`${label}: ${state ?? "checking"} · ${detail}`}
      data-testid={`status-${label.toLowerCase()}`}
      data-ok={state === undefined ? "unknown" : String(state !== "down")}
      data-state={state ?? "unknown"}
    >
      <span aria-hidden="true" style={{ width: 8, height: 8, borderRadius: 4, background: state ? dotColour[state] : "var(--faint)", display: "inline-block" }} />
      {label}
      <span className="sr-only">{state ?? "checking"}</span>
    </span>
  );
}

const upOrDown = (isError: boolean, up: boolean | undefined): DotState => (isError ? "down" : up === undefined ? undefined : up ? "up" : "down");

/** Chain, indexer and IPFS at a glance (footer); a service that is not up also says why in words (phones have no tooltips). */
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
  const indexerState = indexerHealth.data ? indexerHealthState(indexerHealth.data, config.chainId) : undefined;
  const services: { label: string; state: DotState; detail: string; problem?: string }[] = [
    {
      label: "Chain",
      state: upOrDown(block.isError, block.data !== undefined ? true : undefined),
      detail: `${config.rpcUrl} · block ${block.data?.toString() ?? "?"}`,
      problem: `the RPC at ${config.rpcUrl} is not answering, so pages cannot read the chain`,
    },
    {
      label: "Indexer",
      state: indexerHealth.isError ? "down" : indexerState?.state,
      detail: `${config.indexerUrl}${indexerHealth.isError ? " · not answering" : indexerState ? ` · ${indexerState.detail}` : ""}`,
      problem: indexerHealth.isError ? "not answering, so tasks and the leaderboard are read from the chain" : indexerState?.detail,
    },
    {
      label: "IPFS",
      state: upOrDown(gateway.isError, gateway.data),
      detail: config.ipfsGatewayUrl,
      problem: `the gateway at ${config.ipfsGatewayUrl} is not serving content, so images and manifests cannot load`,
    },
  ];
  const problems = services.filter((s) => s.state === "down" || s.state === "degraded");
  return (
    <>
      <div className="row" style={{ justifyContent: "center", gap: "1rem" }}>
        {services.map((s) => (
          <Dot key={s.label} state={s.state} label={s.label} detail={s.detail} />
        ))}
      </div>
      {problems.length > 0 ? (
        <ul className="service-problems tiny" data-testid="service-problems">
          {problems.map((s) => (
            <li key={s.label} data-testid={`status-problem-${s.label.toLowerCase()}`}>
              <strong>{s.label}</strong> {s.state === "degraded" ? "degraded" : "down"}: {s.problem}
            </li>
          ))}
        </ul>
      ) : null}
    </>
  );
}
