-- wrk script: right flags for new (trainee, challenge) pairs only, so every answer stores a
-- solve: pair i is challenge $PREFIX-<i % $CHALLENGES> (flag B2C{bench}) for token
-- (i / $CHALLENGES) % #tokens (bearer tokens in $TOKENS, one a line). Consecutive requests go to
-- different challenges, as a room of trainees spreads over an exercise: walking one challenge at
-- a time instead would put every request of every instance on the same challenge's first-blood
-- lock while its first places are open. Each wrk thread takes every THREADS-th pair.
-- done() prints "SOLVES correct already_solved other requests seconds".
local tokens = {}
local challenges = tonumber(os.getenv("CHALLENGES"))
local prefix = os.getenv("PREFIX")
local threads = {}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  for line in io.lines(os.getenv("TOKENS")) do
    tokens[#tokens + 1] = line
  end
  k = 0
  nthreads = tonumber(os.getenv("THREADS") or "2")
  counts = { correct = 0, already_solved = 0, other = 0 }
end

function request()
  local i = k * nthreads + id
  k = k + 1
  local challenge = i % challenges
  return wrk.format("POST", string.format("/api/challenges/%s-%03d/submissions", prefix, challenge), {
    ["Content-Type"] = "application/json",
    ["Authorization"] = "Bearer " .. tokens[math.floor(i / challenges) % #tokens + 1],
  }, '{"flag":"B2C{bench}"}')
end

function response(status, headers, body)
  local s = status == 200 and body:match('"status":"([a-z_%-]+)"') or "other"
  if s ~= "correct" and s ~= "already_solved" then s = "other" end
  counts[s] = counts[s] + 1
end

function done(summary, latency, requests)
  local total = { correct = 0, already_solved = 0, other = 0 }
  for _, t in ipairs(threads) do
    local c = t:get("counts")
    for name, n in pairs(c) do total[name] = total[name] + n end
  end
  io.write(string.format("SOLVES %d %d %d %d %.1f\n", total.correct, total.already_solved,
    total.other, summary.requests, summary.duration / 1e6))
end
