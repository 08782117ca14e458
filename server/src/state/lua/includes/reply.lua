-- Replies are JSON objects: {ok = true, ...} for a transition done (or found already done),
-- {ok = false, code, message} for a refusal that changed nothing.
local function ok(result)
  result.ok = true
  return cjson.encode(result)
end

local function refuse(code, message)
  return cjson.encode({ ok = false, code = code, message = message })
end

-- The caller built some KEYS from fields it read before the script ran (agent id, channel ids),
-- and those fields changed since: nothing was written, the caller reads again and retries.
local function staleKeys()
  return cjson.encode({ ok = false, code = "STALE_KEYS", message = "keys were built from fields that changed" })
end
