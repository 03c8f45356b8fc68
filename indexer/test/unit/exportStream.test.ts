import { expect, test } from "vitest";
import { exportDataset, itemRecords, type DatasetSource } from "@crowdlabel/sdk";
import { ApiError } from "../../src/api/ApiError.ts";
import { startExport, streamOf } from "../../src/api/exportStream.ts";
import { syntheticImage, syntheticSource } from "../../../sdk/test/syntheticSource.ts";

const { source } = await syntheticSource({ itemCount: 60, batchSize: 20, seed: 7 });
/** Items the HF export ships (consensus on a named class), in order. */
const shipped = [...itemRecords(source)].filter((r) => r.consensus !== null && r.consensus < source.task.classCount);

/** An HF export whose `fetchImage` fails for the given items, started the way the export route starts it. */
function hfExport(from: DatasetSource, failing: Set<number>) {
  let imagesDone = 0;
  const chunks = exportDataset(from, {
    format: "hf",
    fetchImage: async (cid) => {
      const index = from.manifest.items.findIndex((item) => item.cid === cid);
      if (failing.has(index)) throw new Error("HTTP 504 from the gateway");
      return syntheticImage(index);
    },
    onProgress: (p) => void ("phase" in p && (imagesDone = p.done)),
  });
  return { chunks, started: () => imagesDone > 0 };
}

test("an HF export whose first image IPFS does not serve fails before the response, as 502 ipfs_unavailable naming the CID", async () => {
  const first = shipped[0]!;
  const { chunks, started } = hfExport(source, new Set([first.index]));
  const error = await startExport(chunks, started).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ApiError);
  expect(error).toMatchObject({
    status: 502,
    code: "ipfs_unavailable",
    message: `image ${first.cid} (item ${first.index}) could not be fetched from IPFS: HTTP 504 from the gateway`,
  });
});

test("a later image failing errors the stream after the first image was sent (the documented mid-stream failure)", async () => {
  const { chunks, started } = hfExport(source, new Set([shipped[1]!.index]));
  const first = await startExport(chunks, started);
  expect(started()).toBe(true);
  const reader = streamOf(first, chunks).getReader();
  let bytes = 0;
  const error = await (async () => {
    for (let part = await reader.read(); !part.done; part = await reader.read()) bytes += part.value.length;
  })().catch((e: unknown) => e);
  expect(error).toMatchObject({ name: "ImageFetchError", cid: shipped[1]!.cid, index: shipped[1]!.index });
  expect(bytes).toBeGreaterThan(syntheticImage(shipped[0]!.index).length);
});

test("text formats start at their first chunk and stream the rest unchanged", async () => {
  const whole: string[] = [];
  for await (const chunk of exportDataset(source, { format: "csv" })) whole.push(chunk as string);
  const chunks = exportDataset(source, { format: "csv" });
  const first = await startExport(chunks, () => true);
  expect(first).toEqual([whole[0]]);
  expect(await new Response(streamOf(first, chunks)).text()).toBe(whole.join(""));
});
