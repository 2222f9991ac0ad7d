-- POST /predict with features (and the no-op floor, which gets the same body).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"user_id":"user1","features_for_prediction":[0.5,0.7,0.3]}'
