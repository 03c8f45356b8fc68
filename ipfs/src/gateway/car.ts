import { CarWriter } from "@ipld/car/writer";
import type { CID } from "multiformats/cid";
import type { DagBlock } from "../dag.js";

/** Content-Type of the CARs the gateway sends (IPIP-412 parameters spelled out). */
export const CAR_CONTENT_TYPE = "application/vnd.ipld.car; version=1; order=dfs; dups=n";

/**
 * Streams a CARv1 with `roots` as header roots and `blocks` in the order given. If reading
 * a block fails midway the stream ends with that error, after the blocks written so far,
 * so the HTTP layer can cut the connection rather than end a truncated CAR cleanly.
 */
export async function* carStream(roots: CID[], blocks: AsyncIterable<DagBlock>): AsyncGenerator<Uint8Array> {
  const { writer, out } = CarWriter.create(roots);
  let failure: unknown;
  const producing = (async () => {
    try {
      for await (const block of blocks) await writer.put(block);
    } catch (error) {
      failure = error;
    } finally {
      await writer.close();
    }
  })();
  yield* out;
  await producing;
  if (failure !== undefined) throw failure;
}
