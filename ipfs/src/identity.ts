import { createPrivateKey, createPublicKey, generateKeyPairSync } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { base58btc } from "multiformats/bases/base58";

/** The node's peer identity, shown by `/api/v0/id`. No networking uses it: it only answers. */
export interface NodeIdentity {
  /** libp2p peer ID (`12D3KooW...`): identity multihash of the protobuf-encoded Ed25519 key. */
  peerId: string;
  /** base64 protobuf-encoded public key, as Kubo shows it. */
  publicKey: string;
}

/** Loads the node's Ed25519 key from `identity.pem` in the data dir, creating it once. */
export async function loadIdentity(dataDir: string): Promise<NodeIdentity> {
  const file = join(dataDir, "identity.pem");
  let pem: string;
  try {
    pem = await readFile(file, "utf8");
  } catch {
    pem = generateKeyPairSync("ed25519").privateKey.export({ type: "pkcs8", format: "pem" }).toString();
    await writeFile(file, pem, { mode: 0o600 });
  }
  const spki = createPublicKey(createPrivateKey(pem)).export({ type: "spki", format: "der" });
  const rawKey = spki.subarray(spki.length - 32);
  // libp2p PublicKey protobuf: field 1 KeyType = Ed25519 (1), field 2 Data = 32 key bytes.
  const protobuf = Buffer.concat([Buffer.from([0x08, 0x01, 0x12, 0x20]), rawKey]);
  // Keys of 42 bytes or less are inlined in an identity multihash (code 0x00).
  const multihash = Buffer.concat([Buffer.from([0x00, protobuf.length]), protobuf]);
  return { peerId: base58btc.baseEncode(multihash), publicKey: protobuf.toString("base64") };
}
