-- wrk -s bodies.lua with BODIES_FILE=path (one JSON request body a line): each request posts a
-- line drawn at random, so a run mixes many different queries (search words, say).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Accept"] = "application/json"
local bodies = {}
for line in io.lines(os.getenv("BODIES_FILE")) do bodies[#bodies + 1] = line end
math.randomseed(42)
request = function()
  return wrk.format(nil, nil, nil, bodies[math.random(1, #bodies)])
end
