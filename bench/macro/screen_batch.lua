-- POST /screen/batch with the queries in $ARIADNE_SCREEN_BATCH (one body).
package.path = debug.getinfo(1, "S").source:match("@(.*/)") .. "?.lua;" .. package.path
local common = require("common")
local f = assert(io.open(os.getenv("ARIADNE_SCREEN_BATCH"), "rb"))
local body = f:read("*a")
f:close()
wrk.method = "POST"
wrk.body = body
wrk.headers = common.headers()

setup = common.setup
response = common.response
done = common.done
