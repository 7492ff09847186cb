-- Shared by the wrk scripts: the bearer token from the environment, error
-- counting across threads, and a one-line JSON summary that macro.py reads.
local M = {}

function M.headers()
  return {["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. os.getenv("ARIADNE_TOKEN")}
end

local threads = {}
function M.setup(thread)
  table.insert(threads, thread)
end

function M.response(status)
  if status ~= 200 then errors_seen = (errors_seen or 0) + 1 end
end

function M.done(summary, latency)
  local bad = 0
  for _, t in ipairs(threads) do bad = bad + (t:get("errors_seen") or 0) end
  bad = bad + summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write +
        summary.errors.timeout
  io.write(string.format(
    'WRK_JSON {"requests":%d,"requests_per_s":%.1f,"p50_us":%d,"p99_us":%d,"max_us":%d,"errors":%d}\n',
    summary.requests, summary.requests / (summary.duration / 1e6), latency:percentile(50),
    latency:percentile(99), latency.max, bad))
end

return M
