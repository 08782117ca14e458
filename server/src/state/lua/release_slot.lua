-- Ends a session and releases its capacity slot, exactly once, from any state: the first call
-- ends it; every later call returns released = false and changes nothing. The session and
-- its channel indexes expire an hour later.
-- KEYS: 1 session, 2 agent hash, 3 agent calls hash, 4 agent lines hash, 5 ring deadlines,
--       6 open sessions set, 7 channel index of the customer channel, 8 channel index of the agent
--       channel, 9 today's stats counters hash, 10 the waiting set of the session's queue,
--       11 queue deadlines, 12 wrap-ups (2-4, 8 and 10 are built from the fields as read; when the
--       session has no agent, agent channel or queue they are placeholders left untouched)
-- ARGV: 1 sessionId, 2 the session's agentId as read, 3 its agentChannelId as read, 4 end reason,
--       5 now (Unix ms), 6 now (ISO 8601), 7 its queueNumber as read, 8 after-call work (ms) the
--       agent gets when the call had been connected (0 = none)
-- A waiting call leaves its queue. After-call work starts only for a call that was connected.
-- Returns: ok {session (as it was before it ended), released, statusChange (when released with an
--          agent)}; refusal NOT_FOUND; STALE_KEYS when a field read no longer holds
--@include session
--@include agent_status

local sessionId, readAgentId, readAgentChannelId, reason, now, nowIso, readQueueNumber, wrapUpMs =
  ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6], ARGV[7], tonumber(ARGV[8])
local ENDED_TTL_SECONDS = 3600
local STATS_TTL_SECONDS = 8 * 24 * 3600

local session, raw = loadSession(KEYS[1])
if not session then return refuse("NOT_FOUND", "No session " .. sessionId .. ".") end
if session.agentId ~= readAgentId or session.agentChannelId ~= readAgentChannelId
  or session.queueNumber ~= readQueueNumber then return staleKeys() end
if session.released == "1" then return okWithSession({ released = false }, raw) end

local hasAgent = session.agentId ~= ""
local before
if hasAgent then before = snapshotAgent(KEYS[2], KEYS[3]) end

local wasQueued, wasRinging = session.state == "queued", session.state == "ringing"
-- The reply carries the session as it was before (for durations); the stored one is ended.
session.state, session.endReason, session.endedAt, session.released = "ended", reason, now, "1"
redis.call("SET", KEYS[1], cjson.encode(session), "EX", ENDED_TTL_SECONDS)
-- Only a ringing session has a ring deadline, only a queue call an overflow deadline.
if wasRinging then redis.call("ZREM", KEYS[5], sessionId) end
redis.call("SREM", KEYS[6], sessionId)
if redis.call("GET", KEYS[7]) == sessionId then redis.call("EXPIRE", KEYS[7], ENDED_TTL_SECONDS) end
if session.agentChannelId ~= "" and redis.call("GET", KEYS[8]) == sessionId then
  redis.call("EXPIRE", KEYS[8], ENDED_TTL_SECONDS)
end
if wasQueued then
  redis.call("ZREM", KEYS[10], sessionId)
end
if session.queueNumber ~= "" then redis.call("ZREM", KEYS[11], sessionId) end
-- A transfer's target session continues the same customer call: the call was counted once.
if session.transferredFrom == "" then
  -- The day's counters expire 8 days after their first write.
  if redis.call("HINCRBY", KEYS[9], "sessionsEnded", 1) == 1 then redis.call("EXPIRE", KEYS[9], STATS_TTL_SECONDS) end
end

local result = { released = true }
if hasAgent then
  setAgentCall(KEYS[3], before, sessionId, nil)
  if redis.call("HGET", KEYS[4], session.callIndex) == sessionId then
    redis.call("HDEL", KEYS[4], session.callIndex)
  end
  if session.bridgedAt ~= "" then countHandledCall(before, tonumber(now)) end
  if wrapUpMs > 0 and session.bridgedAt ~= "" then
    local ends = tonumber(now) + wrapUpMs
    local current = tonumber(redis.call("HGET", KEYS[2], "wrapUpUntil") or "") or 0
    if ends > current then
      before.reread = true
      redis.call("HSET", KEYS[2], "wrapUpUntil", ends)
      redis.call("ZADD", KEYS[12], ends, session.agentId)
    end
  end
  result.statusChange = refreshAgentStatus(session.agentId, KEYS[2], KEYS[3], before, nowIso)
end
return okWithSession(result, raw)
