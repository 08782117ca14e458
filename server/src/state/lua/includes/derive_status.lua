-- The agent status rule, mirrored by deriveStatus in status.ts: with `held` calls held and
-- `connected` of them connected; with no call held, offline and paused show as themselves, then
-- after-call work (`wrapping`) shows as wrap_up, else the presence.
local function deriveStatus(held, connected, presence, wrapping)
  if held == 0 then
    if presence == "available" and wrapping then return "wrap_up" end
    return presence
  end
  if connected == 0 then return "ringing" end
  if held == 1 then return "on_call" end
  return "multi_call"
end
