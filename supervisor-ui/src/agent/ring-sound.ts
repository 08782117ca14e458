/**
 * The incoming-call sound: two short tones made with WebAudio (no audio file to load). The mute
 * choice is kept in localStorage so it survives reloads. Browsers keep audio suspended until the
 * page gets a click or key press (Chromium's autoplay policy), so the screen asks for one and
 * says the sound is blocked until then.
 */

const MUTE_KEY = "acc.soundMuted";

let context: AudioContext | null = null;

/** Whether the agent muted the sound cue. */
export function isSoundMuted(): boolean {
  return localStorage.getItem(MUTE_KEY) === "1";
}

/** Remembers the mute choice. */
export function setSoundMuted(muted: boolean): void {
  localStorage.setItem(MUTE_KEY, muted ? "1" : "0");
}

/** Where sound stands: `ready` (it will play), `blocked` (waiting for a click), `unavailable` (no WebAudio). */
export type AudioState = "ready" | "blocked" | "unavailable";

function audio(): AudioContext | null {
  try {
    context ??= new AudioContext();
    return context;
  } catch {
    return null;
  }
}

/** Whether the cue can play now. Creating the context does not unblock it; only a user gesture does. */
export function audioState(): AudioState {
  const c = audio();
  if (!c) return "unavailable";
  return c.state === "running" ? "ready" : "blocked";
}

/**
 * Calls `listener` with the new state whenever it changes, and resumes the audio on the page's
 * next click or key press (a resume outside a user gesture stays suspended). Returns the unsubscribe.
 */
export function watchAudioState(listener: (state: AudioState) => void): () => void {
  const c = audio();
  if (!c) return () => undefined;
  const changed = () => listener(audioState());
  const unlock = () => void c.resume().then(changed, changed);
  c.addEventListener("statechange", changed);
  document.addEventListener("pointerdown", unlock, true);
  document.addEventListener("keydown", unlock, true);
  return () => {
    c.removeEventListener("statechange", changed);
    document.removeEventListener("pointerdown", unlock, true);
    document.removeEventListener("keydown", unlock, true);
  };
}

/** Plays the cue once. Silently does nothing where audio is unavailable or not yet allowed by the browser. */
export function playRingCue(): void {
  try {
    const context = audio();
    if (!context || context.state !== "running") return;
    const start = context.currentTime;
    for (const [offset, frequency] of [
      [0, 880],
      [0.25, 660],
    ] as const) {
      const oscillator = context.createOscillator();
      const gain = context.createGain();
      oscillator.frequency.value = frequency;
      gain.gain.setValueAtTime(0.0001, start + offset);
      gain.gain.exponentialRampToValueAtTime(0.2, start + offset + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, start + offset + 0.2);
      oscillator.connect(gain).connect(context.destination);
      oscillator.start(start + offset);
      oscillator.stop(start + offset + 0.22);
    }
  } catch (error) {
    console.warn("The ring cue could not play:", error);
  }
}
