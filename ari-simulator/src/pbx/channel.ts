import type { Bridge } from "./bridge.js";
import type { CallerId } from "./caller-id.js";
import { asteriskTimestamp } from "./time.js";

/** Channel states the simulator uses, spelled as ARI's `Channel.state` spells them. */
export type ChannelStateName = "Down" | "Ring" | "Ringing" | "Up";

/** ARI's `DialplanCEP` model: the channel's current location in the dialplan. */
export interface DialplanLocation {
  context: string;
  exten: string;
  priority: number;
  app_name: string;
  app_data: string;
}

/** ARI's `Channel` model as Asterisk 20 serialises it (field order as in the recordings). */
export interface ChannelJson {
  id: string;
  name: string;
  state: ChannelStateName;
  protocol_id: string;
  caller: CallerId;
  connected: CallerId;
  accountcode: string;
  dialplan: DialplanLocation;
  creationtime: string;
  language: string;
}

/** An outgoing dial in progress on a channel (originate or `POST /channels/{id}/dial`). */
export interface DialAttempt {
  /** The dial string reported in `Dial` events (`1001@agents`, `1001`). */
  dialstring: string;
  /** True for `POST /channels/{id}/dial`: Asterisk reports an empty dial string on ANSWER. */
  viaDialOperation: boolean;
  /** What to do once answered; undefined when the channel is already in Stasis. */
  onAnswer: AnswerAction | undefined;
  answered: boolean;
}

/** What an originated channel does once answered: enter a Stasis app, or run an extension. */
export type AnswerAction =
  | { kind: "stasis"; app: string; args: string[] }
  | { kind: "extension"; context: string; exten: string; priority: number };

/** A channel in the simulated PBX. Mutable state is owned by the Pbx. */
export class Channel {
  state: ChannelStateName;
  caller: CallerId;
  connected: CallerId;
  dialplan: DialplanLocation;
  readonly creationtime = new Date();
  readonly variables = new Map<string, string>();
  /** Stasis apps subscribed explicitly (originate/create with `app`): they see its whole life. */
  readonly subscribers = new Set<string>();
  /** The Stasis app the channel is in; that app is implicitly subscribed until StasisEnd. */
  stasisApp: string | undefined;
  /** Where the dialplan was before an explicitly subscribed channel entered Stasis. */
  dialplanBeforeStasis: DialplanLocation | undefined;
  bridge: Bridge | undefined;
  /** The other half of a Local channel pair. */
  localPeer: Channel | undefined;
  dial: DialAttempt | undefined;
  /** For a channel made by `POST /channels/create`: what `POST /channels/{id}/dial` will dial. */
  pendingDialstring: string | undefined;
  /** For a Local `;2` half: true once it runs `Wait()` and so handles caller id updates at once. */
  waiting = false;
  callerIdUpdatePending = false;
  hangingUp = false;
  readonly timers = new Set<NodeJS.Timeout>();

  constructor(
    readonly id: string,
    readonly name: string,
    /** Channel technology: `Local`, `PJSIP`, `SIP`... */
    readonly technology: string,
    init: { state: ChannelStateName; caller: CallerId; connected: CallerId; dialplan: DialplanLocation },
    readonly protocolId: string,
  ) {
    this.state = init.state;
    this.caller = init.caller;
    this.connected = init.connected;
    this.dialplan = init.dialplan;
  }

  /** Every Stasis app that receives this channel's events now. */
  apps(): Set<string> {
    const apps = new Set(this.subscribers);
    if (this.stasisApp !== undefined) apps.add(this.stasisApp);
    return apps;
  }

  /** The channel as ARI serialises it; a copy, safe to keep. */
  toJson(): ChannelJson {
    return {
      id: this.id,
      name: this.name,
      state: this.state,
      protocol_id: this.protocolId,
      caller: { ...this.caller },
      connected: { ...this.connected },
      accountcode: "",
      dialplan: { ...this.dialplan },
      creationtime: asteriskTimestamp(this.creationtime),
      language: "en",
    };
  }
}
