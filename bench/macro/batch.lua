-- POST /documents/check/batch with the passenger list in $ARIADNE_BATCH.
package.path = debug.getinfo(1, "S").source:match("@(.*/)") .. "?.lua;" .. package.path
local common = require("common")
local f = assert(io.open(os.getenv("ARIADNE_BATCH"), "rb"))
local body = f:read("*a")
f:close()
wrk.method = "POST"
wrk.body = body
wrk.headers = common.headers()

setup = common.setup
response = common.response
done = common.done
