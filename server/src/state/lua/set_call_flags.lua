-- Records the in-call controls of a connected session: hold and mute direction.
-- KEYS: 1 session hash
-- ARGV: 1 sessionId, 2 onHold ("0", "1", or "" to keep), 3 muted ("none", "in", "out", "both",
--       or "" to keep)
--@include reply
--@include hash_table

local sessionId, onHold, muted = ARGV[1], ARGV[2], ARGV[3]

local session = redis.call("HMGET", KEYS[1], "state", "onHold", "muted")
local state = session[1]
if not state then return refuse("NOT_FOUND", "No session " .. sessionId .. ".") end
if state ~= "connected" then
  return refuse("INVALID_STATE", "Session " .. sessionId .. " is " .. state .. ", not connected.")
end

if onHold == "" then onHold = session[2] end
if muted == "" then muted = session[3] end
local changed = onHold ~= session[2] or muted ~= session[3]
if changed then redis.call("HSET", KEYS[1], "onHold", onHold, "muted", muted) end
return ok({ changed = changed, session = hashToTable(redis.call("HGETALL", KEYS[1])) })
