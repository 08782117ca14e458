/**
 * Presence follows the screen: when an agent's last screen, on every server process, has been gone
 * for the grace period, the agent goes `offline` and is offered no new calls (calls it holds are
 * kept). A screen that reconnects within the grace, to any process, keeps the status as it was.
 *
 * This process counts the screens it holds per agent and keeps a lease on each agent in Redis
 * while it has one (renewed every third of the lease); when its last screen of an agent closes it
 * drops the lease and asks for a check after the grace. Every process polls the due checks; the
 * check itself (one Lua script) decides, so it does not matter which process runs it. A process
 * that dies stops renewing: its leases run out and the checks set up with them take its agents
 * offline after lease + grace.
 */
import type { FastifyBaseLogger } from "fastify";
import type { PresenceStore, StatusChange } from "../state/index.js";

export interface ScreenPresenceOptions {
  store: PresenceStore;
  /** This process's id (the event log's node id). */
  nodeId: string;
  /** How long an agent with no screen left keeps its status (ms). */
  graceMs: number;
  /** How long a lease lasts unless renewed (ms): after a crash, agents go offline within lease + grace. */
  leaseMs: number;
  /** How often due checks are polled (ms). Default 1000. */
  pollMs?: number;
  /** Clock (Unix ms). */
  now: () => number;
  logger: FastifyBaseLogger;
  /** Publishes the status change of an agent that went offline (`agent_status_updated`). */
  onLapse: (change: StatusChange) => Promise<void>;
}

/** Most checks one poll runs. */
const checksPerPoll = 100;

export class ScreenPresence {
  /** Client ids of the screens this process holds open, per agent id. */
  private readonly screens = new Map<string, Set<string>>();
  private timers: NodeJS.Timeout[] = [];
  private polling = false;
  private stopped = false;

  constructor(private readonly options: ScreenPresenceOptions) {}

  /** An agent's screen (`clientId`) finished its handshake on this process. */
  opened(agentId: string, clientId: string): void {
    if (this.stopped) return;
    const clients = this.screens.get(agentId) ?? new Set<string>();
    this.screens.set(agentId, clients.add(clientId));
    if (clients.size === 1) void this.renew([agentId]);
  }

  /**
   * A socket of the agent closed on this process (one that never finished its handshake is
   * ignored); after the agent's last screen here, the lease goes and a check follows the grace.
   */
  closed(agentId: string, clientId: string): void {
    const clients = this.screens.get(agentId);
    if (!clients?.delete(clientId) || clients.size > 0) return;
    this.screens.delete(agentId);
    if (this.stopped) return;
    const { store, nodeId, now, graceMs, logger } = this.options;
    store.dropLease(nodeId, agentId, now() + graceMs).catch((error: unknown) => {
      // The lease then runs out by itself and its check takes over, only later.
      logger.warn({ err: error, agentId }, "could not drop a screen lease; it will run out");
    });
  }

  /** Starts renewing leases and polling checks. */
  start(): void {
    const { leaseMs, pollMs = 1000 } = this.options;
    const renew = setInterval(() => void this.renew([...this.screens.keys()]), Math.max(1, Math.floor(leaseMs / 3)));
    const poll = setInterval(() => void this.poll(), pollMs);
    renew.unref();
    poll.unref();
    this.timers = [renew, poll];
  }

  /**
   * Stops (the server shuts down): drops this process's leases so the grace starts now for agents
   * whose screens were only here, and lets the other processes run the checks.
   */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const timer of this.timers) clearInterval(timer);
    const { store, nodeId, now, graceMs, logger } = this.options;
    const agentIds = [...this.screens.keys()];
    this.screens.clear();
    await Promise.all(
      agentIds.map((agentId) =>
        store.dropLease(nodeId, agentId, now() + graceMs).catch((error: unknown) => logger.warn({ err: error, agentId }, "could not drop a screen lease on shutdown")),
      ),
    );
  }

  private async renew(agentIds: string[]): Promise<void> {
    const { store, nodeId, now, leaseMs, graceMs, logger } = this.options;
    try {
      await store.renewLeases(nodeId, agentIds, now() + leaseMs, graceMs);
    } catch (error) {
      logger.warn({ err: error, agents: agentIds.length }, "could not renew screen leases; retrying at the next renewal");
    }
  }

  /** Runs the due checks, one poll at a time. */
  private async poll(): Promise<void> {
    if (this.polling || this.stopped) return;
    this.polling = true;
    const { store, now, graceMs, logger, onLapse } = this.options;
    try {
      for (const agentId of await store.dueChecks(now(), checksPerPoll)) {
        const change = await store.lapse(agentId, now(), graceMs);
        if (!change) continue;
        logger.info({ agentId, status: change.status }, "agent has no screen open any more; presence set to offline");
        await onLapse(change);
      }
    } catch (error) {
      logger.warn({ err: error }, "presence checks failed; retrying at the next poll");
    } finally {
      this.polling = false;
    }
  }
}
