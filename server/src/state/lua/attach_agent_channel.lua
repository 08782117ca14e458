-- Records the agent leg's channel id (chosen by the server before the originate) and indexes it,
-- so the agent channel's ARI events find the session. One agent channel per session.
-- KEYS: 1 session, 2 channel index of the agent channel
-- ARGV: 1 sessionId, 2 channelId
-- Returns: ok {session, changed} (changed = false when this channel was already attached);
--          refusals NOT_FOUND, INVALID_STATE
--@include session

local sessionId, channelId = ARGV[1], ARGV[2]

local session, raw = loadSession(KEYS[1])
if not session then return refuse("NOT_FOUND", "No session " .. sessionId .. ".") end
if session.agentChannelId == channelId then return okWithSession({ changed = false }, raw) end
local state = session.state
if state ~= "ringing" and state ~= "connecting" and state ~= "connected" then
  return refuse("INVALID_STATE", "Session " .. sessionId .. " is " .. state .. ", not offered to an agent.")
end
if session.agentChannelId ~= "" then
  return refuse("INVALID_STATE", "Session " .. sessionId .. " already has agent channel " .. session.agentChannelId .. ".")
end
local owner = redis.call("GET", KEYS[2])
if owner and owner ~= sessionId then
  return refuse("INVALID_STATE", "Channel " .. channelId .. " belongs to session " .. owner .. ".")
end

session.agentChannelId = channelId
redis.call("SET", KEYS[2], sessionId)
return okWithSession({ changed = true }, saveSession(KEYS[1], session))
