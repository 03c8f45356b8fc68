import { useState } from "react";
import { usePublicClient, useWriteContract, useAccount } from "wagmi";
import type { PublicClient } from "viem";
import { crowdlabelAbi, exportDataset, exportFormats, type DatasetSource, type DawidSkeneResult, type ExportFormat } from "@crowdlabel/sdk";
import { useQuery } from "@tanstack/react-query";
import { getConfig } from "../../config/appConfig.ts";
import { uploadToIpfs } from "../../lib/ipfs.ts";
import { fetchVerifiedImage } from "../../lib/verifiedIpfs.ts";
import { downloadBlob } from "../../lib/download.ts";
import { Progress } from "../../ui/Progress.tsx";
import { Alert } from "../../ui/Alert.tsx";
import { formatBytes } from "../../ui/format.ts";
import { useTxRunner } from "../transactions/useTxRunner.ts";
import { PoolPicker } from "./PoolPicker.tsx";
import { usePoolCandidates, usePooledAggregation } from "./usePooledAggregation.ts";
import { logsSince } from "../../lib/chainLogs.ts";

export type { ExportFormat };
const formats: { id: ExportFormat; label: string; file: string }[] = [
  { id: "jsonl", label: "JSONL (full provenance)", file: "labels.jsonl" },
  { id: "csv", label: "CSV", file: "labels.csv" },
  { id: "coco", label: "COCO JSON", file: "coco.json" },
  { id: "hf", label: "Hugging Face imagefolder (zip, images included)", file: "dataset.zip" },
];

/** Runs an sdk exporter in the browser over chain data, reporting progress. */
export async function buildExport(
  format: ExportFormat,
  source: DatasetSource,
  aggregation: DawidSkeneResult | undefined,
  onProgress: (done: number, total: number) => void,
  pooledWith: readonly bigint[] = [],
): Promise<Blob> {
  const parts: BlobPart[] = [];
  for await (const chunk of exportDataset(source, {
    format,
    aggregation,
    pooledWith,
    fetchImage: (cid) => fetchVerifiedImage(cid),
    license: "other",
    onProgress: (p) => onProgress(p.done, p.total),
    progressEvery: 50,
  }))
    parts.push(chunk as BlobPart);
  return new Blob(parts, { type: exportFormats[format].mediaType });
}

