-- "log an episode now" on Beside: POST .../episodes/now with a peak distress.
wrk.method = "POST"
wrk.body = '{"peak_distress": 5}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("BENCH_TOKEN")
