import { randomUUID } from "node:crypto";
import { AriError, allocationFailed } from "./ari-error.js";
import type { CallerId } from "./caller-id.js";
import { Channel, type DialplanLocation } from "./channel.js";
import type { EndpointBehaviours } from "./endpoint-behaviours.js";

/** Channel technologies the simulator can create channels for. */
const knownTechnologies = new Set(["local", "pjsip", "sip", "iax2", "dahdi"]);

/**
 * Makes channels as Asterisk's `ast_request` does: ids `<epoch s>.<global counter>` unless the
 * request chose them, names with per-technology 8-hex counters, Local channels as two halves.
 */
export class ChannelAllocator {
  private uniqueCounter = 0;
  private readonly nameCounters = new Map<string, number>();

  constructor(
    private readonly channels: Map<string, Channel>,
    private readonly endpoints: EndpointBehaviours,
  ) {}

  /**
   * Creates the channel(s) an endpoint needs: a Local pair (consecutive ids, `;1` dialled, `;2`
   * running the extension) or one channel; returns the dialled one. Throws AriError 409 "Channel
   * with given unique ID already exists", 500 "Allocation failed" for an unknown technology or an
   * endpoint whose behaviour is `fail`.
   */
  request(
    technology: string,
    resource: string,
    channelId: string | undefined,
    otherChannelId: string | undefined,
    identity: CallerId,
  ): Channel {
    for (const id of [channelId, otherChannelId]) {
      if (id && this.channels.has(id)) throw new AriError(409, "Channel with given unique ID already exists");
    }
    if (!knownTechnologies.has(technology.toLowerCase())) throw allocationFailed();
    if (technology.toLowerCase() !== "local") {
      if (this.endpoints.lookup(`${technology}/${resource}`).kind === "fail") throw allocationFailed();
      return this.newChannel(technology, resource, channelId, {
        state: "Down",
        caller: { ...identity },
        connected: { ...identity },
        dialplan: { context: "default", exten: "s", priority: 1, app_name: "", app_data: "" },
      });
    }
    const { exten, context } = splitLocalResource(resource);
    const suffix = this.nextNameSuffix("Local");
    const dialplan: DialplanLocation = { context, exten, priority: 1, app_name: "", app_data: "" };
    const first = this.addChannel(
      new Channel(channelId || this.nextUniqueId(), `Local/${resource}-${suffix};1`, "Local", {
        state: "Down",
        caller: { ...identity },
        connected: { ...identity },
        dialplan: { ...dialplan },
      }, ""),
    );
    const second = this.addChannel(
      new Channel(otherChannelId || this.nextUniqueId(), `Local/${resource}-${suffix};2`, "Local", {
        state: "Ring",
        caller: { ...identity },
        connected: { ...identity },
        dialplan: { ...dialplan },
      }, ""),
    );
    first.localPeer = second;
    second.localPeer = first;
    return first;
  }

  /** Creates and registers one non-Local channel named `Tech/<endpoint>-<8 hex>` (a SIP Call-ID as protocol_id). */
  newChannel(
    technology: string,
    resource: string,
    channelId: string | undefined,
    init: ConstructorParameters<typeof Channel>[3],
  ): Channel {
    const endpointName = resource.split(/[/@]/)[0] ?? resource;
    const name = `${technology}/${endpointName}-${this.nextNameSuffix(technology)}`;
    // A SIP channel's protocol_id is its Call-ID.
    return this.addChannel(new Channel(channelId || this.nextUniqueId(), name, technology, init, randomUUID()));
  }

  private addChannel(channel: Channel): Channel {
    this.channels.set(channel.id, channel);
    return channel;
  }

  /** Asterisk unique ids: epoch seconds at creation, a dot, a global counter (`1795304783.1`). */
  private nextUniqueId(): string {
    return `${Math.floor(Date.now() / 1000)}.${this.uniqueCounter++}`;
  }

  /** The per-technology channel name counter, as 8 hex digits (`00000007`). */
  private nextNameSuffix(technology: string): string {
    const key = technology.toLowerCase();
    const next = this.nameCounters.get(key) ?? 0;
    this.nameCounters.set(key, next + 1);
    return next.toString(16).padStart(8, "0");
  }
}

/** Splits `Tech/resource`; throws AriError 400 "Invalid endpoint specified" like Asterisk. */
export function splitEndpoint(endpoint: string): { technology: string; resource: string } {
  const slash = endpoint.indexOf("/");
  const technology = slash === -1 ? endpoint : endpoint.slice(0, slash);
  const resource = slash === -1 ? "" : endpoint.slice(slash + 1);
  if (!technology || !resource) throw new AriError(400, "Invalid endpoint specified");
  return { technology, resource };
}

/** `1001@agents/n` → extension `1001`, context `agents` (Asterisk's default context when absent). */
export function splitLocalResource(resource: string): { exten: string; context: string } {
  const [destination = ""] = resource.split("/");
  const at = destination.indexOf("@");
  return at === -1
    ? { exten: destination, context: "default" }
    : { exten: destination.slice(0, at), context: destination.slice(at + 1) };
}
