-- wrk script: GET /api/scoreboard/me as a different seeded trainee on each request
-- (the bench build trusts the X-Bench-User header in place of an identity provider).
local i = 0
request = function()
  i = i + 1
  local user = string.format("t%05d", (i * 7919) % 10000)
  return wrk.format("GET", "/api/scoreboard/me", { ["X-Bench-User"] = user })
end
