import fc from "fast-check";
import type { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { createStateStore, deriveStatus, type HeldCallState, type Presence, type StateStore } from "../../src/state/index.js";
import { testRedis } from "../support/redis.js";
import { T0 } from "./fixtures.js";

const AGENTS = ["a", "b"] as const;
const SESSIONS = 5;
/** Batches are 1 s apart, so a call still ringing six batches later meets its ring timeout. */
const RING_DEADLINE_MS = 5500;

type Op =
  | { kind: "create"; session: number }
  | { kind: "reserve"; session: number; agent: number }
  | { kind: "connecting"; session: number; byOtherAgent: boolean }
  | { kind: "attach"; session: number }
  | { kind: "connect"; session: number }
  | { kind: "release"; session: number }
  | { kind: "presence"; agent: number; presence: Presence }
  | { kind: "maxCalls"; agent: number; maxCalls: number }
  | { kind: "ringTimeouts" };

const session = fc.integer({ min: 0, max: SESSIONS - 1 });
const agent = fc.integer({ min: 0, max: AGENTS.length - 1 });
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant("create" as const), session }),
  { arbitrary: fc.record({ kind: fc.constant("reserve" as const), session, agent }), weight: 3 },
  {
    // Mostly the agent the call rings on answers; sometimes the other agent tries to.
    arbitrary: fc.record({ kind: fc.constant("connecting" as const), session, byOtherAgent: fc.constantFrom(false, false, false, true) }),
    weight: 3,
  },
  fc.record({ kind: fc.constant("attach" as const), session }),
  { arbitrary: fc.record({ kind: fc.constant("connect" as const), session }), weight: 3 },
  fc.record({ kind: fc.constant("release" as const), session }),
  fc.record({ kind: fc.constant("presence" as const), agent, presence: fc.constantFrom<Presence>("available", "available", "paused", "offline") }),
  fc.record({ kind: fc.constant("maxCalls" as const), agent, maxCalls: fc.integer({ min: 1, max: 3 }) }),
  fc.constant({ kind: "ringTimeouts" as const }),
);
/** Operations run in batches; the operations of one batch run concurrently. */
const batches = fc.array(fc.array(op, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 15 });

describe("agent capacity state machine (property)", () => {
  const t = testRedis();
  afterAll(() => t.cleanup());
  let run = 0;

  it("never overfills an agent, releases each session once, and keeps status and calls consistent", async () => {
    await fc.assert(
      fc.asyncProperty(batches, async (plan) => {
        run += 1;
        const store = createStateStore(t.redis, `${t.prefix}run${run}:`);
        const releasedTimes = new Map<string, number>();
        for (const [i, id] of AGENTS.entries()) {
          await store.agents.upsertAgent({ agentId: id, extension: `10${i}`, agentName: id, maxCalls: 2 }, T0);
          await store.agents.setPresence(id, "available", undefined, T0);
        }
        let now = T0;
        // Every customer call has arrived; "create" operations repeat its StasisStart.
        for (let i = 0; i < SESSIONS; i += 1) await apply(store, { kind: "create", session: i }, now, releasedTimes);
        for (const batch of plan) {
          now += 1000;
          await Promise.all(batch.map((o) => apply(store, o, now, releasedTimes)));
          await checkInvariants(store, t.redis, releasedTimes);
        }
      }),
      // A fixed seed keeps the run reproducible; the invariants must hold in any interleaving.
      { numRuns: 200, seed: 20240115 },
    );
  });
});

const sessionId = (i: number) => `s${i}`;

async function release(store: StateStore, id: string, reason: string, now: number, releasedTimes: Map<string, number>) {
  const result = await store.sessions.releaseSlot(id, reason, now);
  if (result.ok && result.released) releasedTimes.set(id, (releasedTimes.get(id) ?? 0) + 1);
}

