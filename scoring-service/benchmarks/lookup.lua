-- POST /predict by user_id: a random user among the USERS loaded by http-bench.sh.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local users = tonumber(os.getenv("USERS") or "20000")
math.randomseed(42)
request = function()
  return wrk.format(nil, nil, nil, '{"user_id":"user' .. math.random(1, users) .. '"}')
end
