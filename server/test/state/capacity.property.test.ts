import fc from "fast-check";
import type { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { createStateStore, deriveStatus, type HeldCallState, type Presence, type StateStore } from "../../src/state/index.js";
import { testRedis } from "@acc/test-support";
import { T0 } from "./fixtures.js";

const AGENTS = ["a", "b"] as const;
const SESSIONS = 5;
const QUEUES = ["700", "701"] as const;
/** After-call work given by releases of connected queue calls (ms): 1.5 batches. */
const WRAP_UP_MS = 1500;
/** Batches are 1 s apart, so a call still ringing six batches later meets its ring timeout. */
const RING_DEADLINE_MS = 5500;

type Op =
  | { kind: "create"; session: number }
  | { kind: "reserve"; session: number; agent: number }
  | { kind: "connecting"; session: number; byOtherAgent: boolean }
  | { kind: "attach"; session: number }
  | { kind: "connect"; session: number }
  | { kind: "release"; session: number; transfer: boolean }
  | { kind: "advance"; session: number; transfer: boolean; agent: number }
  | { kind: "presence"; agent: number; presence: Presence }
  | { kind: "maxCalls"; agent: number; maxCalls: number }
  | { kind: "ringTimeouts" }
  | { kind: "requeue"; session: number; queue: number | null }
  | { kind: "priority"; session: number; priority: number }
  | { kind: "endWrapUp"; agent: number }
  | { kind: "wrapUpTimeouts" }
  | { kind: "transfer"; session: number }
  | { kind: "transferOutcome"; session: number };

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
  fc.record({ kind: fc.constant("release" as const), session, transfer: fc.boolean() }),
  // The happy path one step at a time, so connected calls, wrap-ups and transfers happen often.
  {
    arbitrary: fc.record({ kind: fc.constant("advance" as const), session: fc.constantFrom(0, 0, 1, 1, 2, 3, 4), transfer: fc.boolean(), agent }),
    weight: 12,
  },
  fc.record({ kind: fc.constant("presence" as const), agent, presence: fc.constantFrom<Presence>("available", "available", "paused", "offline") }),
  fc.record({ kind: fc.constant("maxCalls" as const), agent, maxCalls: fc.integer({ min: 1, max: 3 }) }),
  fc.constant({ kind: "ringTimeouts" as const }),
  fc.record({ kind: fc.constant("requeue" as const), session, queue: fc.constantFrom<number | null>(null, null, 0, 1) }),
  fc.record({ kind: fc.constant("priority" as const), session, priority: fc.integer({ min: -3, max: 3 }) }),
  fc.record({ kind: fc.constant("endWrapUp" as const), agent }),
  { arbitrary: fc.constant({ kind: "wrapUpTimeouts" as const }), weight: 3 },
  { arbitrary: fc.record({ kind: fc.constant("transfer" as const), session: fc.constantFrom(0, 1, 2, 3, 4, 0, 1) }), weight: 2 },
  fc.record({ kind: fc.constant("transferOutcome" as const), session }),
);
/** Operations run in batches; the operations of one batch run concurrently. */
const batches = fc.array(fc.array(op, { minLength: 1, maxLength: 4 }), { minLength: 5, maxLength: 25 });

describe("agent capacity state machine (property)", () => {
  const t = testRedis();
  afterAll(() => t.cleanup());
  let run = 0;

  it("never overfills an agent, releases each session once, keeps status, calls, queues, wrap-ups and transfers consistent", async () => {
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
        // Two calls start connected (a direct one on a, a queue one on b), so transfers and
        // wrap-ups are in play from the first batch.
        for (const [session, agentIndex] of [[0, 0], [1, 1]] as const) {
          for (let step = 0; step < 4; step += 1) await apply(store, { kind: "advance", session, transfer: false, agent: agentIndex }, now, releasedTimes);
        }
        for (const batch of plan) {
          now += 1000;
          await Promise.all(batch.map((o) => apply(store, o, now, releasedTimes)));
          await checkInvariants(store, t.redis, releasedTimes);
        }
      }),
      // A fixed seed keeps the run reproducible; the invariants must hold in any interleaving.
      { numRuns: 200, seed: 20240115 },
    );
    // 200 runs of up to 25 batches take about 8 s on an idle 2-core machine; a loaded one needs more.
  }, 180_000);
});

const sessionId = (i: number) => `s${i}`;
/** The session of the transfer of session i to another agent (at most one per session here). */
const transferId = (i: number) => `s${i}t`;
const ALL_SESSION_IDS = Array.from({ length: SESSIONS }, (_, i) => [sessionId(i), transferId(i)]).flat();

async function release(store: StateStore, id: string, reason: string, now: number, releasedTimes: Map<string, number>) {
  const session = await store.sessions.getSession(id);
  // Connected queue calls leave their agent in wrap-up, as the call flow does.
  const wrapUp = session?.kind === "queue" ? WRAP_UP_MS : 0;
  const owner = session ? await store.sessions.sessionIdByChannel(session.customerChannelId) : null;
  const result = await store.sessions.releaseSlot(id, reason, now, wrapUp);
  if (!result.ok || !result.released) return;
  releasedTimes.set(id, (releasedTimes.get(id) ?? 0) + 1);
  // As the call flow does (finish.ts): a session that still owns the customer takes its pending
  // transfer with it.
  if (result.session.transferTo && reason !== "transferred" && owner === id) {
    await release(store, result.session.transferTo, "customer_hangup", now, releasedTimes);
  }
}

