/** Where a call came from, in words for its card. */
import type { CallCard } from "../state/agent-screen.js";

/** "Queue 5000", "Direct call", "Transferred by agent-1002", or "Call 2" when the screen does not know. */
export function callOrigin(card: CallCard): string {
  switch (card.callType) {
    case "queue":
      return `Queue ${card.queueNumber ?? ""}`.trim();
    case "direct":
      return "Direct call";
    case "transfer":
      return card.transferredBy ? `Transferred by ${card.transferredBy}` : "Transferred call";
    default:
      return `Call ${card.callIndex}`;
  }
}
