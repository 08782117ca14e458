/**
 * Limits per identity and per address, for one server process: how many WebSockets one identity
 * (an agent, or one supervisor or ops token) and one remote address may hold, and one command
 * budget shared by all the sockets of an identity (each socket also has its own, in the router).
 *
 * A connection is counted from the moment its upgrade is admitted (before the handshake, so a
 * burst of concurrent upgrades cannot all slip past the cap) until it closes.
 */
import type { Identity } from "../auth/token.js";
import { TokenBucket, type RateLimit } from "./token-bucket.js";

/** Caps on concurrent connections; 0 means no cap. */
export interface ConnectionCaps {
  /** WebSockets one remote address may hold at once (default 1000). */
  perAddress: number;
  /** WebSockets one identity may hold at once (default 10). */
  perIdentity: number;
}

/** Default caps: 1000 per address (a whole office behind one NAT), 10 per identity (a few tabs). */
export const defaultConnectionCaps: ConnectionCaps = { perAddress: 1000, perIdentity: 10 };

/** Default command budget shared by every socket of one identity: 40/s, bursts of 80. */
export const defaultIdentityRateLimit: RateLimit = { ratePerSecond: 40, burst: 80 };

/**
 * The key connections and commands are counted under: `agent:<agentId>` for agents (all tokens of
 * one agent together), otherwise `token:<signature>`: the token's JWS signature (RFC 7515 §7.1,
 * its third part), which names that one token, since supervisors and ops share their `sub`.
 */
export function identityKey(identity: Identity, token: string): string {
  if (identity.role === "agent" && identity.agentId !== undefined) return `agent:${identity.agentId}`;
  return `token:${token.slice(token.lastIndexOf(".") + 1)}`;
}

/**
 * What every connection of one identity key shares while any is open: the identity (one object,
 * not one per socket) and the command budget.
 */
export interface SharedIdentity {
  readonly key: string;
  readonly identity: Identity;
  /** The command budget shared by every socket of this identity. */
  readonly bucket: TokenBucket;
  /** Connections of this key now counted. */
  connections: number;
}

/**
 * A held admission: pass it to {@link ConnectionLimits.release} once its connection's socket
 * closes (a second release of the same admission is ignored). It holds no closure, so an idle
 * connection pays one small object for its place in the counts.
 */
export interface Admitted {
  readonly shared: SharedIdentity;
  readonly address: string;
  released: boolean;
}

export class ConnectionLimits {
  private readonly addresses = new Map<string, number>();
  private readonly identities = new Map<string, SharedIdentity>();

  constructor(
    private readonly caps: ConnectionCaps = defaultConnectionCaps,
    private readonly rateLimit: RateLimit = defaultIdentityRateLimit,
  ) {}

  /**
   * Whether `address` is at its cap already, so an upgrade can be refused before its token is
   * verified (a flood from one address then costs no signature checks).
   */
  addressFull(address: string): boolean {
    return this.caps.perAddress > 0 && (this.addresses.get(address) ?? 0) >= this.caps.perAddress;
  }

  /** The sentence a refusal at the address cap gives. */
  addressRefusal(address: string): string {
    return `Too many connections from ${address}: the limit is ${this.caps.perAddress}; close some and retry`;
  }

  /**
   * Counts a new connection of `key` (see {@link identityKey}, made from `identity`) from
   * `address`. While the key has a connection, later ones share the first one's `identity` object.
   * @returns the admission, or a sentence saying which cap refused it (nothing is counted then).
   */
  admit(key: string, identity: Identity, address: string): Admitted | string {
    const fromAddress = this.addresses.get(address) ?? 0;
    if (this.addressFull(address)) return this.addressRefusal(address);
    const counted = this.identities.get(key);
    if (this.caps.perIdentity > 0 && (counted?.connections ?? 0) >= this.caps.perIdentity) {
      return `Too many connections for this ${key.startsWith("agent:") ? "agent" : "token"}: the limit is ${this.caps.perIdentity}; close some screens and retry`;
    }
    this.addresses.set(address, fromAddress + 1);
    const shared = counted ?? { key, identity, bucket: new TokenBucket(this.rateLimit), connections: 0 };
    shared.connections += 1;
    this.identities.set(key, shared);
    return { shared, address, released: false };
  }

  /** Uncounts an admitted connection; releasing one admission again does nothing. */
  release(admitted: Admitted): void {
    if (admitted.released) return;
    admitted.released = true;
    const { shared, address } = admitted;
    const fromAddress = (this.addresses.get(address) ?? 1) - 1;
    if (fromAddress <= 0) this.addresses.delete(address);
    else this.addresses.set(address, fromAddress);
    shared.connections -= 1;
    // The budget goes with the last connection: a reconnecting abuser starts from a full bucket
    // only after closing every socket, which the per-connection caps already bound.
    if (shared.connections <= 0 && this.identities.get(shared.key) === shared) this.identities.delete(shared.key);
  }
}
