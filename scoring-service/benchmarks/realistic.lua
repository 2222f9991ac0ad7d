-- POST /predict with FEATURES (default 50) random values and a random user: bodies that vary.
-- 4 096 bodies are built once, then cycled, so wrk spends no time making them.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local features = tonumber(os.getenv("FEATURES") or "50")
math.randomseed(42)
local bodies = {}
for i = 1, 4096 do
  local values = {}
  for j = 1, features do
    values[j] = string.format("%.3f", math.random())
  end
  bodies[i] = '{"user_id":"user' .. math.random(1, 1000000) .. '","features_for_prediction":[' .. table.concat(values, ",") .. ']}'
end
local next = 0
request = function()
  next = next % #bodies + 1
  return wrk.format(nil, nil, nil, bodies[next])
end
