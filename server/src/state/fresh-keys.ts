/**
 * Some scripts need keys named after fields stored in Redis (a session's agent id or agent
 * channel id). The store reads those fields, builds the keys and runs the script; the script
 * checks the fields are still the same and otherwise answers STALE_KEYS without writing. Each such
 * field changes at most once in a session's life, so a few attempts always suffice.
 */
import { parseReply, type ScriptReply } from "./replies.js";

const MAX_ATTEMPTS = 5;

/** A reply other than STALE_KEYS. */
export type SettledReply = Exclude<ScriptReply, { code: "STALE_KEYS" }>;

/**
 * Runs `attempt` (read the fields, build the keys, run the script) until the script accepts the
 * keys. Throws when the keys are still stale after 5 attempts, which means the stored fields keep
 * changing against the rule above.
 */
export async function withFreshKeys(attempt: () => Promise<string>): Promise<SettledReply> {
  for (let i = 0; i < MAX_ATTEMPTS; i += 1) {
    const reply = parseReply(await attempt());
    if (reply.ok || reply.code !== "STALE_KEYS") return reply as SettledReply;
  }
  throw new Error(`State script kept answering STALE_KEYS after ${MAX_ATTEMPTS} attempts`);
}
