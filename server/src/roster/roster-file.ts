/**
 * The agent roster file (`AGENTS_FILE`): a JSON array of `{ agentId, extension, agentName, maxCalls }`,
 * the field names of the event payloads.
 */
import { readFile } from "node:fs/promises";
import { z } from "zod";

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
export async function readRosterFile(path: string): Promise<RosterEntry[]> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    throw new Error(`Cannot read AGENTS_FILE ${path}: ${(error as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`AGENTS_FILE ${path} is not valid JSON: ${(error as Error).message}`);
  }
  const parsed = rosterSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`AGENTS_FILE ${path}: entry ${issue.path.join(".") || "(root)"}: ${issue.message}`);
  }
  return parsed.data;
}
