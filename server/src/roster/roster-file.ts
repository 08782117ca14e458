/**
 * The agent roster file (`AGENTS_FILE`): a JSON array of `{ agentId, extension, agentName, maxCalls }`,
 * the field names of the event payloads.
 */
import { z } from "zod";
import { readJsonFile } from "../config/json-file.js";

/**
 * An agent id: 1 to 64 letters, digits, `_`, `.` or `-`, starting with a letter or digit, and not
 * the name of a property every JavaScript object has (`constructor`, `toString`, ...), so an id can
 * never reach an object's prototype (`__proto__`) wherever ids key plain objects or log fields.
 */
export const agentIdSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, "agentId must start with a letter or digit and hold letters, digits, _ . - only")
  .refine((id) => !(id in Object.prototype), { message: "agentId must not be the name of a built-in object property" });

/** One agent of the roster. `extension` is digits; `maxCalls` is concurrent calls, ringing included. */
export const rosterEntrySchema = z.object({
  agentId: agentIdSchema,
  extension: z.string().regex(/^[0-9]{2,10}$/, "extension must be 2 to 10 digits"),
  agentName: z.string().min(1).max(120),
  maxCalls: z.number().int().min(1).max(20),
});

export type RosterEntry = z.infer<typeof rosterEntrySchema>;

const rosterSchema = z
  .array(rosterEntrySchema)
  .superRefine((entries, ctx) => {
    const seen = new Map<string, string>();
    for (const entry of entries) {
      for (const [kind, value] of [["agentId", entry.agentId], ["extension", entry.extension]] as const) {
        const key = `${kind}:${value}`;
        if (seen.has(key)) ctx.addIssue({ code: "custom", message: `duplicate ${kind} ${value}` });
        seen.set(key, entry.agentId);
      }
    }
  });

/**
 * Reads and validates a roster file.
 * @throws Error with the file name and the first problem (missing file, bad JSON, bad entry).
 */
export function readRosterFile(path: string): Promise<RosterEntry[]> {
  return readJsonFile("AGENTS_FILE", path, rosterSchema);
}
