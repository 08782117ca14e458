-- Changes the priority of a waiting call and moves it to its new place in the queue (higher
-- priority first; equal priorities keep arrival order).
-- KEYS: 1 session hash, 2 waiting set of the session's queue as read
-- ARGV: 1 sessionId, 2 queueNumber as read, 3 priority (-100..100)
--@include reply
--@include hash_table
--@include queue_score

local sessionId, readQueueNumber, priority = ARGV[1], ARGV[2], ARGV[3]

local session = redis.call("HMGET", KEYS[1], "state", "queueNumber", "queueEnteredAt", "priority")
if not session[1] then return refuse("NOT_FOUND", "No session " .. sessionId .. ".") end
if session[2] ~= readQueueNumber then return staleKeys() end
if session[1] ~= "queued" then
  return refuse("INVALID_STATE", "Session " .. sessionId .. " is " .. session[1] .. ", not waiting in a queue.")
end
local changed = tonumber(session[4]) ~= tonumber(priority)
if changed then
  redis.call("HSET", KEYS[1], "priority", priority)
  redis.call("ZADD", KEYS[2], queueScore(priority, session[3]), sessionId)
end
return ok({ changed = changed, session = hashToTable(redis.call("HGETALL", KEYS[1])) })
