-- 100 entries of a child with 5,000 on Beside.
wrk.headers["Authorization"] = "Bearer " .. os.getenv("BENCH_TOKEN")
