-- Ends an agent's after-call work: on the agent's request (end_wrap_up, `force`), or when its time
-- is up (a claimed wrap-up deadline: if a later call extended it, it is put back and nothing ends).
-- KEYS: 1 agent hash, 2 agent calls hash, 3 wrap-ups
-- ARGV: 1 agentId, 2 now (Unix ms), 3 now (ISO 8601), 4 force ("1" or "0")
-- Returns: ok {ended, statusChange (when ended)}; refusal UNKNOWN_AGENT
--@include reply
--@include agent_status

local agentId, now, nowIso, force = ARGV[1], tonumber(ARGV[2]), ARGV[3], ARGV[4] == "1"

if redis.call("EXISTS", KEYS[1]) == 0 then return refuse("UNKNOWN_AGENT", "No agent " .. agentId .. ".") end
local ends = tonumber(redis.call("HGET", KEYS[1], "wrapUpUntil") or "")
if not ends then return ok({ ended = false }) end
if not force and ends > now then
  redis.call("ZADD", KEYS[3], ends, agentId)
  return ok({ ended = false })
end

local before = snapshotAgent(KEYS[1], KEYS[2])
before.reread = true
redis.call("HSET", KEYS[1], "wrapUpUntil", "")
redis.call("ZREM", KEYS[3], agentId)
return ok({ ended = true, statusChange = refreshAgentStatus(agentId, KEYS[1], KEYS[2], before, nowIso) })
