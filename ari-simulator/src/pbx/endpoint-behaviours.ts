import type { Behaviour } from "./behaviour.js";

/** What a non-Local endpoint does when nothing else was configured: answer after 50 ms. */
export const defaultEndpointBehaviour: Behaviour = { kind: "answer", afterMs: 50 };

/**
 * Behaviours of non-Local endpoints (`PJSIP/1001`, `SIP/trunk`...), by exact endpoint or by pattern
 * with `*` wildcards (`PJSIP/*`). The most recently set matching entry wins.
 */
export class EndpointBehaviours {
  private readonly entries: { pattern: string; matcher: RegExp; behaviour: Behaviour }[] = [];

  /** Sets the behaviour of an endpoint or of every endpoint matching a `*` pattern. */
  set(endpointOrPattern: string, behaviour: Behaviour): void {
    const index = this.entries.findIndex((entry) => entry.pattern === endpointOrPattern);
    if (index !== -1) this.entries.splice(index, 1);
    const source = endpointOrPattern.split("*").map(escapeRegExp).join(".*");
    this.entries.push({ pattern: endpointOrPattern, matcher: new RegExp(`^${source}$`, "i"), behaviour });
  }

  /** The behaviour of `endpoint` (e.g. `PJSIP/1001`). */
  lookup(endpoint: string): Behaviour {
    for (let i = this.entries.length - 1; i >= 0; i--) {
      const entry = this.entries[i]!;
      if (entry.matcher.test(endpoint)) return entry.behaviour;
    }
    return defaultEndpointBehaviour;
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.+?^${}()|[\]\\]/g, "\\$&");
}
