-- wrk script: flag submissions from many trainees (the bench build trusts X-Bench-User).
--   MODE=solve : each request a right flag for a new (trainee, challenge) pair: seeds solves
--   MODE=mix   : three wrong flags for every right one, spread over every trainee and challenge
-- Every thread counts the answers it got by status; done() prints the totals as one line.
local trainees = tonumber(os.getenv("TRAINEES") or "10000")
local challenges = tonumber(os.getenv("CHALLENGES") or "40")
local mode = os.getenv("MODE") or "mix"
local threads = {}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  k = 0
  counts = { correct = 0, wrong = 0, already_solved = 0, limited = 0, busy = 0, other = 0 }
  nthreads = tonumber(os.getenv("THREADS") or "2")
end

function request()
  local p = k * nthreads + id
  k = k + 1
  local trainee, challenge, flag
  if mode == "solve" then
    trainee = p % trainees
    challenge = math.floor(p / trainees) % challenges
    flag = string.format("B2C{bench-%d}", challenge)
  else
    trainee = (p * 7919) % trainees
    challenge = (p * 104729) % challenges
    if p % 4 == 0 then
      flag = string.format("B2C{bench-%d}", challenge)
    else
      flag = string.format("B2C{wrong-%d}", p)
    end
  end
  return wrk.format("POST", string.format("/api/challenges/bench-%02d/submissions", challenge),
    { ["X-Bench-User"] = string.format("t%05d", trainee), ["Content-Type"] = "application/json" },
    string.format('{"flag":"%s"}', flag))
end

function response(status, headers, body)
  if status == 200 then
    local s = body:match('"status":"([a-z_%-]+)"') or "other"
    counts[s] = (counts[s] or 0) + 1
  elseif status == 429 then
    counts.limited = counts.limited + 1
  elseif status == 503 then
    counts.busy = counts.busy + 1
  else
    counts.other = counts.other + 1
  end
end

function done(summary, latency, requests)
  local total = {}
  for _, t in ipairs(threads) do
    local c = t:get("counts")
    for name, n in pairs(c) do total[name] = (total[name] or 0) + n end
  end
  io.write(string.format("ANSWERS correct=%d wrong=%d already_solved=%d limited=%d busy=%d other=%d\n",
    total.correct or 0, total.wrong or 0, total.already_solved or 0, total.limited or 0,
    total.busy or 0, total.other or 0))
end
