/** Keyboard shortcuts of the agent screen: A answers and R rejects the first ringing call. */
import { useEffect, useRef } from "react";

/** The shortcuts as the screen documents them. */
export const SHORTCUTS: readonly { key: string; action: string }[] = [
  { key: "A", action: "Answer the first ringing call" },
  { key: "R", action: "Reject the first ringing call" },
];

function typingIn(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName));
}

/** Calls `onAnswer` / `onReject` for A / R, unless a modifier is held or the focus is in a text field. */
export function useShortcuts(onAnswer: () => void, onReject: () => void): void {
  const handlers = useRef({ onAnswer, onReject });
  handlers.current = { onAnswer, onReject };
  useEffect(() => {
    const listener = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.metaKey || event.altKey || event.repeat || typingIn(event.target)) return;
      const key = event.key.toLowerCase();
      if (key === "a") handlers.current.onAnswer();
      else if (key === "r") handlers.current.onReject();
      else return;
      event.preventDefault();
    };
    window.addEventListener("keydown", listener);
    return () => window.removeEventListener("keydown", listener);
  }, []);
}
