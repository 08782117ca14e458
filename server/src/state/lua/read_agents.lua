-- Reads agents and the calls they hold in one step, so each agent's hash and calls agree and a
-- listing of thousands of agents is one command instead of two per agent.
-- KEYS: agent hash, agent calls hash, for each agent in turn
-- Returns: for each agent, its hash then its calls hash, as flat field/value arrays
local out = {}
for i = 1, #KEYS, 2 do
  out[#out + 1] = redis.call("HGETALL", KEYS[i])
  out[#out + 1] = redis.call("HGETALL", KEYS[i + 1])
end
return out
