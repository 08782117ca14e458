/**
 * The incoming-call sound: two short tones made with WebAudio (no audio file to load). The mute
 * choice is kept in localStorage so it survives reloads.
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

/** Plays the cue once. Silently does nothing where audio is unavailable or not yet allowed by the browser. */
export function playRingCue(): void {
  try {
    context ??= new AudioContext();
    // Browsers start audio suspended until the page has had a user gesture; resume is a no-op afterwards.
    void context.resume();
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
