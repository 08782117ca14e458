import type { Channel } from "./channel.js";
import { asteriskTimestamp } from "./time.js";

/** ARI's `Bridge` model as Asterisk 20 serialises it (field order as in the recordings). */
export interface BridgeJson {
  id: string;
  technology: string;
  bridge_type: string;
  bridge_class: string;
  creator: string;
  name: string;
  channels: string[];
  creationtime: string;
  video_mode: string;
}

/** A bridge created through ARI (`bridge_class` "stasis", `creator` "Stasis"). */
export class Bridge {
  readonly creationtime = new Date();
  readonly members: Channel[] = [];
  /** Stasis apps that receive this bridge's events: those whose channels have been in it. */
  readonly subscribers = new Set<string>();

  constructor(
    readonly id: string,
    /** `mixing` or `holding`. */
    readonly bridgeType: "mixing" | "holding",
    readonly name: string,
  ) {}

  /**
   * The bridge technology Asterisk's smart bridging picks: `simple_bridge` for up to two channels
   * of a mixing bridge, `softmix` beyond, `holding_bridge` for holding bridges.
   */
  technology(): string {
    if (this.bridgeType === "holding") return "holding_bridge";
    return this.members.length > 2 ? "softmix" : "simple_bridge";
  }

  /** The bridge as ARI serialises it; a copy, safe to keep. */
  toJson(): BridgeJson {
    return {
      id: this.id,
      technology: this.technology(),
      bridge_type: this.bridgeType,
      bridge_class: "stasis",
      creator: "Stasis",
      name: this.name,
      channels: this.members.map((member) => member.id),
      creationtime: asteriskTimestamp(this.creationtime),
      video_mode: this.bridgeType === "mixing" ? "talker" : "none",
    };
  }
}
