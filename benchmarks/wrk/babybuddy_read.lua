-- 100 sleep entries of a child with 5,000 on Baby Buddy.
wrk.headers["Authorization"] = "Token " .. os.getenv("BENCH_TOKEN")
