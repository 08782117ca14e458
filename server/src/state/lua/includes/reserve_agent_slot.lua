--@include reply
--@include agent_status
-- The capacity reservation of an offer, shared by reserve_slot and begin_transfer: refused unless
-- the agent exists, is available, is not in after-call work and holds fewer than maxCalls calls;
-- otherwise `sessionId` rings on the agent's lowest free line (callIndex) until `ringDeadline`.
-- Returns { refusal = <refusal reply> } (UNKNOWN_AGENT, AGENT_OFFLINE, AGENT_PAUSED,
-- AGENT_IN_WRAP_UP, NO_CAPACITY) and writes nothing, or { extension, line, before } with the
-- agent's status snapshot from before the offer (for refreshAgentStatus).
local function reserveAgentSlot(agentKey, callsKey, linesKey, ringDeadlinesKey, agentId, sessionId, ringDeadline)
  local before = snapshotAgent(agentKey, callsKey)
  if not before then return { refusal = refuse("UNKNOWN_AGENT", "No agent " .. agentId .. ".") } end
  if before.presence == "offline" then return { refusal = refuse("AGENT_OFFLINE", "Agent " .. agentId .. " is offline.") } end
  if before.presence == "paused" then return { refusal = refuse("AGENT_PAUSED", "Agent " .. agentId .. " is paused.") } end
  if before.wrapUpUntil ~= "" then
    return { refusal = refuse("AGENT_IN_WRAP_UP", "Agent " .. agentId .. " is in after-call work.") }
  end
  if before.callCount >= before.max then
    return { refusal = refuse("NO_CAPACITY", "Agent " .. agentId .. " already holds " .. before.callCount ..
      " of " .. before.max .. " calls.") }
  end
  local line = 1
  while redis.call("HEXISTS", linesKey, line) == 1 do line = line + 1 end
  redis.call("HSET", linesKey, line, sessionId)
  setAgentCall(callsKey, before, sessionId, "ringing")
  redis.call("ZADD", ringDeadlinesKey, ringDeadline, sessionId)
  return { extension = before.extension, line = line, before = before }
end
