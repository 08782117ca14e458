-- Blind transfer of a connected call to another agent: opens the target's session (same customer
-- channel) and reserves one of the target's slots, ringing until its deadline. The transferring
-- agent keeps its slot until the target answers (hand_over_customer) or the transfer fails
-- (cancel_transfer). One transfer at a time per call.
-- KEYS: 1 session, 2 target session, 3 target agent hash, 4 its calls hash, 5 its lines
--       hash, 6 ring deadlines, 7 open sessions set
-- ARGV: 1 sessionId, 2 target sessionId, 3 the transferring agentId, 4 target agentId,
--       5 ring deadline (Unix ms), 6 now (Unix ms), 7 now (ISO 8601)
-- Returns: ok {session (the target's), statusChange (the target agent's)}; refusals NOT_FOUND,
--          FORBIDDEN, INVALID_STATE, INVALID_ARGUMENT and those of reserve_agent_slot
--@include session
--@include reserve_agent_slot

local sessionId, targetId, fromAgentId, agentId, ringDeadline, now, nowIso =
  ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6], ARGV[7]

local session = loadSession(KEYS[1])
if not session then return refuse("NOT_FOUND", "No session " .. sessionId .. ".") end
if session.agentId ~= fromAgentId then
  return refuse("FORBIDDEN", "Session " .. sessionId .. " is not agent " .. fromAgentId .. "'s call.")
end
if session.state ~= "connected" then
  return refuse("INVALID_STATE", "Session " .. sessionId .. " is " .. session.state .. ", not connected.")
end
if session.transferTo ~= "" then
  return refuse("INVALID_STATE", "Session " .. sessionId .. " is already being transferred.")
end
if agentId == fromAgentId then return refuse("INVALID_ARGUMENT", "A call cannot be transferred to its own agent.") end
if redis.call("EXISTS", KEYS[2]) == 1 then
  return refuse("INVALID_STATE", "Session " .. targetId .. " already exists.")
end
local slot = reserveAgentSlot(KEYS[3], KEYS[4], KEYS[5], KEYS[6], agentId, targetId, ringDeadline)
if slot.refusal then return slot.refusal end

local target = cjson.encode({
  sessionId = targetId, kind = "direct", customerChannelId = session.customerChannelId,
  customerNumber = session.customerNumber, callerName = session.callerName, agentId = agentId,
  extension = slot.extension, queueNumber = "", state = "ringing", callIndex = tostring(slot.line), createdAt = now,
  offeredAt = now, answeredAt = "", bridgedAt = "", endedAt = "", bridgeId = "", agentChannelId = "",
  endReason = "", onHold = "0", muted = "none", released = "0", priority = session.priority,
  queueEnteredAt = "", offerCount = "1", transferredFrom = sessionId, transferTo = "",
})
redis.call("SET", KEYS[2], target)
redis.call("SADD", KEYS[7], targetId)
session.transferTo = targetId
saveSession(KEYS[1], session)

return okWithSession({ statusChange = refreshAgentStatus(agentId, KEYS[3], KEYS[4], slot.before, nowIso) }, target)
