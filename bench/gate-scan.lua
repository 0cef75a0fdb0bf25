-- wrk script for bench/gate.sh: each request is a fresh scan (new entryId) of one of the bench
-- cards at one of the bench sites, signed in by that site's gate token.
-- Reads bench/target/gate-cards.txt (one card number a line) and gate-sites.txt ("code token").
dofile("bench/scans.lua")
local cards, sites = {}, {}
local delay_ms = tonumber(os.getenv("SCAN_DELAY_MS") or "0")

function init(args)
    for line in io.lines("target/gate-cards.txt") do cards[#cards + 1] = line end
    for line in io.lines("target/gate-sites.txt") do
        local code, token = line:match("^(%S+) (%S+)$")
        sites[#sites + 1] = { code = code, token = token }
    end
    seed_thread()
end

function request()
    local site = sites[math.random(#sites)]
    local body = '{"entryId":"' .. uuid() .. '","cardNumber":"' .. cards[math.random(#cards)] .. '"}'
    return wrk.format("POST", "/api/v1/sites/" .. site.code .. "/entries",
        { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. site.token }, body)
end

function delay()
    return delay_ms
end
