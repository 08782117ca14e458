-- Waiting calls are ordered by priority (higher first), then by the time they entered the queue
-- (Unix ms). Priorities are -100..100, so the score stays an exact integer in a double.
local function queueScore(priority, enteredAt)
  return -tonumber(priority) * 1e13 + tonumber(enteredAt)
end
