/** Rings while a call is offered: the cue on each new offer and every few seconds while any call rings. */
import { useEffect, useRef } from "react";
import { playRingCue } from "./ring-sound.js";

/** How often the cue repeats while a call rings, in ms. */
const REPEAT_MS = 4000;

/** `ringing`: the session ids currently ringing; `muted`: the agent's choice. */
export function useRingCue(ringing: readonly string[], muted: boolean): void {
  const heard = useRef(new Set<string>());
  const key = ringing.join(",");
  useEffect(() => {
    const fresh = ringing.filter((id) => !heard.current.has(id));
    heard.current = new Set(ringing);
    if (muted || ringing.length === 0) return;
    if (fresh.length > 0) playRingCue();
    const timer = setInterval(playRingCue, REPEAT_MS);
    return () => clearInterval(timer);
    // `key` stands for the contents of `ringing`, which is a new array on every render.
  }, [key, muted]);
}
