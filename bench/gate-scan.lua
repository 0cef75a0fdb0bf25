-- wrk script for bench/gate.sh: each request is a fresh scan (new entryId) of one of the bench
-- cards at one of the bench sites, signed in by that site's gate token.
-- Reads bench/target/gate-cards.txt (one card number a line) and gate-sites.txt ("code token").
local cards, sites = {}, {}
local delay_ms = tonumber(os.getenv("SCAN_DELAY_MS") or "0")

function setup(thread)
    thread:set("id", math.random(1, 1000000))
end

function init(args)
    for line in io.lines("target/gate-cards.txt") do cards[#cards + 1] = line end
    for line in io.lines("target/gate-sites.txt") do
        local code, token = line:match("^(%S+) (%S+)$")
        sites[#sites + 1] = { code = code, token = token }
    end
    math.randomseed(os.time() + id)
end

local function uuid()
    return string.format("%08x-%04x-4%03x-8%03x-%012x", math.random(0, 0xffffffff), math.random(0, 0xffff),
        math.random(0, 0xfff), math.random(0, 0xfff), math.random(0, 0xffffffffffff))
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
