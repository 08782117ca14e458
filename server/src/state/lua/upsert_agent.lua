-- Creates an agent (presence and status "offline") or updates its roster fields (name,
-- extension, maxCalls) without touching presence or calls; keeps the extension index.
-- KEYS: 1 agents set, 2 agent hash, 3 agent calls hash, 4 extension index of the new extension,
--       5 extension index of the extension the caller read as stored (4 again when none)
-- ARGV: 1 agentId, 2 extension, 3 agentName, 4 maxCalls, 5 stored extension as read ("" = none),
--       6 now (ISO 8601)
-- Returns: ok {created, statusChange}; refusal EXTENSION_IN_USE; STALE_KEYS when the stored
--          extension read no longer holds
--@include reply
--@include agent_status

local agentId, extension, agentName, maxCalls, readExtension, nowIso =
  ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6]

local storedExtension = redis.call("HGET", KEYS[2], "extension")
if (storedExtension or "") ~= readExtension then return staleKeys() end

local owner = redis.call("GET", KEYS[4])
if owner and owner ~= agentId then
  return refuse("EXTENSION_IN_USE", "Extension " .. extension .. " already belongs to agent " .. owner .. ".")
end

if not storedExtension then
  redis.call("HSET", KEYS[2], "agentId", agentId, "extension", extension, "agentName", agentName,
    "maxCalls", maxCalls, "presence", "offline", "pauseReason", "", "status", "offline",
    "previousStatus", "", "statusChangedAt", nowIso, "lastUpdate", nowIso)
  redis.call("SADD", KEYS[1], agentId)
  redis.call("SET", KEYS[4], agentId)
  local change = refreshAgentStatus(agentId, KEYS[2], KEYS[3],
    { status = "offline", callCount = 0, max = tonumber(maxCalls), canTakeCall = false }, nowIso)
  -- A new agent is news to every screen even though "offline" is where it starts.
  change.changed = true
  return ok({ created = true, statusChange = change })
end

local before = snapshotAgent(KEYS[2], KEYS[3])
before.reread = true
if storedExtension ~= extension then
  if redis.call("GET", KEYS[5]) == agentId then redis.call("DEL", KEYS[5]) end
  redis.call("SET", KEYS[4], agentId)
end
redis.call("HSET", KEYS[2], "extension", extension, "agentName", agentName, "maxCalls", maxCalls)
return ok({ created = false, statusChange = refreshAgentStatus(agentId, KEYS[2], KEYS[3], before, nowIso) })
