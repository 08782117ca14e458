/**
 * Tells every server process of a revocation, so each closes its own connections of the revoked
 * subject at once: a Redis pub/sub channel (`keys.tokenRevocations()`), one message
 * `<role>:<subject>` per revocation, one subscribed connection per process. A process that misses
 * a message (its subscription was reconnecting) still refuses the revoked tokens at the next
 * upgrade; only its already open sockets would stay open until they reconnect.
 */
import type { Redis } from "ioredis";
import type { Role } from "./token.js";
import type { TokenSubject } from "./token-generations.js";

const roles: readonly Role[] = ["agent", "supervisor", "ops"];

/** Publishes a revocation of `subject` on `channel` (one PUBLISH). */
export async function announceRevocation(redis: Redis, channel: string, subject: TokenSubject): Promise<void> {
  await redis.publish(channel, `${subject.role}:${subject.subject}`);
}

/**
 * Subscribes `subscriber` (a connection of its own: a subscribed connection runs no other
 * command) to `channel` and calls `onRevoked` for each revocation announced.
 * @returns a function that unsubscribes and closes the connection.
 */
export async function listenForRevocations(subscriber: Redis, channel: string, onRevoked: (subject: TokenSubject) => void): Promise<() => Promise<void>> {
  subscriber.on("message", (from: string, message: string) => {
    if (from !== channel) return;
    const colon = message.indexOf(":");
    const role = message.slice(0, colon) as Role;
    if (colon < 1 || !roles.includes(role)) return;
    onRevoked({ role, subject: message.slice(colon + 1) });
  });
  await subscriber.subscribe(channel);
  return async () => {
    await subscriber.quit().catch(() => subscriber.disconnect());
  };
}
