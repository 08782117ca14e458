/** The screens' WebSocket transport: endpoint, client registry, event log and command dispatch. */
export { ClientHub, defaultMaxBufferedBytes, prepareFrame, slowConsumerCloseCode, type ClientHubOptions, type HubClient, type PreparedFrame } from "./client-hub.js";
export {
  CommandRouter,
  defaultAbuseLimit,
  policyViolationCloseCode,
  type Availability,
  type CommandHandler,
  type CommandRouterOptions,
} from "./command-router.js";
export { ConnectionLimits, defaultConnectionCaps, defaultIdentityRateLimit, identityKey, type Admitted, type ConnectionCaps, type SharedIdentity } from "./connection-limits.js";
export {
  EventPublisher,
  defaultEventLogLength,
  defaultReplayLimit,
  type EventPublisherOptions,
  type LogEntry,
  type Replay,
} from "./event-publisher.js";
export { redisAvailability, redisUnavailableReason } from "./redis-availability.js";
export { ScreenPresence, type ScreenPresenceOptions } from "./screen-presence.js";
export { StreamRelay, type StreamRelayOptions } from "./stream-relay.js";
export { compareStreamIds, parseStreamId, streamStart } from "./stream-id.js";
export { UnconfirmedAppends, type OwnEntryAction, type RawLogEntry } from "./unconfirmed-appends.js";
export { TokenBucket, defaultRateLimit, type RateLimit } from "./token-bucket.js";
export { originAllowed } from "./origin-check.js";
export { defaultHeartbeatIntervalMs, goingAwayCloseCode, websocketPluginOptions, wsPlugin, type WsPluginOptions } from "./ws-plugin.js";
