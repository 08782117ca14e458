/** A clock for timers and countdowns: re-renders the component every `intervalMs` with the local time. */
import { useEffect, useState } from "react";

/** The local Unix ms, refreshed every `intervalMs` (default 250 ms, so a second boundary is never missed by much). */
export function useNow(intervalMs = 250): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}
