-- The agent accepted its ringing call (answer_call): the ring deadline is dropped and the call is
-- connecting until both channels are bridged. Only the session's agent may accept, and only
-- before the ring timeout was claimed; accepting again is a no-op.
-- KEYS: 1 session, 2 agent hash, 3 agent calls hash, 4 ring deadlines
-- ARGV: 1 sessionId, 2 agentId, 3 now (Unix ms), 4 now (ISO 8601)
-- Returns: ok {session, changed, statusChange (absent when changed = false)}; refusals
--          NOT_FOUND, FORBIDDEN, INVALID_STATE
--@include session
--@include agent_status

local sessionId, agentId, now, nowIso = ARGV[1], ARGV[2], ARGV[3], ARGV[4]

local session, raw = loadSession(KEYS[1])
if not session then return refuse("NOT_FOUND", "No session " .. sessionId .. ".") end
if session.agentId ~= agentId then
  return refuse("FORBIDDEN", "Session " .. sessionId .. " is not offered to agent " .. agentId .. ".")
end
local state = session.state
if state == "connecting" or state == "connected" then return okWithSession({ changed = false }, raw) end
if state ~= "ringing" then
  return refuse("INVALID_STATE", "Session " .. sessionId .. " is " .. state .. ", not ringing.")
end
-- A ringing session missing from the deadlines was claimed by the ring timeout, which wins.
if redis.call("ZREM", KEYS[4], sessionId) == 0 then
  return refuse("INVALID_STATE", "Session " .. sessionId .. " passed its ring timeout.")
end

local before = snapshotAgent(KEYS[2], KEYS[3])
setAgentCall(KEYS[3], before, sessionId, "connecting")
session.state, session.answeredAt = "connecting", now

return okWithSession({
  changed = true,
  statusChange = refreshAgentStatus(agentId, KEYS[2], KEYS[3], before, nowIso),
}, saveSession(KEYS[1], session))
