-- POST /predict with features, for many users: the canary is chosen by user_id, so one fixed
-- user would put every request on the same version.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
math.randomseed(42)
request = function()
  return wrk.format(nil, nil, nil, '{"user_id":"user' .. math.random(1, 1000000)
    .. '","features_for_prediction":[0.5,0.7,0.3]}')
end
