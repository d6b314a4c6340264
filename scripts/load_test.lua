-- wrk script of scripts/load_test.sh: each connection sends the paths of the file named
-- by ANNALIST_LOAD_PATHS in turn (from a different start), and the summary prints the
-- latency percentiles and every kind of error as one `load:` line.
local paths = {}
for line in io.lines(os.getenv("ANNALIST_LOAD_PATHS")) do
  if line:sub(1, 1) == "/" then paths[#paths + 1] = line end
end
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("start", counter * 7)
end

local i = 0
function request()
  i = i + 1
  local path = paths[((start or 0) + i) % #paths + 1]
  return wrk.format("GET", path)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "load: requests=%d seconds=%.1f rps=%.0f p50_ms=%.1f p95_ms=%.1f p99_ms=%.1f max_ms=%.1f "
      .. "non2xx=%d connect=%d read=%d write=%d timeout=%d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1e3, latency:percentile(95) / 1e3, latency:percentile(99) / 1e3,
    latency.max / 1e3, e.status, e.connect, e.read, e.write, e.timeout))
end
