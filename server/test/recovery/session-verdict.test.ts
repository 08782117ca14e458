/**
 * The reconciliation policy (`session-verdict.ts`), row by row: what happens to an open session
 * given the channels and bridges ARI lists.
 */
import { describe, expect, it } from "vitest";
import type { Bridge, Channel } from "../../src/ari/index.js";
import { AGENT_LEG_GRACE_MS, sessionVerdict, stasisArgsOf, type AriListing } from "../../src/recovery/session-verdict.js";
import type { SessionRecord } from "../../src/state/index.js";

const APP = "contact-center";
const NOW = 1_800_000_000_000;

function channel(id: string, appData: string | null, state = "Up"): Channel {
  return {
    id,
    protocol_id: "",
    name: `PJSIP/${id}`,
    state,
    caller: { name: "", number: "" },
    connected: { name: "", number: "" },
    accountcode: "",
    dialplan: appData === null ? { context: "agents", exten: "1002", priority: 1, app_name: "AppDial2", app_data: "(Outgoing Line)" } : { context: "from-customer", exten: "1002", priority: 1, app_name: "Stasis", app_data: appData },
    creationtime: "2026-12-02T10:00:00.000+0000",
    language: "en",
  };
}

function bridge(id: string, channels: string[]): Bridge {
  return { id, technology: "simple_bridge", bridge_type: "mixing", bridge_class: "stasis", creator: "Stasis", name: "", channels, creationtime: "2026-12-02T10:00:00.000+0000" };
}

function listing(channels: Channel[], bridges: Bridge[] = []): AriListing {
  return { channels: new Map(channels.map((c) => [c.id, c])), bridges: new Map(bridges.map((b) => [b.id, b])), bridged: new Set(bridges.flatMap((b) => b.channels)), app: APP };
}

function session(fields: Partial<SessionRecord>): SessionRecord {
  return {
    sessionId: "call-c1",
    kind: "direct",
    customerChannelId: "c1",
    customerNumber: "254700000000",
    callerName: "Caller",
    agentId: "agent-1002",
    extension: "1002",
    queueNumber: null,
    state: "connected",
    callIndex: 1,
    createdAt: NOW - 60_000,
    offeredAt: NOW - 60_000,
    answeredAt: NOW - 50_000,
    bridgedAt: NOW - 45_000,
    endedAt: null,
    bridgeId: "bridge-call-c1",
    agentChannelId: "call-c1-agent",
    endReason: null,
    onHold: false,
    muted: "none",
    released: false,
    priority: 0,
    queueEnteredAt: null,
    offerCount: 1,
    transferredFrom: null,
    transferTo: null,
    ...fields,
  };
}

const customer = channel("c1", `${APP},agent,1002`);
const agentLeg = channel("call-c1-agent", `${APP},agent_leg,call-c1`);

describe("sessionVerdict", () => {
  it("ends any session whose customer channel is gone, or outside the Stasis app, as the customer leaving", () => {
    for (const state of ["new", "queued", "ringing", "connecting", "connected"] as const) {
      expect(sessionVerdict(session({ state }), listing([agentLeg]), NOW)).toEqual({ action: "end", how: "customer_left" });
    }
    expect(sessionVerdict(session({}), listing([channel("c1", "other-app,agent,1002"), agentLeg]), NOW)).toEqual({ action: "end", how: "customer_left" });
  });

  it("keeps a connected call whose channels both exist, and ends it as the agent leaving when the leg is gone", () => {
    expect(sessionVerdict(session({}), listing([customer, agentLeg]), NOW)).toEqual({ action: "keep" });
    expect(sessionVerdict(session({}), listing([customer]), NOW)).toEqual({ action: "end", how: "agent_left" });
    // During a blind transfer the transferring agent may have left already.
    expect(sessionVerdict(session({ transferTo: "call-c1-t1" }), listing([customer]), NOW)).toEqual({ action: "keep" });
  });

  it("offers a direct call never offered again, and puts a waiting caller outside any bridge back on hold", () => {
    expect(sessionVerdict(session({ state: "new", agentId: null }), listing([customer]), NOW)).toEqual({ action: "offer" });
    const queued = session({ state: "queued", kind: "queue", queueNumber: "8000", agentId: null });
    expect(sessionVerdict(queued, listing([customer]), NOW)).toEqual({ action: "hold" });
    expect(sessionVerdict(queued, listing([customer], [bridge("queue-8000-holding", ["c1"])]), NOW)).toEqual({ action: "keep" });
  });

  it("judges a connecting call by its agent leg: joined when answered, kept while dialling, missed when gone after the grace", () => {
    const connecting = session({ state: "connecting", bridgedAt: null });
    const mixing = bridge("bridge-call-c1", []);
    expect(sessionVerdict(connecting, listing([customer, agentLeg], [mixing]), NOW)).toEqual({ action: "join", agentLeg, bridge: mixing });
    expect(sessionVerdict(connecting, listing([customer, channel("call-c1-agent", null, "Ringing")]), NOW)).toEqual({ action: "keep" });
    expect(sessionVerdict(connecting, listing([customer]), NOW)).toEqual({ action: "missed" });
    expect(sessionVerdict({ ...connecting, answeredAt: NOW - AGENT_LEG_GRACE_MS + 1 }, listing([customer]), NOW)).toEqual({ action: "defer" });
    expect(sessionVerdict({ ...connecting, agentChannelId: null, answeredAt: NOW - AGENT_LEG_GRACE_MS }, listing([customer]), NOW)).toEqual({ action: "missed" });
  });

  it("keeps a ringing call: its ring deadline lives in Redis", () => {
    expect(sessionVerdict(session({ state: "ringing", answeredAt: null, agentChannelId: null }), listing([customer]), NOW)).toEqual({ action: "keep" });
  });
});

describe("stasisArgsOf", () => {
  it("reads the Stasis arguments of a channel in the app, and nothing for other channels", () => {
    expect(stasisArgsOf(customer, APP)).toEqual(["agent", "1002"]);
    expect(stasisArgsOf(channel("x", APP), APP)).toEqual([]);
    expect(stasisArgsOf(channel("x", "other,agent,1002"), APP)).toBeNull();
    expect(stasisArgsOf(channel("x", null), APP)).toBeNull();
  });
});
