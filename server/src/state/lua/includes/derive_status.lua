-- The agent status rule, mirrored by deriveStatus in status.ts: with `held` calls held and
-- `connected` of them connected, no call shows the presence itself.
local function deriveStatus(held, connected, presence)
  if held == 0 then return presence end
  if connected == 0 then return "ringing" end
  if held == 1 then return "on_call" end
  return "multi_call"
end
