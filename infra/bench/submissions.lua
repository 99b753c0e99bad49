-- wrk script: flag submissions from many trainees (the bench build trusts X-Bench-User).
--   MODE=solve : each request a right flag for a new (trainee, challenge) pair: stores solves
--   MODE=mix   : one request in five a right flag for a new pair (so a solve is really stored),
--                four wrong flags, spread over every trainee and challenge
-- Wrong flags: each trainee always gets them for one challenge of its own, wrong(t), which no
-- right flag ever solves, so a wrong flag is judged as wrong (a flag for a pair already solved is
-- answered already_solved whatever it says: before, wrong flags drawn from every pair hit pairs
-- the solve phase had solved and were answered already_solved). Right flags take pairs
-- PAIRS_FROM, PAIRS_FROM+1, ... (each once; pair i is trainee i % TRAINEES and the
-- (i / TRAINEES)-th of that trainee's challenges other than wrong(t), so there are
-- TRAINEES * (CHALLENGES - 1) pairs): submissions.sh gives each phase its own range of pairs
-- nobody has solved, so every right flag is a new solve unless the range runs out (PAIRS_TO),
-- after which right flags repeat the range (answered already_solved, and counted as such).
-- Every thread counts the answers it got by status; done() prints the totals as one line.
local trainees = tonumber(os.getenv("TRAINEES") or "10000")
local challenges = tonumber(os.getenv("CHALLENGES") or "40")
local mode = os.getenv("MODE") or "mix"
local pairs_from = tonumber(os.getenv("PAIRS_FROM") or "0")
local pairs_to = tonumber(os.getenv("PAIRS_TO") or tostring(trainees * (challenges - 1)))
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
  local function wrong(t) return (t * 7) % challenges end
  local function pair(n)
    local i = pairs_from + n % (pairs_to - pairs_from)
    local t = i % trainees
    local slot = math.floor(i / trainees) % (challenges - 1)
    if slot >= wrong(t) then slot = slot + 1 end
    return t, slot
  end
  if mode == "solve" then
    trainee, challenge = pair(p)
    flag = string.format("B2C{bench-%d}", challenge)
  elseif p % 5 == 0 then
    trainee, challenge = pair(math.floor(p / 5))
    flag = string.format("B2C{bench-%d}", challenge)
  else
    trainee = (p * 7919) % trainees
    challenge = wrong(trainee)
    flag = string.format("B2C{wrong-%d}", p)
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
