import { afterAll, beforeAll } from "vitest";
import { connectDevchain, type Devchain } from "./connectDevchain.ts";
import { deployProtocol } from "./deployProtocol.ts";
import { startAnvil, type RunningAnvil } from "./startAnvil.ts";

/**
 * For a vitest file: a fresh anvil with the protocol deployed before its tests, stopped after them. Call at the top
 * level; the returned function gives the devchain once `beforeAll` has run.
 */
export function useTestDevchain(): () => Devchain {
  let anvil: RunningAnvil | undefined;
  let devchain: Devchain | undefined;
  beforeAll(async () => {
    anvil = await startAnvil();
    devchain = connectDevchain({ rpcUrl: anvil.rpcUrl, deployment: await deployProtocol({ rpcUrl: anvil.rpcUrl }), pollingInterval: 50 });
  }, 60_000);
  afterAll(async () => {
    await anvil?.stop();
  });
  return () => {
    if (!devchain) throw new Error("useTestDevchain: the devchain is only there once beforeAll has run (use it inside a test).");
    return devchain;
  };
}
