-- Customer and agent channels are in the mixing bridge: the connecting call becomes connected.
-- Connecting again is a no-op.
-- KEYS: 1 session, 2 agent hash, 3 agent calls hash, 4 today's stats counters hash
-- ARGV: 1 sessionId, 2 the session's agentId as read, 3 bridgeId, 4 now (Unix ms), 5 now (ISO 8601)
-- Returns: ok {session, changed, statusChange (absent when changed = false)}; refusals
--          NOT_FOUND, INVALID_STATE; STALE_KEYS when the agent id read no longer holds
--@include session
--@include agent_status

local sessionId, readAgentId, bridgeId, now, nowIso = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5]
local STATS_TTL_SECONDS = 8 * 24 * 3600

local session, raw = loadSession(KEYS[1])
if not session then return refuse("NOT_FOUND", "No session " .. sessionId .. ".") end
if session.agentId ~= readAgentId then return staleKeys() end
if session.state == "connected" then return okWithSession({ changed = false }, raw) end
if session.state ~= "connecting" then
  return refuse("INVALID_STATE", "Session " .. sessionId .. " is " .. session.state .. ", not connecting.")
end

local before = snapshotAgent(KEYS[2], KEYS[3])
setAgentCall(KEYS[3], before, sessionId, "connected")
session.state, session.bridgeId, session.bridgedAt = "connected", bridgeId, now
-- A transfer's target session continues a call already counted as connected.
if session.transferredFrom == "" then
  -- The day's counters expire 8 days after their first write.
  if redis.call("HINCRBY", KEYS[4], "sessionsConnected", 1) == 1 then redis.call("EXPIRE", KEYS[4], STATS_TTL_SECONDS) end
end

return okWithSession({
  changed = true,
  statusChange = refreshAgentStatus(session.agentId, KEYS[2], KEYS[3], before, nowIso),
}, saveSession(KEYS[1], session))
