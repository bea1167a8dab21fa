-- wrk script for bench/serve-load.sh: a round robin over the API paths in
-- the file $LOAD_PATHS (one a line), each connection starting at its own
-- offset; reports p50/p95/p99/max and every kind of error, and writes
-- "errors N" to $LOAD_RESULT for the shell script to judge.
local paths = {}
local threads = {}

local function load_paths()
  local f = assert(io.open(os.getenv("LOAD_PATHS"), "r"))
  for line in f:lines() do
    if line ~= "" then paths[#paths + 1] = line end
  end
  f:close()
end

function setup(thread)
  thread:set("id", #threads)
  threads[#threads + 1] = thread
end

function init(args)
  load_paths()
  counter = (id or 0) * 7
  non2xx = 0
end

function request()
  counter = counter + 1
  return wrk.format("GET", paths[(counter % #paths) + 1], { ["Accept"] = "application/json" })
end

function response(status, headers, body)
  if status < 200 or status > 299 then
    non2xx = non2xx + 1
  end
end

function done(summary, latency, requests)
  local bad = 0
  for _, t in ipairs(threads) do
    bad = bad + (t:get("non2xx") or 0)
  end
  local e = summary.errors
  local errors = e.connect + e.read + e.write + e.timeout + bad
  local secs = summary.duration / 1e6
  io.write(string.format("requests    %d in %.1f s (%.0f/s)\n", summary.requests, secs, summary.requests / secs))
  io.write(string.format("latency ms  p50 %.1f  p95 %.1f  p99 %.1f  max %.1f\n",
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000))
  io.write(string.format("errors      %d (non-2xx %d, connect %d, read %d, write %d, timeout %d)\n",
    errors, bad, e.connect, e.read, e.write, e.timeout))
  local out = os.getenv("LOAD_RESULT")
  if out then
    local f = assert(io.open(out, "w"))
    f:write(string.format("errors %d\n", errors))
    f:close()
  end
end
