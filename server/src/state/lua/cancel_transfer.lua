-- The transfer's target did not take the call: the transferring session is no longer being
-- transferred (its agent keeps the call). Only the transfer named is cancelled.
-- KEYS: 1 transferring session
-- ARGV: 1 transferring sessionId, 2 target sessionId
-- Returns: ok {session (the transferring one), cancelled} (cancelled = false when another transfer,
--          or none, was pending); refusal NOT_FOUND
--@include session

local sessionId, targetId = ARGV[1], ARGV[2]
local session, raw = loadSession(KEYS[1])
if not session then return refuse("NOT_FOUND", "No session " .. sessionId .. ".") end
if session.transferTo ~= targetId then return okWithSession({ cancelled = false }, raw) end
session.transferTo = ""
return okWithSession({ cancelled = true }, saveSession(KEYS[1], session))
