--@include reply
-- A session is one JSON object kept as a string: a script reads it with one GET and writes it with
-- one SET, and a reply embeds the stored text as it is. A hash of ~30 fields costs Lua far more (an
-- argument per field for HSET and HGETALL, a table conversion and a JSON encoding per reply).
-- Values are strings ("" for absent), as the TypeScript side parses them.
local function loadSession(key)
  local raw = redis.call("GET", key)
  if not raw then return nil, nil end
  return cjson.decode(raw), raw
end

-- Writes the session, keeping the key's expiry, and returns the stored JSON text.
local function saveSession(key, session)
  local raw = cjson.encode(session)
  redis.call("SET", key, raw, "KEEPTTL")
  return raw
end

-- A success reply whose `session` is the stored JSON text `raw`, spliced in without decoding it.
local function okWithSession(result, raw)
  result.ok = true
  return '{"session":' .. raw .. ',' .. string.sub(cjson.encode(result), 2)
end
