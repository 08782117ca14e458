-- Turns a flat HGETALL reply {field, value, ...} into a table keyed by field.
local function hashToTable(flat)
  local result = {}
  for i = 1, #flat, 2 do
    result[flat[i]] = flat[i + 1]
  end
  return result
end
