import type { Devchain } from "./connectDevchain.ts";

/** Moves anvil's clock forward and mines a block, so windows, deadlines and claim expiry pass. */
export async function increaseTime(devchain: Pick<Devchain, "testClient">, seconds: number): Promise<void> {
  await devchain.testClient.increaseTime({ seconds });
  await devchain.testClient.mine({ blocks: 1 });
}
