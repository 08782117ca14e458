-- The transfer's target answered: the customer channel now belongs to the target's session, so
-- the customer's events (hang-up) reach it, and the transferring session may end without hanging
-- up the customer.
-- KEYS: 1 channel index of the customer channel, 2 transferring session
-- ARGV: 1 transferring sessionId, 2 target sessionId
-- Returns: ok {changed = true}; refusal INVALID_STATE (no such transfer, or the channel moved on)
--@include session

local sessionId, targetId = ARGV[1], ARGV[2]
local session = loadSession(KEYS[2])
if not session or session.transferTo ~= targetId then
  return refuse("INVALID_STATE", "Session " .. sessionId .. " is not being transferred to " .. targetId .. ".")
end
if redis.call("GET", KEYS[1]) ~= sessionId then
  return refuse("INVALID_STATE", "The customer channel no longer belongs to session " .. sessionId .. ".")
end
redis.call("SET", KEYS[1], targetId)
return ok({ changed = true })
