-- wrk script: wrong-flag submissions, rotating over the bearer tokens in $TOKENS (one a line),
-- so that no single trainee's rate bucket or row is the bottleneck.
local tokens = {}
local n = 0

init = function(args)
  for line in io.lines(os.getenv("TOKENS")) do
    tokens[#tokens + 1] = line
  end
  n = math.random(#tokens)
end

request = function()
  n = n % #tokens + 1
  return wrk.format("POST", "/api/challenges/bench-flag/submissions", {
    ["Content-Type"] = "application/json",
    ["Authorization"] = "Bearer " .. tokens[n],
  }, '{"flag":"B2C{guess-' .. n .. '}"}')
end

done = function(summary, latency, requests)
  local non2xx = summary.errors.status
  io.write(string.format("RESULT %.1f %.1f %.1f %d %d\n", summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, summary.requests, non2xx))
end
