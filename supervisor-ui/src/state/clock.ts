/**
 * Time on the screens: timers and countdowns are computed against the server's clock, estimated
 * from the Unix ms the server puts on frames, so a machine whose clock is off still shows the truth.
 */

/** How far the server's clock is ahead of this machine's: `serverTimestamp − local receive time`, in ms. */
export function skewOffsetMs(serverTimestamp: number, receivedAt: number): number {
  return serverTimestamp - receivedAt;
}

/** Whole seconds from `startIso` to the server's now (`now + offsetMs`); never negative. */
export function elapsedSeconds(startIso: string, offsetMs: number, now: number): number {
  const start = Date.parse(startIso);
  if (Number.isNaN(start)) return 0;
  return Math.max(0, Math.floor((now + offsetMs - start) / 1000));
}

/** Whole seconds left until `deadlineIso` by the server's clock, rounded up; never negative. */
export function remainingSeconds(deadlineIso: string, offsetMs: number, now: number): number {
  const deadline = Date.parse(deadlineIso);
  if (Number.isNaN(deadline)) return 0;
  return Math.max(0, Math.ceil((deadline - (now + offsetMs)) / 1000));
}

/** `m:ss` under an hour, `h:mm:ss` from an hour on. */
export function formatDuration(totalSeconds: number): string {
  const s = Math.max(0, Math.floor(totalSeconds));
  const hours = Math.floor(s / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  const seconds = String(s % 60).padStart(2, "0");
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, "0")}:${seconds}` : `${minutes}:${seconds}`;
}
