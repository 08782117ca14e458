/**
 * An event appended to the log whose XADD reply never came back (Redis stopped between executing
 * the command and writing its reply): ioredis rejects the publish with MaxRetriesPerRequestError
 * once its reconnects fail, and does not resend the command, so the log holds the event once and
 * the publisher delivered nothing. A screen connected the whole time must still get it, once.
 *
 * A TCP proxy in front of the suite's own redis-server makes the fault exact: it forwards the
 * command holding the XADD, drops Redis's reply and closes the connection, then refuses
 * connections (as a stopped Redis does) until ioredis gave up on the command. The relay's
 * connection, open before, stays up, as the relay's XREAD connection may across a restart.
 */
import { createServer, Socket, type Server } from "node:net";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLocalRedis, type LocalRedis } from "../../src/demo/local-redis.js";
import { createKeys } from "../../src/state/keys.js";
import { parseLogEntry } from "../../src/ws/event-publisher.js";
import { startStack, waitFor, type Stack } from "@acc/test-support";

/** A proxy that can lose the reply to the next XADD and then refuse connections for a while. */
class ReplyLosingProxy {
  private server: Server | undefined;
  private armed: string | undefined;
  port = 0;

  constructor(private readonly upstreamPort: number) {}

  async listen(port = 0): Promise<void> {
    const server = createServer((client) => this.pipe(client));
    await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
    this.server = server;
    this.port = (server.address() as { port: number }).port;
  }

  /** The next connection that sends an XADD holding `marker` gets no reply to it and is closed. */
  loseNextAppendReply(marker: string): void {
    this.armed = marker;
  }

  /** Refuses new connections (existing ones stay open) until {@link listen} again. */
  async refuse(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    await new Promise<void>((resolve) => server?.close(() => resolve()));
  }

  private pipe(client: Socket): void {
    const upstream = new Socket();
    upstream.connect(this.upstreamPort, "127.0.0.1");
    let deaf = false;
    client.on("data", (chunk: Buffer) => {
      const text = chunk.toString("latin1");
      if (this.armed !== undefined && /xadd/i.test(text) && text.includes(this.armed)) {
        this.armed = undefined;
        deaf = true;
        void this.refuse();
      }
      upstream.write(chunk);
    });
    upstream.on("data", (chunk: Buffer) => {
      if (!deaf) client.write(chunk);
      else {
        client.destroy();
        upstream.destroy();
      }
    });
    client.on("close", () => upstream.destroy());
    upstream.on("close", () => client.destroy());
    client.on("error", () => upstream.destroy());
    upstream.on("error", () => client.destroy());
  }
}

describe("an appended event whose reply was lost", () => {
  let dataDir: string;
  let redisServer: LocalRedis;
  let proxy: ReplyLosingProxy;
  let stack: Stack;
  let direct: Redis;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "lost-append-reply-"));
    redisServer = await startLocalRedis({ dataDir });
    proxy = new ReplyLosingProxy(Number(new URL(redisServer.url).port));
    await proxy.listen();
    stack = await startStack({}, { redisUrl: `redis://127.0.0.1:${proxy.port}` });
    direct = new Redis(redisServer.url);
  }, 30_000);
  afterAll(async () => {
    direct?.disconnect();
    await stack?.close();
    await proxy?.refuse();
    await redisServer?.stop();
    await rm(dataDir, { recursive: true, force: true });
  }, 30_000);

  it("reaches the connected screen once, through the relay", async () => {
    const agent = await stack.screen("agent", "agent-1001");
    expect(await agent.command({ type: "set_status", status: "available" })).toMatchObject({ type: "ack", success: true });

    proxy.loseNextAppendReply('"status":"paused"');
    await agent.command({ type: "set_status", status: "paused", reason: "lunch" });
    // ioredis gave up on the XADD (its fourth failed reconnect); only now may Redis be reached again.
    await waitFor(() => stack.app.redis.status === "reconnecting", "the server to lose Redis");
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await proxy.listen(proxy.port);
    await waitFor(() => stack.app.redis.status === "ready", "the server to reconnect to Redis", 10_000);

    const log = await direct.xrange(createKeys(stack.redis.prefix).eventLog(), "-", "+");
    const paused = log.filter(([, fields]) => {
      const entry = parseLogEntry(fields);
      return entry?.event === "agent_status_updated" && (entry.data as { status: string }).status === "paused";
    });
    expect(paused).toHaveLength(1);
    const [pausedId] = paused[0]!;

    await waitFor(() => agent.frames.some((f) => "event" in f && f.id === pausedId), `the screen to get event ${pausedId}`, 10_000);
    // A later event arrives after anything still in flight for the lost one.
    expect(await agent.command({ type: "set_status", status: "available" })).toMatchObject({ type: "ack" });
    await waitFor(() => agent.events("agent_status_updated").filter((d) => d.status === "available").length >= 2, "the last event");
    expect(agent.frames.filter((f) => "event" in f && f.id === pausedId)).toHaveLength(1);
  }, 30_000);
});
