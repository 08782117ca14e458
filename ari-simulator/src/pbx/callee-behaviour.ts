import type { Behaviour } from "./behaviour.js";
import { Cause } from "./causes.js";
import type { Channel, ChannelStateName } from "./channel.js";
import type { PbxEvents } from "./pbx-events.js";

/** How long Asterisk's `Answer()` keeps a Local `;2` half before its next priority (seen in the recordings). */
const answerSettleMs = 500;

/** The Pbx operations a callee's behaviour drives (see the Pbx for each one's events). */
export interface CalleeSteps {
  readonly events: PbxEvents;
  dialplanStep(channel: Channel, app: string, data: string): void;
  setState(channel: Channel, state: ChannelStateName): void;
  answerDialed(channel: Channel): void;
  calleeFailed(channel: Channel, dialstatus: string, cause: number): void;
  ringing(channel: Channel): void;
  startWaiting(channel: Channel): void;
  enterStasis(channel: Channel, app: string, args: string[], subscribedBefore: boolean): void;
  channelTimer(channel: Channel, ms: number, action: () => void): void;
}

/** The `;2` half of a Local pair runs its extension; its outcome drives the dialled `;1` half. */
export function runLocalHalf(steps: CalleeSteps, first: Channel, second: Channel, behaviour: Behaviour | undefined): void {
  if (!behaviour) {
    // chan_local finds no such extension: the call fails before the `;2` half runs anything.
    steps.calleeFailed(first, "CHANUNAVAIL", Cause.noRouteDestination);
    return;
  }
  if (behaviour.kind !== "fail" && behaviour.label !== undefined) {
    steps.dialplanStep(second, "NoOp", behaviour.label.replaceAll("${EXTEN}", second.dialplan.exten));
  }
  switch (behaviour.kind) {
    case "stasis":
      steps.dialplanStep(second, "Stasis", [behaviour.app, ...behaviour.args].join(","));
      steps.enterStasis(second, behaviour.app, behaviour.args, false);
      return;
    case "answer": {
      const answerNow = () => {
        steps.dialplanStep(second, "Answer", "");
        steps.setState(second, "Up");
        steps.answerDialed(first);
        steps.channelTimer(second, answerSettleMs, () => steps.startWaiting(second));
      };
      if (behaviour.afterMs <= 0) {
        answerNow();
        return;
      }
      steps.dialplanStep(second, "Ringing", "");
      steps.setState(first, "Ringing");
      steps.dialplanStep(second, "Wait", formatSeconds(behaviour.afterMs));
      steps.events.dial(first, "RINGING");
      steps.channelTimer(second, behaviour.afterMs, answerNow);
      return;
    }
    case "ring":
      steps.dialplanStep(second, "Ringing", "");
      steps.setState(first, "Ringing");
      steps.startWaiting(second);
      steps.events.dial(first, "RINGING");
      return;
    case "busy":
      steps.dialplanStep(second, "Busy", "");
      steps.calleeFailed(first, "BUSY", Cause.userBusy);
      return;
    case "congestion":
      steps.dialplanStep(second, "Congestion", "");
      steps.calleeFailed(first, "CONGESTION", Cause.congestion);
      return;
    case "reject":
      steps.dialplanStep(second, "Hangup", String(Cause.callRejected));
      steps.calleeFailed(first, "CHANUNAVAIL", Cause.callRejected);
      return;
    case "fail":
      steps.calleeFailed(first, "CHANUNAVAIL", Cause.noRouteDestination);
      return;
  }
}

/** A non-Local endpoint answers, rings, or refuses the dial according to its behaviour. */
export function runEndpoint(steps: CalleeSteps, channel: Channel, behaviour: Behaviour): void {
  switch (behaviour.kind) {
    case "answer":
    case "stasis":
      if (behaviour.kind === "answer" && behaviour.afterMs > 0) {
        steps.ringing(channel);
        steps.channelTimer(channel, behaviour.afterMs, () => steps.answerDialed(channel));
      } else {
        steps.answerDialed(channel);
      }
      return;
    case "ring":
      steps.ringing(channel);
      return;
    case "busy":
      steps.calleeFailed(channel, "BUSY", Cause.userBusy);
      return;
    case "congestion":
      steps.calleeFailed(channel, "CONGESTION", Cause.congestion);
      return;
    case "reject":
      steps.calleeFailed(channel, "CHANUNAVAIL", Cause.callRejected);
      return;
    case "fail":
      steps.calleeFailed(channel, "CHANUNAVAIL", Cause.noRouteDestination);
      return;
  }
}

/** A `Wait()` argument in seconds, e.g. 1500 ms → `1.5`. */
function formatSeconds(ms: number): string {
  return String(ms / 1000);
}
