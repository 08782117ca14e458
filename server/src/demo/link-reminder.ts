/**
 * Keeps the demo's screen links findable: the event lines scroll them away within seconds, so
 * they are printed again every minute.
 */

/** How often the links are printed again, in ms. */
export const LINK_REMINDER_INTERVAL_MS = 60_000;

/**
 * Writes `links` (the lines of the screens block) with a heading through `write` every
 * `intervalMs`. The timer does not keep the process alive.
 * @returns stops the reminder.
 */
export function startLinkReminder(links: readonly string[], write: (text: string) => void, intervalMs = LINK_REMINDER_INTERVAL_MS): () => void {
  const text = `Screens (printed again every ${Math.round(intervalMs / 1000)} s):\n${links.join("\n")}\n`;
  const timer = setInterval(() => write(text), intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
