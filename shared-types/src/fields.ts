/**
 * Field types shared by every payload, so a unit is written down once: times are ISO 8601 UTC
 * strings, durations whole seconds, counts non-negative integers (docs/events.md, "Conventions").
 */
import { z } from "zod";

/** ISO 8601 UTC time with a `Z` suffix, e.g. `"2024-01-15T10:30:00.000Z"`; offsets are refused. */
export const isoTime = z.iso.datetime();

/** A duration in whole seconds, integer ≥ 0. */
export const wholeSeconds = z.int().min(0);

/** A count (calls, agents, connections, positions), integer ≥ 0. */
export const count = z.int().min(0);

/** Unix time in milliseconds, integer ≥ 0. */
export const unixMs = z.int().min(0);

/** A percentage from 0 to 100, fractions allowed. */
export const percentage = z.number().min(0).max(100);

/** An identifier (session, channel, bridge, agent, extension, queue number): a non-empty string. */
export const identifier = z.string().min(1);

/** A command's id, chosen by the client and echoed on its ack or error: 1 to 100 characters. */
export const commandId = z.string().min(1).max(100);

/**
 * Which call, on which agent's line: the fields every designed event about one offered call
 * starts with (`callIndex` is the agent's line, from 1).
 */
export const callOnLineShape = {
  sessionId: identifier,
  channelId: identifier,
  agentId: identifier,
  extension: identifier,
  customerNumber: z.string(),
  callIndex: z.int().min(1),
};
