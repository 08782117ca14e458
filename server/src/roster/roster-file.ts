/**
 * The agent roster file (`AGENTS_FILE`): a JSON array of `{ agentId, extension, agentName, maxCalls }`,
 * the field names of the event payloads.
 */
import { z } from "zod";
import { readJsonFile } from "../config/json-file.js";

/** One agent of the roster. `extension` is digits; `maxCalls` is concurrent calls, ringing included. */
export const rosterEntrySchema = z.object({
  agentId: z.string().min(1).max(64).regex(/^[A-Za-z0-9_.-]+$/, "agentId may hold letters, digits, _ . - only"),
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
