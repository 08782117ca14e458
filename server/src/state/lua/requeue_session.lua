-- Puts a session (back) into a queue. From ringing or connecting (the offer did not reach the
-- agent) it returns to its queue at its old place: same priority, same entry time. From connected
-- (a transfer to a queue) or queued (moved to another queue) it enters `queueNumber` anew. The
-- agent's slot is released in the same step; the session stays open with the customer waiting.
-- KEYS: 1 session, 2 agent hash, 3 agent calls hash, 4 agent lines hash, 5 ring deadlines,
--       6 waiting set of the session's queue as read, 7 waiting set of the target queue,
--       8 queue deadlines, 9 channel index of the agent channel (2-4, 6, 9 from fields as read;
--       placeholders when absent)
-- ARGV: 1 sessionId, 2 agentId as read, 3 queueNumber as read, 4 agentChannelId as read,
--       5 target queueNumber, 6 now (Unix ms), 7 now (ISO 8601), 8 maximum-wait deadline (Unix ms,
--       0 = none; used when the call enters a queue anew)
-- Returns: ok {session, previous (before the move), statusChange (when it had an agent)}; refusals
--          NOT_FOUND, INVALID_STATE; STALE_KEYS when a field read no longer holds
--@include session
--@include agent_status
--@include queue_score

local sessionId, readAgentId, readQueueNumber, readAgentChannelId, target, now, nowIso, maxWaitDeadline =
  ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6], ARGV[7], tonumber(ARGV[8])
local ENDED_TTL_SECONDS = 3600

local session, raw = loadSession(KEYS[1])
if not session then return refuse("NOT_FOUND", "No session " .. sessionId .. ".") end
if session.agentId ~= readAgentId or session.queueNumber ~= readQueueNumber
  or session.agentChannelId ~= readAgentChannelId then return staleKeys() end
if session.released == "1" or session.state == "ended" then
  return refuse("INVALID_STATE", "Session " .. sessionId .. " has ended.")
end
if session.transferredFrom ~= "" or session.transferTo ~= "" then
  return refuse("INVALID_STATE", "Session " .. sessionId .. " is part of a transfer to an agent.")
end
if session.state == "queued" and target == session.queueNumber then
  return refuse("INVALID_STATE", "Session " .. sessionId .. " already waits in queue " .. target .. ".")
end

local returning = session.state == "ringing" or session.state == "connecting"
if returning and session.kind ~= "queue" then
  return refuse("INVALID_STATE", "Session " .. sessionId .. " is a direct call and has no queue to return to.")
end
local entersAnew = not returning
local enteredAt, priority = session.queueEnteredAt, session.priority
if entersAnew then enteredAt = now end

local result = { previous = cjson.decode(raw) }
if session.agentId ~= "" then
  local before = snapshotAgent(KEYS[2], KEYS[3])
  setAgentCall(KEYS[3], before, sessionId, nil)
  -- A connected call transferred to a queue was handled by its agent.
  if session.bridgedAt ~= "" then countHandledCall(before, tonumber(now)) end
  if redis.call("HGET", KEYS[4], session.callIndex) == sessionId then redis.call("HDEL", KEYS[4], session.callIndex) end
  redis.call("ZREM", KEYS[5], sessionId)
  if session.agentChannelId ~= "" and redis.call("GET", KEYS[9]) == sessionId then
    redis.call("EXPIRE", KEYS[9], ENDED_TTL_SECONDS)
  end
  result.statusChange = refreshAgentStatus(session.agentId, KEYS[2], KEYS[3], before, nowIso)
end
if session.state == "queued" then redis.call("ZREM", KEYS[6], sessionId) end

session.state, session.kind, session.queueNumber, session.queueEnteredAt = "queued", "queue", target, enteredAt
session.agentId, session.callIndex, session.offeredAt, session.answeredAt = "", "", "", ""
session.bridgedAt, session.bridgeId, session.agentChannelId, session.onHold, session.muted = "", "", "", "0", "none"
redis.call("ZADD", KEYS[7], queueScore(priority, enteredAt), sessionId)
if entersAnew then
  redis.call("ZREM", KEYS[8], sessionId)
  if maxWaitDeadline > 0 then redis.call("ZADD", KEYS[8], maxWaitDeadline, sessionId) end
end

return okWithSession(result, saveSession(KEYS[1], session))
