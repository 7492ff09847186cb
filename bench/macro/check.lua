-- POST /documents/check, one document a request, cycling through the bodies
-- in $ARIADNE_CHECKS (one JSON object a line).
package.path = debug.getinfo(1, "S").source:match("@(.*/)") .. "?.lua;" .. package.path
local common = require("common")
local bodies = {}
for line in io.lines(os.getenv("ARIADNE_CHECKS")) do table.insert(bodies, line) end
local i = 0
local headers = common.headers()

setup = common.setup
response = common.response
done = common.done

function init()
  i = math.random(#bodies)
end

function request()
  i = i % #bodies + 1
  return wrk.format("POST", nil, headers, bodies[i])
end
