-- Records the agent leg's channel id (chosen by the server before the originate) and indexes it,
-- so the agent channel's ARI events find the session. One agent channel per session.
-- KEYS: 1 session hash, 2 channel index of the agent channel
-- ARGV: 1 sessionId, 2 channelId
--@include reply
--@include hash_table

local sessionId, channelId = ARGV[1], ARGV[2]

local session = redis.call("HMGET", KEYS[1], "state", "agentChannelId")
local state, current = session[1], session[2]
if not state then return refuse("NOT_FOUND", "No session " .. sessionId .. ".") end
if current == channelId then
  return ok({ changed = false, session = hashToTable(redis.call("HGETALL", KEYS[1])) })
end
if state ~= "ringing" and state ~= "connecting" and state ~= "connected" then
  return refuse("INVALID_STATE", "Session " .. sessionId .. " is " .. state .. ", not offered to an agent.")
end
if current ~= "" then
  return refuse("INVALID_STATE", "Session " .. sessionId .. " already has agent channel " .. current .. ".")
end
local owner = redis.call("GET", KEYS[2])
if owner and owner ~= sessionId then
  return refuse("INVALID_STATE", "Channel " .. channelId .. " belongs to session " .. owner .. ".")
end

redis.call("HSET", KEYS[1], "agentChannelId", channelId)
redis.call("SET", KEYS[2], sessionId)
return ok({ changed = true, session = hashToTable(redis.call("HGETALL", KEYS[1])) })
