--@include reply
--@include agent_status
-- Whether an agent may be offered one more call now: { refusal = <reply> } when not, otherwise
-- { extension, before } with the agent's status snapshot before the offer (for refreshAgentStatus).
local function checkAgentCanTake(agentKey, callsKey, agentId)
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
  return { extension = before.extension, before = before }
end

-- Puts `sessionId` on the agent's lowest free line (callIndex) and returns the line number.
local function takeLowestLine(linesKey, sessionId)
  local line = 1
  while redis.call("HEXISTS", linesKey, line) == 1 do line = line + 1 end
  redis.call("HSET", linesKey, line, sessionId)
  return line
end
