-- Hands out the members of a deadline set (ring timeouts, wrap-up ends, queue maximum waits) whose
-- deadline has passed, each once: they are removed as they are returned, so with several server
-- nodes every expiry is handled by exactly one.
-- KEYS: 1 deadline sorted set
-- ARGV: 1 now (Unix ms), 2 most members to return
-- Returns: an array of the members claimed (at most ARGV 2), earliest deadline first; never refuses
local due = redis.call("ZRANGEBYSCORE", KEYS[1], "-inf", ARGV[1], "LIMIT", 0, ARGV[2])
if #due > 0 then redis.call("ZREM", KEYS[1], unpack(due)) end
return due
