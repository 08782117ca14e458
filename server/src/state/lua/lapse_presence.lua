-- The agent's presence check is due: if no server process holds a live screen lease for it any
-- more, it goes offline (its calls are kept, it is offered no new ones); if one still does, the
-- check moves to that lease's end plus the grace.
-- Running the check and removing it in one script lets every process poll the same checks: one
-- takes each, and a process that stops between reading the due list and this script loses nothing.
-- KEYS: 1 agent screens (zset node → lease end ms), 2 presence checks (zset agent → check ms),
--       3 agent hash, 4 agent calls hash
-- ARGV: 1 agentId, 2 now (Unix ms), 3 grace (ms), 4 now (ISO 8601)
-- Returns: ok {lapsed, statusChange (when lapsed)}; never refuses
--@include reply
--@include agent_status

local agentId, now, graceMs, nowIso = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3]), ARGV[4]

local due = redis.call("ZSCORE", KEYS[2], agentId)
if not due or tonumber(due) > now then
  return ok({ lapsed = false })
end
redis.call("ZREMRANGEBYSCORE", KEYS[1], "-inf", now)
local live = redis.call("ZRANGE", KEYS[1], 0, 0, "WITHSCORES")
if #live > 0 then
  redis.call("ZADD", KEYS[2], tonumber(live[2]) + graceMs, agentId)
  return ok({ lapsed = false })
end
redis.call("ZREM", KEYS[2], agentId)
local presence = redis.call("HGET", KEYS[3], "presence")
if not presence or presence == "offline" then
  return ok({ lapsed = false })
end
local before = snapshotAgent(KEYS[3], KEYS[4])
before.reread = true
redis.call("HSET", KEYS[3], "presence", "offline", "pauseReason", "")
return ok({ lapsed = true, statusChange = refreshAgentStatus(agentId, KEYS[3], KEYS[4], before, nowIso) })
