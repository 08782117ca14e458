/**
 * Loads the state transitions (`lua/*.lua`, one atomic transition each) and defines them on an
 * ioredis client as custom commands (`defineCommand`, run with EVALSHA and reloaded on NOSCRIPT).
 *
 * A line `--@include <name>` in a script is replaced by `lua/includes/<name>.lua`, recursively and
 * once per script, so shared pieces (the status rule, reply helpers) have one source.
 *
 * The `lua/` folder is looked up next to this module first (the build copies `src/state/lua` to
 * `dist/state/lua`), then in the source folder (`src/state/lua`) when running from `dist` without
 * that copy.
 */
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Redis } from "ioredis";

/** KEYS, ARGV and reply of each script; see the header comment of each `.lua` file for meanings. */
export interface ScriptSignatures {
  upsertAgent: {
    keys: [agents: string, agent: string, agentCalls: string, extension: string, readExtension: string];
    args: [agentId: string, extension: string, agentName: string, maxCalls: number, readExtension: string, nowIso: string];
    reply: string;
  };
  deleteAgent: {
    keys: [agents: string, agent: string, agentCalls: string, agentLines: string, readExtension: string, wrapUps: string];
    args: [agentId: string, readExtension: string];
    reply: string;
  };
  setPresence: {
    keys: [agent: string, agentCalls: string];
    args: [agentId: string, presence: string, pauseReason: string, nowIso: string];
    reply: string;
  };
  createSession: {
    keys: [customerChannel: string, session: string, sessions: string, statsCounters: string, queue: string, queueDeadlines: string];
    args: [
      sessionId: string,
      kind: string,
      customerChannelId: string,
      customerNumber: string,
      callerName: string,
      extension: string,
      queueNumber: string,
      now: number,
      readSessionId: string,
      maxWaitDeadline: number,
    ];
    reply: string;
  };
  reserveSlot: {
    keys: [session: string, agent: string, agentCalls: string, agentLines: string, ringDeadlines: string, queue: string, queueDeadlines: string];
    args: [sessionId: string, agentId: string, ringDeadline: number, now: number, nowIso: string, readQueueNumber: string];
    reply: string;
  };
  markConnecting: {
    keys: [session: string, agent: string, agentCalls: string, ringDeadlines: string];
    args: [sessionId: string, agentId: string, now: number, nowIso: string];
    reply: string;
  };
  attachAgentChannel: {
    keys: [session: string, agentChannel: string];
    args: [sessionId: string, channelId: string];
    reply: string;
  };
  connectCall: {
    keys: [session: string, agent: string, agentCalls: string, statsCounters: string];
    args: [sessionId: string, readAgentId: string, bridgeId: string, now: number, nowIso: string];
    reply: string;
  };
  releaseSlot: {
    keys: [
      session: string,
      agent: string,
      agentCalls: string,
      agentLines: string,
      ringDeadlines: string,
      sessions: string,
      customerChannel: string,
      agentChannel: string,
      statsCounters: string,
      queue: string,
      queueDeadlines: string,
      wrapUps: string,
    ];
    args: [
      sessionId: string,
      readAgentId: string,
      readAgentChannelId: string,
      reason: string,
      now: number,
      nowIso: string,
      readQueueNumber: string,
      wrapUpMs: number,
    ];
    reply: string;
  };
  readAgents: {
    keys: string[];
    args: [];
    reply: string[][];
  };
  claimDue: {
    keys: [deadlines: string];
    args: [now: number, limit: number];
    reply: string[];
  };
  requeueSession: {
    keys: [
      session: string,
      agent: string,
      agentCalls: string,
      agentLines: string,
      ringDeadlines: string,
      queue: string,
      targetQueue: string,
      queueDeadlines: string,
      agentChannel: string,
    ];
    args: [
      sessionId: string,
      readAgentId: string,
      readQueueNumber: string,
      readAgentChannelId: string,
      targetQueueNumber: string,
      now: number,
      nowIso: string,
      maxWaitDeadline: number,
    ];
    reply: string;
  };
  setQueuePriority: {
    keys: [session: string, queue: string];
    args: [sessionId: string, readQueueNumber: string, priority: number];
    reply: string;
  };
  endWrapUp: {
    keys: [agent: string, agentCalls: string, wrapUps: string];
    args: [agentId: string, now: number, nowIso: string, force: "1" | "0"];
    reply: string;
  };
  beginTransfer: {
    keys: [session: string, targetSession: string, agent: string, agentCalls: string, agentLines: string, ringDeadlines: string, sessions: string];
    args: [sessionId: string, targetSessionId: string, fromAgentId: string, agentId: string, ringDeadline: number, now: number, nowIso: string];
    reply: string;
  };
  handOverCustomer: {
    keys: [customerChannel: string, session: string];
    args: [sessionId: string, targetSessionId: string];
    reply: string;
  };
  cancelTransfer: {
    keys: [session: string];
    args: [sessionId: string, targetSessionId: string];
    reply: string;
  };
  setCallFlags: {
    keys: [session: string];
    args: [sessionId: string, onHold: string, muted: string];
    reply: string;
  };
  lapsePresence: {
    keys: [agentScreens: string, presenceChecks: string, agent: string, agentCalls: string];
    args: [agentId: string, now: number, graceMs: number, nowIso: string];
    reply: string;
  };
}