export function ExportPanel({
  taskId,
  createdBlock,
  source,
  ds,
  isOwner,
  sourceError,
}: {
  taskId: bigint;
  /** The block of the task's TaskCreated: where the read of its published datasets starts. */
  createdBlock: bigint | undefined;
  source: DatasetSource | undefined;
  ds: DawidSkeneResult | undefined;
  isOwner: boolean;
  /** Why `source` is missing, when reading it failed (the buttons say so instead of staying silently disabled). */
  sourceError?: unknown;
}) {
  const [busy, setBusy] = useState<ExportFormat | null>(null);
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [publishFormat, setPublishFormat] = useState<ExportFormat>("jsonl");
  const [publishing, setPublishing] = useState<string | null>(null);
  const { address } = useAccount();
  const client = usePublicClient() as PublicClient | undefined;
  const run = useTxRunner();
  const { writeContractAsync } = useWriteContract();
  const config = getConfig();
  const [poolIds, setPoolIds] = useState<bigint[]>([]);
  const { candidates } = usePoolCandidates(source);
  const pooled = usePooledAggregation(
    source,
    poolIds.map((id) => ({ id, createdBlock: candidates.find((c) => c.id === id)?.createdBlock })),
  );
  const poolPending = poolIds.length > 0 && !pooled.aggregation;
  const published = useQuery({
    queryKey: ["dataset-published", config.deploymentId, taskId.toString()],
    enabled: !!client && createdBlock !== undefined,
    queryFn: async () => {
      const logs = await logsSince(
        client!,
        (fromBlock, toBlock) => client!.getContractEvents({ address: config.crowdlabel, abi: crowdlabelAbi, eventName: "DatasetPublished", args: { taskId }, fromBlock, toBlock }),
        createdBlock,
      );
      return logs.map((l) => l.args.datasetCid!).reverse();
    },
  });

  const make = async (format: ExportFormat) => {
    if (!source) throw new Error("The task's data is still loading.");
    if (poolPending) throw new Error(pooled.error ?? "The pooled tasks are still loading.");
    setProgress({ done: 0, total: source.task.itemCount });
    const aggregation = poolIds.length > 0 ? pooled.aggregation : ds;
    return buildExport(format, source, aggregation, (done, total) => setProgress({ done, total }), poolIds);
  };

  const download = async (format: ExportFormat) => {
    setBusy(format);
    setError(null);
    try {
      const blob = await make(format);
      downloadBlob(blob, `task-${taskId}-${formats.find((f) => f.id === format)!.file}`);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(null);
    }
  };

  const publish = async () => {
    setError(null);
    setPublishing("Building the export…");
    try {
      const blob = await make(publishFormat);
      setPublishing(`Uploading ${formatBytes(blob.size)} to IPFS…`);
      const [added] = await uploadToIpfs([{ name: `task-${taskId}-${formats.find((f) => f.id === publishFormat)!.file}`, data: blob }], (loaded, total) =>
        setProgress({ done: loaded, total }),
      );
      if (!added) throw new Error("IPFS returned no CID");
      setPublishing("Waiting for your wallet…");
      await run({
        explanation: {
          title: "Publish the dataset CID on chain",
          summary: "Records the IPFS CID of the exported dataset in a DatasetPublished event, so anyone can fetch and verify it against the chain.",
          facts: [
            { label: "Format", value: formats.find((f) => f.id === publishFormat)!.label },
            { label: "CID", value: <code>{added.cid}</code> },
            ...(poolIds.length > 0 ? [{ label: "Dawid-Skene", value: `fitted together with task${poolIds.length === 1 ? "" : "s"} ${poolIds.map((id) => `#${id}`).join(", ")}` }] : []),
          ],
        },
        simulate: async () => client?.simulateContract({ account: address, address: config.crowdlabel, abi: crowdlabelAbi, functionName: "publishDataset", args: [taskId, added.cid] }),
        send: () => writeContractAsync({ chainId: config.chainId, address: config.crowdlabel, abi: crowdlabelAbi, functionName: "publishDataset", args: [taskId, added.cid] }),
      });
      void published.refetch();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setPublishing(null);
    }
  };

  return (
    <div className="stack">
      <p className="small muted" style={{ margin: 0 }}>
        Built in your browser from chain events and IPFS (every image verified against its CID): consensus is binding, Dawid-Skene columns are estimates.
      </p>
      <PoolPicker
        candidates={candidates}
        selected={poolIds}
        onChange={setPoolIds}
        pooled={pooled}
        classes={source?.manifest.classes.map((c) => c.name) ?? []}
        disabled={!!busy || !!publishing}
      />
      <h3 style={{ margin: "0.25rem 0 0" }}>Download</h3>
      <div className="row">
        {formats.map((f) => (
          <button key={f.id} type="button" className="btn" disabled={!source || poolPending || !!busy || !!publishing} onClick={() => void download(f.id)} data-testid={`export-${f.id}`}>
            {busy === f.id ? "Exporting…" : f.label}
          </button>
        ))}
      </div>
      {!source && sourceError ? <p className="small muted" data-testid="export-unavailable">Exports need the task's labels, which could not be read (see the message at the top).</p> : null}
      {progress && (busy || publishing) ? <Progress value={progress.done} max={progress.total} label="Export progress" /> : null}
      {error ? <Alert tone="danger" title="Export failed">{error}</Alert> : null}
      {isOwner ? (
        <>
          <h3 style={{ margin: "0.25rem 0 0" }}>Publish</h3>
          <p className="small muted" style={{ margin: 0 }}>
            Pins one file on IPFS and records its CID on chain, so anyone can fetch the dataset and check it against the chain.
          </p>
          <div className="row">
            <label className="sr-only" htmlFor="publish-format">
              Format to publish
            </label>
            <select id="publish-format" value={publishFormat} onChange={(e) => setPublishFormat(e.target.value as ExportFormat)}>
              {formats.map((f) => (
                <option key={f.id} value={f.id}>
                  {f.label}
                </option>
              ))}
            </select>
            <button type="button" className="btn primary" disabled={!source || poolPending || !!publishing || !!busy} onClick={() => void publish()} data-testid="publish-dataset">
              {publishing ?? "Publish to IPFS and on chain"}
            </button>
          </div>
        </>
      ) : null}
      {published.data && published.data.length > 0 ? (
        <div className="small">
          Published dataset:{" "}
          <a href={`${config.ipfsGatewayUrl}/ipfs/${published.data[0]}`} target="_blank" rel="noreferrer" className="mono">
            {published.data[0]}
          </a>
        </div>
      ) : null}
    </div>
  );
}
