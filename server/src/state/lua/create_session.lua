-- Opens a session for a customer channel, once: a repeated StasisStart for the same channel
-- returns the session already open for it. Direct calls start "new", queue calls "queued".
-- A queue call enters its queue (priority 0) and, with a maximum wait, the overflow deadlines.
-- KEYS: 1 channel index of the customer channel, 2 session (of the session the caller read from
--       the channel index, else of the new session id), 3 open sessions set,
--       4 today's stats counters hash, 5 the queue's waiting set (direct calls: untouched),
--       6 queue deadlines
-- ARGV: 1 new sessionId, 2 kind, 3 customerChannelId, 4 customerNumber, 5 callerName,
--       6 extension, 7 queueNumber, 8 now (Unix ms), 9 session id read from the channel index ("" = none),
--       10 maximum-wait deadline (Unix ms, 0 = none)
-- Returns: ok {session, created} (created = false with the session already open for the channel);
--          refusal INVALID_STATE (the given session id is taken); STALE_KEYS when the channel
--          index no longer holds the session id read
--@include session
--@include queue_score

local sessionId, kind, channelId, customerNumber, callerName, extension, queueNumber, now, readSessionId, maxWaitDeadline =
  ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6], ARGV[7], ARGV[8], ARGV[9], tonumber(ARGV[10])
local STATS_TTL_SECONDS = 8 * 24 * 3600

local indexed = redis.call("GET", KEYS[1]) or ""
if indexed ~= readSessionId then return staleKeys() end
if indexed ~= "" then
  local raw = redis.call("GET", KEYS[2])
  if raw then return okWithSession({ created = false }, raw) end
  -- The index outlived its session (both expire after the session ends): the caller retries
  -- with a new session id.
  redis.call("DEL", KEYS[1])
  return staleKeys()
end

local state, queueEnteredAt = "new", ""
if kind == "queue" then state, queueEnteredAt = "queued", now end
local raw = cjson.encode({
  sessionId = sessionId, kind = kind, customerChannelId = channelId, customerNumber = customerNumber,
  callerName = callerName, agentId = "", extension = extension, queueNumber = queueNumber, state = state,
  callIndex = "", createdAt = now, offeredAt = "", answeredAt = "", bridgedAt = "", endedAt = "",
  bridgeId = "", agentChannelId = "", endReason = "", onHold = "0", muted = "none", released = "0",
  priority = "0", queueEnteredAt = queueEnteredAt, offerCount = "0", transferredFrom = "", transferTo = "",
})
-- NX: a session id already taken refuses the call before anything else is written.
if not redis.call("SET", KEYS[2], raw, "NX") then
  return refuse("INVALID_STATE", "Session " .. sessionId .. " already exists.")
end
redis.call("SET", KEYS[1], sessionId)
redis.call("SADD", KEYS[3], sessionId)
if kind == "queue" then
  redis.call("ZADD", KEYS[5], queueScore(0, now), sessionId)
  if maxWaitDeadline > 0 then redis.call("ZADD", KEYS[6], maxWaitDeadline, sessionId) end
end

-- The day's counters expire 8 days after their first write.
if redis.call("HINCRBY", KEYS[4], "sessionsCreated", 1) == 1 then redis.call("EXPIRE", KEYS[4], STATS_TTL_SECONDS) end
local open = redis.call("SCARD", KEYS[3])
if open > tonumber(redis.call("HGET", KEYS[4], "peakOpenSessions") or "0") then
  redis.call("HSET", KEYS[4], "peakOpenSessions", open)
end

return okWithSession({ created = true }, raw)
