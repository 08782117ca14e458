-- Offers a new or queued session to an agent: takes one of the agent's capacity slots on the
-- lowest free line, marks the call ringing and sets its ring deadline; a queued call leaves its
-- queue in the same step, so two supervisors assigning it at once cannot both win. Refused unless
-- the agent is available, not in after-call work, with fewer than maxCalls calls held.
-- KEYS: 1 session, 2 agent hash, 3 agent calls hash, 4 agent lines hash, 5 ring deadlines,
--       6 the waiting set of the session's queue as read (direct calls: a placeholder), 7 queue deadlines
-- ARGV: 1 sessionId, 2 agentId, 3 ring deadline (Unix ms), 4 now (Unix ms), 5 now (ISO 8601),
--       6 the session's queueNumber as read
-- Returns: ok {session, statusChange}; refusals NOT_FOUND, INVALID_STATE and those of
--          reserve_agent_slot; STALE_KEYS when the queue number read no longer holds
--@include session
--@include reserve_agent_slot

local sessionId, agentId, ringDeadline, now, nowIso, readQueueNumber = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6]

local session = loadSession(KEYS[1])
if not session then return refuse("NOT_FOUND", "No session " .. sessionId .. ".") end
if session.queueNumber ~= readQueueNumber then return staleKeys() end
local state = session.state
if state ~= "new" and state ~= "queued" then
  return refuse("INVALID_STATE", "Session " .. sessionId .. " is " .. state .. ", not waiting for an agent.")
end
local slot = reserveAgentSlot(KEYS[2], KEYS[3], KEYS[4], KEYS[5], agentId, sessionId, ringDeadline)
if slot.refusal then return slot.refusal end

session.state, session.agentId, session.extension = "ringing", agentId, slot.extension
session.callIndex, session.offeredAt = tostring(slot.line), now
session.offerCount = tostring((tonumber(session.offerCount) or 0) + 1)
if state == "queued" then
  redis.call("ZREM", KEYS[6], sessionId)
  redis.call("ZREM", KEYS[7], sessionId)
end

return okWithSession({
  statusChange = refreshAgentStatus(agentId, KEYS[2], KEYS[3], slot.before, nowIso),
}, saveSession(KEYS[1], session))
