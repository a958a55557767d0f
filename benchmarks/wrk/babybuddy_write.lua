-- POST /api/sleep/ on Baby Buddy: 30-minute entries that never overlap (a child's entries
-- must not): each thread takes its own 40-minute slots, from a slot given per run
-- (BENCH_FROM, slots after 2020-01-02), all before the anchor's 5,000 entries of 2023.
local threads = {}
local counter = 0

function setup(thread)
  thread:set("tid", #threads)
  table.insert(threads, thread)
end

function init(args)
  nthreads = tonumber(os.getenv("BENCH_THREADS"))
  from = tonumber(os.getenv("BENCH_FROM"))
  child = os.getenv("BENCH_CHILD")
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["Authorization"] = "Token " .. os.getenv("BENCH_TOKEN")
end

local base = os.time({year = 2020, month = 1, day = 2, hour = 0, min = 0, sec = 0})

function request()
  local slot = from + counter * nthreads + tid
  counter = counter + 1
  local t = base + slot * 2400
  local start = os.date("!%Y-%m-%dT%H:%M:%SZ", t)
  local stop = os.date("!%Y-%m-%dT%H:%M:%SZ", t + 1800)
  local body = string.format('{"child": %s, "start": "%s", "end": "%s"}', child, start, stop)
  return wrk.format(nil, nil, nil, body)
end
