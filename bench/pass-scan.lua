-- wrk script for bench/pass-scan.sh: each request is a fresh scan (new entryId) at the bench site,
-- by pass (SCAN_BY=pass, from target/pass-scan-passes.txt) or by card number (target/pass-scan-numbers.txt).
dofile("bench/scans.lua")
local values = {}
local field = os.getenv("SCAN_BY") == "pass" and "pass" or "cardNumber"
local site, token

function init(args)
    local file = field == "pass" and "target/pass-scan-passes.txt" or "target/pass-scan-numbers.txt"
    for line in io.lines(file) do values[#values + 1] = line end
    for line in io.lines("target/pass-scan-site.txt") do
        site, token = line:match("^(%S+) (%S+)$")
    end
    seed_thread()
end

function request()
    local body = '{"entryId":"' .. uuid() .. '","' .. field .. '":"' .. values[math.random(#values)] .. '"}'
    return wrk.format("POST", "/api/v1/sites/" .. site .. "/entries",
        { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token }, body)
end
