-- The transfer's target did not take the call: the transferring session is no longer being
-- transferred (its agent keeps the call). Only the transfer named is cancelled.
-- KEYS: 1 transferring session hash
-- ARGV: 1 transferring sessionId, 2 target sessionId
--@include reply
--@include hash_table

local sessionId, targetId = ARGV[1], ARGV[2]
local current = redis.call("HGET", KEYS[1], "transferTo")
if not current then return refuse("NOT_FOUND", "No session " .. sessionId .. ".") end
if current ~= targetId then return ok({ cancelled = false, session = hashToTable(redis.call("HGETALL", KEYS[1])) }) end
redis.call("HSET", KEYS[1], "transferTo", "")
return ok({ cancelled = true, session = hashToTable(redis.call("HGETALL", KEYS[1])) })
