import type { Bridge } from "./bridge.js";
import type { Channel } from "./channel.js";
import type { StasisApps } from "./stasis-apps.js";
import { asteriskTimestamp } from "./time.js";

/**
 * Writes the Pbx's ARI events with Asterisk's field order (source: the recordings) to the apps
 * that see their channel or bridge.
 */
export class PbxEvents {
  constructor(private readonly apps: StasisApps) {}

  /**
   * Writes a channel event to the apps that see the channel. `before` fields precede `type` (as
   * Asterisk orders ChannelVarset and ChannelHangupRequest), `after` fields follow `timestamp`.
   */
  channel(
    type: string,
    channel: Channel,
    before: Record<string, unknown> = {},
    after: Record<string, unknown> = {},
  ): void {
    this.apps.deliver(channel.apps(), {
      ...before,
      type,
      timestamp: asteriskTimestamp(new Date()),
      ...after,
      channel: channel.toJson(),
    });
  }

  /** Writes `Dial` about the dialled `peer` with `dialstatus` (empty while dialling, then RINGING/ANSWER/...). */
  dial(peer: Channel, dialstatus: string, dialstring = peer.dial?.dialstring ?? ""): void {
    this.apps.deliver(peer.apps(), {
      type: "Dial",
      timestamp: asteriskTimestamp(new Date()),
      dialstatus,
      forward: "",
      dialstring,
      peer: peer.toJson(),
    });
  }

  /** Writes a bridge event about `channel` to the apps of the channel and those subscribed to the bridge. */
  bridge(type: string, bridge: Bridge, channel: Channel): void {
    this.apps.deliver(new Set([...channel.apps(), ...bridge.subscribers]), {
      type,
      timestamp: asteriskTimestamp(new Date()),
      bridge: bridge.toJson(),
      channel: channel.toJson(),
    });
  }

  /** Writes `BridgeDestroyed` to the apps subscribed to the bridge. */
  bridgeDestroyed(bridge: Bridge): void {
    this.apps.deliver(bridge.subscribers, {
      type: "BridgeDestroyed",
      timestamp: asteriskTimestamp(new Date()),
      bridge: bridge.toJson(),
    });
  }

  /** Writes `ChannelCallerId` (presentation allowed, as the recordings show). */
  callerId(channel: Channel): void {
    this.channel("ChannelCallerId", channel, {}, {
      caller_presentation: 0,
      caller_presentation_txt: "Presentation Allowed, Not Screened",
    });
  }
}
