/** The roles a screen can hold; carried in its signed token (docs/events.md, "Who receives what"). */
import { z } from "zod";

/** `"agent" | "supervisor" | "ops"`: zod enum and its type under one name. */
export const ClientRole = z.enum(["agent", "supervisor", "ops"]);
export type ClientRole = z.infer<typeof ClientRole>;
