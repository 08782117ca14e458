/** Tells screen readers about each new ringing call (aria-live), since a card appearing is silent to them. */
import { useEffect, useRef, useState } from "react";
import type { CallCard } from "../state/agent-screen.js";

/** A visually hidden live region announcing new offers in `ringing`. */
export function CallAnnouncer({ ringing }: { ringing: readonly CallCard[] }) {
  const [message, setMessage] = useState("");
  const announced = useRef(new Set<string>());
  useEffect(() => {
    const fresh = ringing.filter((c) => !announced.current.has(c.sessionId));
    announced.current = new Set(ringing.map((c) => c.sessionId));
    const call = fresh[0];
    if (!call) return;
    const origin = call.callType === "queue" ? `from queue ${call.queueNumber ?? ""}` : "direct call";
    setMessage(`Incoming call, ${origin}: ${call.callerName ?? "caller"}, ${call.customerNumber}. Press A to answer, R to reject.`);
  }, [ringing]);
  return (
    <div className="visually-hidden" aria-live="assertive" aria-atomic="true" data-testid="call-announcer">
      {message}
    </div>
  );
}