/** Name of a state transition script. */
export type ScriptName = keyof ScriptSignatures;

/** Runs each script by name: `scripts.reserveSlot(keys, args)` resolves to the raw Redis reply. */
export type StateScripts = {
  [K in ScriptName]: (keys: ScriptSignatures[K]["keys"], args: ScriptSignatures[K]["args"]) => Promise<ScriptSignatures[K]["reply"]>;
};

/** `numberOfKeys` null: the caller passes the key count first (a script taking any number of keys). */
const SCRIPT_FILES: { [K in ScriptName]: { file: string; numberOfKeys: ScriptSignatures[K]["keys"]["length"] | null } } = {
  upsertAgent: { file: "upsert_agent.lua", numberOfKeys: 5 },
  deleteAgent: { file: "delete_agent.lua", numberOfKeys: 6 },
  setPresence: { file: "set_presence.lua", numberOfKeys: 2 },
  createSession: { file: "create_session.lua", numberOfKeys: 6 },
  reserveSlot: { file: "reserve_slot.lua", numberOfKeys: 7 },
  markConnecting: { file: "mark_connecting.lua", numberOfKeys: 4 },
  attachAgentChannel: { file: "attach_agent_channel.lua", numberOfKeys: 2 },
  connectCall: { file: "connect_call.lua", numberOfKeys: 4 },
  releaseSlot: { file: "release_slot.lua", numberOfKeys: 12 },
  claimDue: { file: "claim_due.lua", numberOfKeys: 1 },
  readAgents: { file: "read_agents.lua", numberOfKeys: null },
  requeueSession: { file: "requeue_session.lua", numberOfKeys: 9 },
  setQueuePriority: { file: "set_queue_priority.lua", numberOfKeys: 2 },
  endWrapUp: { file: "end_wrap_up.lua", numberOfKeys: 3 },
  beginTransfer: { file: "begin_transfer.lua", numberOfKeys: 7 },
  handOverCustomer: { file: "hand_over_customer.lua", numberOfKeys: 2 },
  cancelTransfer: { file: "cancel_transfer.lua", numberOfKeys: 1 },
  setCallFlags: { file: "set_call_flags.lua", numberOfKeys: 1 },
  lapsePresence: { file: "lapse_presence.lua", numberOfKeys: 4 },
};

/** Custom command names carry this prefix so they cannot clash with other commands on the client. */
const COMMAND_PREFIX = "accState_";

const INCLUDE_LINE = /^--@include ([a-z_]+)\s*$/gm;

/** The folder holding the `.lua` files: next to this module, else in the source tree. */
function luaDirectory(): string {
  const beside = fileURLToPath(new URL("./lua/", import.meta.url));
  if (existsSync(beside)) return beside;
  const source = fileURLToPath(new URL("../../src/state/lua/", import.meta.url));
  if (existsSync(source)) return source;
  throw new Error(`Lua scripts not found in ${beside} nor ${source}`);
}

function inlineIncludes(text: string, directory: string, included: Set<string>): string {
  return text.replace(INCLUDE_LINE, (_line, name: string) => {
    if (included.has(name)) return "";
    included.add(name);
    const body = readFileSync(`${directory}includes/${name}.lua`, "utf8");
    return inlineIncludes(body, directory, included);
  });
}

/**
 * Returns the Lua source of a script file (for example `reserve_slot.lua`) with its includes
 * inlined. Throws when a file is missing.
 */
export function loadLua(file: string): string {
  const directory = luaDirectory();
  return inlineIncludes(readFileSync(`${directory}${file}`, "utf8"), directory, new Set());
}

/**
 * Defines every state script on `redis` (idempotent per client) and returns callers for them.
 * A caller's promise rejects only when Redis fails (connection, script error).
 */
export function defineStateScripts(redis: Redis): StateScripts {
  const commands = redis as unknown as Record<string, (...params: (string | number)[]) => Promise<unknown>>;
  const scripts: Partial<Record<ScriptName, (keys: string[], args: (string | number)[]) => Promise<unknown>>> = {};
  for (const name of Object.keys(SCRIPT_FILES) as ScriptName[]) {
    const { file, numberOfKeys } = SCRIPT_FILES[name];
    const command = `${COMMAND_PREFIX}${name}`;
    if (typeof commands[command] !== "function") {
      redis.defineCommand(command, numberOfKeys === null ? { lua: loadLua(file) } : { numberOfKeys, lua: loadLua(file) });
    }
    scripts[name] = numberOfKeys === null ? (keys, args) => commands[command]!(keys.length, ...keys, ...args) : (keys, args) => commands[command]!(...keys, ...args);
  }
  return scripts as StateScripts;
}
