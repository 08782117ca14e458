import type { Behaviour } from "./behaviour.js";

/** A dialplan: context name → extension → behaviour. Extension `_.` matches any extension. */
export type DialplanConfig = Record<string, Record<string, Behaviour>>;

/** The extension pattern that matches every extension of a context (Asterisk's `_.`). */
export const anyExtension = "_.";

/**
 * The dialplan the recordings were made with (see test/fixtures/README.md):
 * `from-customer` runs `Stasis(contact-center,inbound)` at priority 2; `agents` auto-answers any
 * extension except `ring-noanswer`, which only rings.
 */
export function defaultDialplan(): DialplanConfig {
  return {
    "from-customer": {
      [anyExtension]: { kind: "stasis", app: "contact-center", args: ["inbound"], label: "customer call" },
    },
    agents: {
      [anyExtension]: { kind: "answer", afterMs: 0, label: "agent ${EXTEN} auto-answer" },
      "ring-noanswer": { kind: "ring", label: "agent rings, never answers" },
    },
  };
}

/** The simulator's dialplan, changeable at run time. */
export class Dialplan {
  private readonly contexts = new Map<string, Map<string, Behaviour>>();

  constructor(config: DialplanConfig) {
    for (const [context, extensions] of Object.entries(config)) {
      for (const [extension, behaviour] of Object.entries(extensions)) this.set(context, extension, behaviour);
    }
  }

  /** Sets what `extension` (or `_.` for any) in `context` does, creating the context if needed. */
  set(context: string, extension: string, behaviour: Behaviour): void {
    let extensions = this.contexts.get(context);
    if (!extensions) {
      extensions = new Map();
      this.contexts.set(context, extensions);
    }
    extensions.set(extension, behaviour);
  }

  /** The behaviour of `extension@context`: an exact extension first, then `_.`; undefined if none. */
  lookup(context: string, extension: string): Behaviour | undefined {
    const extensions = this.contexts.get(context);
    return extensions?.get(extension) ?? extensions?.get(anyExtension);
  }
}
