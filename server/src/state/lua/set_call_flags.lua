-- Records the in-call controls of a connected session: hold and mute direction.
-- KEYS: 1 session
-- ARGV: 1 sessionId, 2 onHold ("0", "1", or "" to keep), 3 muted ("none", "in", "out", "both",
--       or "" to keep)
-- Returns: ok {session, changed}; refusals NOT_FOUND, INVALID_STATE
--@include session

local sessionId, onHold, muted = ARGV[1], ARGV[2], ARGV[3]

local session, raw = loadSession(KEYS[1])
if not session then return refuse("NOT_FOUND", "No session " .. sessionId .. ".") end
if session.state ~= "connected" then
  return refuse("INVALID_STATE", "Session " .. sessionId .. " is " .. session.state .. ", not connected.")
end

if onHold == "" then onHold = session.onHold end
if muted == "" then muted = session.muted end
if onHold == session.onHold and muted == session.muted then return okWithSession({ changed = false }, raw) end
session.onHold, session.muted = onHold, muted
return okWithSession({ changed = true }, saveSession(KEYS[1], session))
