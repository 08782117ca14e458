/**
 * Limits per identity and per address, for one server process: how many WebSockets one identity
 * (an agent, or one supervisor or ops token) and one remote address may hold, and one command
 * budget shared by all the sockets of an identity (each socket also has its own, in the router).
 *
 * A connection is counted from the moment its upgrade is admitted (before the handshake, so a
 * burst of concurrent upgrades cannot all slip past the cap) until its TCP socket closes.
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

/** A held admission: release it exactly once when the connection's socket closes. */
export interface Admitted {
  key: string;
  address: string;
  /** The command budget shared by every socket of this identity. */
  bucket: TokenBucket;
  release(): void;
}

interface IdentityCount {
  connections: number;
  bucket: TokenBucket;
}

export class ConnectionLimits {
  private readonly addresses = new Map<string, number>();
  private readonly identities = new Map<string, IdentityCount>();

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
   * Counts a new connection of `key` from `address`.
   * @returns the admission, or a sentence saying which cap refused it (nothing is counted then).
   */
  admit(key: string, address: string): Admitted | string {
    const fromAddress = this.addresses.get(address) ?? 0;
    if (this.addressFull(address)) return this.addressRefusal(address);
    const identity = this.identities.get(key);
    if (this.caps.perIdentity > 0 && (identity?.connections ?? 0) >= this.caps.perIdentity) {
      return `Too many connections for this ${key.startsWith("agent:") ? "agent" : "token"}: the limit is ${this.caps.perIdentity}; close some screens and retry`;
    }
    this.addresses.set(address, fromAddress + 1);
    const count = identity ?? { connections: 0, bucket: new TokenBucket(this.rateLimit) };
    count.connections += 1;
    this.identities.set(key, count);
    let released = false;
    return {
      key,
      address,
      bucket: count.bucket,
      release: () => {
        if (released) return;
        released = true;
        this.releaseOne(key, address);
      },
    };
  }

  private releaseOne(key: string, address: string): void {
    const fromAddress = (this.addresses.get(address) ?? 1) - 1;
    if (fromAddress <= 0) this.addresses.delete(address);
    else this.addresses.set(address, fromAddress);
    const identity = this.identities.get(key);
    if (!identity) return;
    identity.connections -= 1;
    // The budget goes with the last connection: a reconnecting abuser starts from a full bucket
    // only after closing every socket, which the per-connection caps already bound.
    if (identity.connections <= 0) this.identities.delete(key);
  }
}
