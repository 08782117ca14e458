-- Deletes an agent that holds no call: its hash, held-call and line hashes, its entry in the agents
-- set and the wrap-ups, and its extension index when that still names it. An agent holding calls
-- (ringing included) is refused, so no session is left pointing at a missing agent.
-- KEYS: 1 agents set, 2 agent hash, 3 agent calls hash, 4 agent lines hash,
--       5 extension index of the extension the caller read as stored (any key when none), 6 wrap-ups
-- ARGV: 1 agentId, 2 stored extension as read ("" = none)
--@include reply

local agentId, readExtension = ARGV[1], ARGV[2]

local storedExtension = redis.call("HGET", KEYS[2], "extension")
if (storedExtension or "") ~= readExtension then return staleKeys() end
if not storedExtension then return refuse("UNKNOWN_AGENT", "Agent " .. agentId .. " does not exist.") end

local held = redis.call("HLEN", KEYS[3])
if held > 0 then
  return refuse("AGENT_HOLDS_CALLS", "Agent " .. agentId .. " holds " .. held .. " call(s); delete it once they have ended.")
end

redis.call("DEL", KEYS[2], KEYS[3], KEYS[4])
redis.call("SREM", KEYS[1], agentId)
redis.call("ZREM", KEYS[6], agentId)
if redis.call("GET", KEYS[5]) == agentId then redis.call("DEL", KEYS[5]) end
return ok({ extension = storedExtension })
