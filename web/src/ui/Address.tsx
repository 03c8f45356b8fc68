import { Link } from "react-router";
import type { Address as Addr } from "viem";
import { shortAddress } from "./format.ts";

/** A deterministic little identicon: colour from the address. */
export function Avatar({ address }: { address: string }) {
  const hue = parseInt(address.slice(2, 8), 16) % 360;
  const hue2 = (hue + 140) % 360;
  return (
    <span
      className="avatar"
      aria-hidden="true"
      style={{ background: `linear-gradient(135deg, hsl(${hue} 70% 55%), hsl(${hue2} 70% 45%))`, display: "inline-block" }}
    />
  );
}

export function AddressLabel({ address, you }: { address: Addr | string; you?: boolean }) {
  return (
    <span style={{ display: "inline-flex", alignItems: "center", gap: "0.4rem", verticalAlign: "middle", whiteSpace: "nowrap" }} title={address}>
      <Avatar address={address} />
      <span className="mono">{shortAddress(address)}</span>
      {you ? <span className="badge accent">you</span> : null}
    </span>
  );
}

/** An annotator's address and avatar, linking to their profile. */
export function ProfileLink({ address, you }: { address: Addr | string; you?: boolean }) {
  return (
    <Link to={`/profile/${address}`}>
      <AddressLabel address={address} you={you} />
    </Link>
  );
}