async function apply(store: StateStore, o: Op, now: number, releasedTimes: Map<string, number>): Promise<void> {
  switch (o.kind) {
    case "create":
      await store.sessions.createSession(
        o.session % 2 === 0
          ? { kind: "direct", customerChannelId: `ch${o.session}`, customerNumber: "1", callerName: "", sessionId: sessionId(o.session), extension: "100" }
          : { kind: "queue", customerChannelId: `ch${o.session}`, customerNumber: "1", callerName: "", sessionId: sessionId(o.session), queueNumber: QUEUES[0] },
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
      await release(store, o.transfer ? transferId(o.session) : sessionId(o.session), "customer_hangup", now, releasedTimes);
      return;
    case "advance": {
      const id = o.transfer ? transferId(o.session) : sessionId(o.session);
      const current = await store.sessions.getSession(id);
      if (!current || current.released) return;
      if (current.state === "new" || current.state === "queued") await store.sessions.reserveSlot(id, AGENTS[o.agent]!, now + RING_DEADLINE_MS, now);
      else if (current.state === "ringing") await store.sessions.markConnecting(id, current.agentId ?? "", now);
      else if (current.state === "connecting" && !current.agentChannelId) await store.sessions.attachAgentChannel(id, `leg-${id}`);
      else if (current.state === "connecting") {
        const connected = await store.sessions.connectCall(id, `bridge-${id}`, now);
        // A connected transfer target takes the customer over at once, as channelEnteredBridge does.
        if (connected.ok && connected.changed && o.transfer) await apply(store, { kind: "transferOutcome", session: o.session }, now, releasedTimes);
      }
      return;
    }
    case "presence":
      await store.agents.setPresence(AGENTS[o.agent]!, o.presence, o.presence === "paused" ? "break" : undefined, now);
      return;
    case "maxCalls":
      await store.agents.upsertAgent({ agentId: AGENTS[o.agent]!, extension: `10${o.agent}`, agentName: AGENTS[o.agent]!, maxCalls: o.maxCalls }, now);
      return;
    case "ringTimeouts":
      for (const id of await store.sessions.claimDueRingTimeouts(now, 10)) await release(store, id, "ring_timeout", now, releasedTimes);
      return;
    case "requeue":
      await store.queueStore.requeueSession(sessionId(o.session), o.queue === null ? null : QUEUES[o.queue]!, now);
      return;
    case "priority":
      await store.queueStore.setQueuePriority(sessionId(o.session), o.priority);
      return;
    case "endWrapUp":
      await store.agents.endWrapUp(AGENTS[o.agent]!, now, true);
      return;
    case "wrapUpTimeouts":
      for (const agentId of await store.agents.claimDueWrapUps(now, 10)) await store.agents.endWrapUp(agentId, now, false);
      return;
    case "transfer": {
      // To the other agent: a transfer to its own agent is refused before anything else.
      const from = (await store.sessions.getSession(sessionId(o.session)))?.agentId ?? "";
      const to = AGENTS.find((a) => a !== from) ?? AGENTS[0];
      await store.transfers.beginTransfer(sessionId(o.session), transferId(o.session), from, to, now + RING_DEADLINE_MS, now);
      return;
    }
    case "transferOutcome": {
      // The target answered and is connected: hand over and end the first agent's session; the
      // target's session ended first: cancel.
      const target = await store.sessions.getSession(transferId(o.session));
      if (!target) return;
      if (target.state === "connected") {
        const handed = await store.transfers.handOverCustomer(sessionId(o.session), transferId(o.session), `ch${o.session}`);
        if (handed.ok) await release(store, sessionId(o.session), "transferred", now, releasedTimes);
      } else if (target.released) {
        await store.transfers.cancelTransfer(sessionId(o.session), transferId(o.session));
      }
      return;
    }
  }
}

async function checkInvariants(store: StateStore, redis: Redis, releasedTimes: Map<string, number>): Promise<void> {
  const sessions = (await Promise.all(ALL_SESSION_IDS.map((id) => store.sessions.getSession(id)))).filter((s) => s !== null);
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
    expect(stored.status).toBe(deriveStatus(stored.calls.map((c) => c.state), stored.presence, stored.wrapUpUntil !== null));
    expect(stored.capacity.canTakeCall).toBe(stored.presence === "available" && stored.wrapUpUntil === null && stored.calls.length < stored.maxCalls);
    // An agent is in the wrap-up deadlines exactly while it has after-call work.
    const deadline = await redis.zscore(store.keys.wrapUps(), agentId);
    expect(deadline === null ? null : Number(deadline)).toBe(stored.wrapUpUntil);
    // Each held call occupies its own line, and only held calls occupy lines.
    const lines = await redis.hgetall(store.keys.agentLines(agentId));
    expect(Object.entries(lines).sort()).toEqual(held.map((s) => [String(s.callIndex), s.sessionId]).sort());
  }

  // Exactly the queued sessions wait, each in its own queue, in priority then entry order.
  for (const queueNumber of QUEUES) {
    const waiting = sessions
      .filter((s) => s.state === "queued" && s.queueNumber === queueNumber)
      .sort((x, y) => y.priority - x.priority || (x.queueEnteredAt ?? 0) - (y.queueEnteredAt ?? 0) || x.sessionId.localeCompare(y.sessionId))
      .map((s) => s.sessionId);
    expect(await store.queueStore.waitingSessionIds(queueNumber)).toEqual(waiting);
  }

  // A pending transfer links both sessions; the customer channel belongs to exactly one open session.
  for (const s of sessions.filter((x) => x.transferTo !== null)) {
    const target = sessions.find((x) => x.sessionId === s.transferTo);
    expect(target?.transferredFrom).toBe(s.sessionId);
  }
  for (let i = 0; i < SESSIONS; i += 1) {
    const owner = await redis.get(store.keys.channel(`ch${i}`));
    const open = sessions.filter((x) => x.customerChannelId === `ch${i}` && !x.released).map((x) => x.sessionId);
    if (open.length > 0) expect(open).toContain(owner);
  }
}
