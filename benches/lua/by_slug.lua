-- wrk -s by_slug.lua with SLUGS_FILE=path (one slug a line): Q2, one article by a random slug.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Accept"] = "application/json"
local slugs = {}
for line in io.lines(os.getenv("SLUGS_FILE")) do slugs[#slugs + 1] = line end
local q = 'query Q2($slug: String!) { article(slug: $slug) { id slug title body publishedAt } }'
math.randomseed(42)
request = function()
  local body = '{"query":"' .. q .. '","variables":{"slug":"' .. slugs[math.random(1, #slugs)] .. '"}}'
  return wrk.format(nil, nil, nil, body)
end
