-- Changes the priority of a waiting call and moves it to its new place in the queue (higher
-- priority first; equal priorities keep arrival order).
-- KEYS: 1 session, 2 waiting set of the session's queue as read
-- ARGV: 1 sessionId, 2 queueNumber as read, 3 priority (-100..100)
-- Returns: ok {session, changed}; refusals NOT_FOUND, INVALID_STATE; STALE_KEYS when the queue
--          number read no longer holds
--@include session
--@include queue_score

local sessionId, readQueueNumber, priority = ARGV[1], ARGV[2], ARGV[3]

local session, raw = loadSession(KEYS[1])
if not session then return refuse("NOT_FOUND", "No session " .. sessionId .. ".") end
if session.queueNumber ~= readQueueNumber then return staleKeys() end
if session.state ~= "queued" then
  return refuse("INVALID_STATE", "Session " .. sessionId .. " is " .. session.state .. ", not waiting in a queue.")
end
if tonumber(session.priority) == tonumber(priority) then return okWithSession({ changed = false }, raw) end
session.priority = priority
redis.call("ZADD", KEYS[2], queueScore(priority, session.queueEnteredAt), sessionId)
return okWithSession({ changed = true }, saveSession(KEYS[1], session))