async function apply(store: StateStore, o: Op, now: number, releasedTimes: Map<string, number>): Promise<void> {
  switch (o.kind) {
    case "create":
      await store.sessions.createSession(
        { kind: o.session % 2 === 0 ? "direct" : "queue", customerChannelId: `ch${o.session}`, customerNumber: "1", callerName: "", sessionId: sessionId(o.session) },
        now,
      );
      return;
    case "reserve": {
      const result = await store.sessions.reserveSlot(sessionId(o.session), AGENTS[o.agent]!, now + RING_DEADLINE_MS, now);
      // Read inside the script that took the slot: the agent is never above maxCalls by a reservation.
      if (result.ok) expect(result.statusChange.callCount).toBeLessThanOrEqual(result.statusChange.capacity.max);
      return;
    }
    case "connecting": {
      const offeredTo = (await store.sessions.getSession(sessionId(o.session)))?.agentId ?? AGENTS[0];
      const answeredBy = o.byOtherAgent ? AGENTS.find((a) => a !== offeredTo)! : offeredTo;
      await store.sessions.markConnecting(sessionId(o.session), answeredBy, now);
      return;
    }
    case "attach":
      await store.sessions.attachAgentChannel(sessionId(o.session), `leg${o.session}`);
      return;
    case "connect":
      await store.sessions.connectCall(sessionId(o.session), `bridge${o.session}`, now);
      return;
    case "release":
      await release(store, sessionId(o.session), "customer_hangup", now, releasedTimes);
      return;
    case "presence":
      await store.agents.setPresence(AGENTS[o.agent]!, o.presence, o.presence === "paused" ? "break" : undefined, now);
      return;
    case "maxCalls":
      await store.agents.upsertAgent({ agentId: AGENTS[o.agent]!, extension: `10${o.agent}`, agentName: AGENTS[o.agent]!, maxCalls: o.maxCalls }, now);
      return;
    case "ringTimeouts":
      for (const id of await store.sessions.claimDueRingTimeouts(now, 10)) await release(store, id, "ring_timeout", now, releasedTimes);
      return;
  }
}

async function checkInvariants(store: StateStore, redis: Redis, releasedTimes: Map<string, number>): Promise<void> {
  const sessions = (await Promise.all(Array.from({ length: SESSIONS }, (_, i) => store.sessions.getSession(sessionId(i))))).filter(
    (s) => s !== null,
  );
  for (const s of sessions) expect(releasedTimes.get(s.sessionId) ?? 0).toBe(s.released ? 1 : 0);
  const open = sessions.filter((s) => !s.released).map((s) => s.sessionId);
  expect((await store.sessions.listOpenSessions()).map((s) => s.sessionId).sort()).toEqual(open.sort());

  // Claimers release what they claim within the same operation, so between batches exactly the
  // ringing sessions have a ring deadline.
  const ringing = sessions.filter((s) => s.state === "ringing").map((s) => s.sessionId);
  expect((await redis.zrange(store.keys.ringDeadlines(), 0, -1)).sort()).toEqual(ringing.sort());

  for (const agentId of AGENTS) {
    const stored = await store.agents.getAgent(agentId);
    if (stored === null) throw new Error(`agent ${agentId} vanished`);
    const held = sessions.filter((s) => s.agentId === agentId && !s.released);
    const expectedCalls = held
      .map((s) => ({ sessionId: s.sessionId, state: s.state as HeldCallState }))
      .sort((x, y) => x.sessionId.localeCompare(y.sessionId));
    expect(stored.calls).toEqual(expectedCalls);
    expect(stored.status).toBe(deriveStatus(stored.calls.map((c) => c.state), stored.presence));
    // Each held call occupies its own line, and only held calls occupy lines.
    const lines = await redis.hgetall(store.keys.agentLines(agentId));
    expect(Object.entries(lines).sort()).toEqual(held.map((s) => [String(s.callIndex), s.sessionId]).sort());
  }
}
