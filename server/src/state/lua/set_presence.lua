-- Sets what the agent chose: available, paused (with an optional reason code) or offline.
-- Calls held are kept; the derived status follows.
-- KEYS: 1 agent hash, 2 agent calls hash
-- ARGV: 1 agentId, 2 presence, 3 pause reason ("" = none), 4 now (ISO 8601)
-- Returns: ok {statusChange}; refusals UNKNOWN_AGENT, INVALID_ARGUMENT
--@include reply
--@include agent_status

local agentId, presence, reason, nowIso = ARGV[1], ARGV[2], ARGV[3], ARGV[4]

if presence ~= "available" and presence ~= "paused" and presence ~= "offline" then
  return refuse("INVALID_ARGUMENT", "Presence must be available, paused or offline, not " .. presence .. ".")
end
if redis.call("EXISTS", KEYS[1]) == 0 then
  return refuse("UNKNOWN_AGENT", "No agent " .. agentId .. ".")
end

local before = snapshotAgent(KEYS[1], KEYS[2])
before.reread = true
if presence ~= "paused" then reason = "" end
redis.call("HSET", KEYS[1], "presence", presence, "pauseReason", reason)
return ok({ statusChange = refreshAgentStatus(agentId, KEYS[1], KEYS[2], before, nowIso) })
