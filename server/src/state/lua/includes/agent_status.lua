--@include derive_status
--@include hash_table
-- Capture an agent's status and capacity before a transition, then after it recompute the derived
-- status, store it (status, previousStatus, statusChangedAt only when the status changed;
-- lastUpdate always) and build the status change for the reply.

-- A script that writes the agent hash itself (presence, maxCalls, wrap-up) sets `reread` on the
-- snapshot so the refresh reads those fields again; otherwise the snapshot's copies serve. The
-- snapshot keeps the agent's calls (session id -> state) read once: a script changes them with
-- setAgentCall, which writes Redis and the snapshot's copy, so the refresh need not read them again.
-- Returns nil for an agent that does not exist.
local function snapshotAgent(agentKey, callsKey)
  local fields = redis.call("HMGET", agentKey, "status", "maxCalls", "presence", "wrapUpUntil", "statusChangedAt", "extension",
    "lastCallEndedAt", "callsHandled")
  local max = tonumber(fields[2])
  if not max then return nil end
  local calls = hashToTable(redis.call("HGETALL", callsKey))
  local held = 0
  for _ in pairs(calls) do held = held + 1 end
  return {
    status = fields[1],
    callCount = held,
    calls = calls,
    max = max,
    canTakeCall = held < max and fields[3] == "available" and (fields[4] or "") == "",
    presence = fields[3],
    wrapUpUntil = fields[4] or "",
    statusChangedAt = fields[5],
    extension = fields[6],
    lastCallEndedAt = fields[7] or "",
    callsHandled = tonumber(fields[8]) or 0,
  }
end

-- The agent was connected with the customer of a call that just ended (or moved to a queue) at
-- `now` (Unix ms): one more call handled, and the end of its last call. Recorded in the snapshot;
-- refreshAgentStatus, which must follow, writes them with the status in its one HSET. The
-- longest-idle and fewest-calls strategies order agents by them.
local function countHandledCall(before, now)
  before.callsHandled = before.callsHandled + 1
  before.lastCallEndedAt = now
  before.handled = true
end

-- Sets the state of the agent's call `sessionId` (nil removes it) in Redis and in the snapshot.
local function setAgentCall(callsKey, before, sessionId, state)
  if state then
    redis.call("HSET", callsKey, sessionId, state)
  else
    redis.call("HDEL", callsKey, sessionId)
  end
  before.calls[sessionId] = state
end

local function refreshAgentStatus(agentId, agentKey, callsKey, before, nowIso)
  local presence, max, statusChangedAt, wrapUpUntil
  if before.reread or before.presence == nil then
    local fields = redis.call("HMGET", agentKey, "presence", "maxCalls", "statusChangedAt", "wrapUpUntil")
    presence, max, statusChangedAt, wrapUpUntil = fields[1], tonumber(fields[2]), fields[3], fields[4] or ""
  else
    presence, max, statusChangedAt, wrapUpUntil = before.presence, before.max, before.statusChangedAt, before.wrapUpUntil
  end
  local wrapping = wrapUpUntil ~= ""
  -- A snapshot made by hand (a new agent) has no calls read.
  local calls = before.calls or hashToTable(redis.call("HGETALL", callsKey))
  local held, connected = 0, 0
  for _, state in pairs(calls) do
    held = held + 1
    if state == "connected" then connected = connected + 1 end
  end
  local status = deriveStatus(held, connected, presence, wrapping)
  local fields = { "lastUpdate", nowIso }
  if status ~= before.status then
    statusChangedAt = nowIso
    for _, v in ipairs({ "status", status, "previousStatus", before.status, "statusChangedAt", nowIso }) do fields[#fields + 1] = v end
  end
  if before.handled then
    for _, v in ipairs({ "callsHandled", before.callsHandled, "lastCallEndedAt", before.lastCallEndedAt }) do fields[#fields + 1] = v end
  end
  redis.call("HSET", agentKey, unpack(fields))
  local canTakeCall = held < max and presence == "available" and not wrapping
  return {
    agentId = agentId,
    status = status,
    previousStatus = before.status,
    callCount = held,
    calls = calls,
    changed = status ~= before.status or held ~= before.callCount or max ~= before.max
      or canTakeCall ~= before.canTakeCall,
    capacity = { current = held, max = max, canTakeCall = canTakeCall },
    statusChangedAt = statusChangedAt,
    lastUpdate = nowIso,
    wrapUpUntil = wrapUpUntil,
    lastCallEndedAt = before.lastCallEndedAt or "",
    callsHandled = before.callsHandled or 0,
  }
end
