-- wrk script for bench/gate.sh: scans at the bench sites, signed in by each site's gate token.
-- Reads target/gate-cards.txt (one card number a line), target/gate-passes.txt (one pass a line,
-- SCAN_BY=pass) and target/gate-sites.txt ("code token"). Environment:
--   GATE_SITES, GATE_CARDS  how many of the sites and cards (lines) the mix uses;
--   REPLAY_PERCENT          that share of requests re-sends one of this thread's earlier scans
--                           (same entryId and body: a gate retrying), the rest are fresh scans;
--   SCAN_DELAY_MS           pause before each request (to run at a set rate).
dofile("bench/scans.lua")
local values, sites, sent = {}, {}, {}
local delay_ms = tonumber(os.getenv("SCAN_DELAY_MS") or "0")
local replay = tonumber(os.getenv("REPLAY_PERCENT") or "0")
local field = os.getenv("SCAN_BY") == "pass" and "pass" or "cardNumber"

function init(args)
    local limit = tonumber(os.getenv("GATE_CARDS") or "1000000000")
    for line in io.lines(field == "pass" and "target/gate-passes.txt" or "target/gate-cards.txt") do
        if #values < limit then values[#values + 1] = line end
    end
    local site_limit = tonumber(os.getenv("GATE_SITES") or "1000000000")
    for line in io.lines("target/gate-sites.txt") do
        local code, token = line:match("^(%S+) (%S+)$")
        if #sites < site_limit then sites[#sites + 1] = { code = code, token = token } end
    end
    seed_thread()
end

function request()
    if #sent > 0 and math.random(100) <= replay then
        return sent[math.random(#sent)]
    end
    local site = sites[math.random(#sites)]
    local body = '{"entryId":"' .. uuid() .. '","' .. field .. '":"' .. values[math.random(#values)] .. '"}'
    local scan = wrk.format("POST", "/api/v1/sites/" .. site.code .. "/entries",
        { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. site.token }, body)
    if replay > 0 then
        sent[(#sent < 1000) and (#sent + 1) or math.random(1000)] = scan
    end
    return scan
end

function delay()
    return delay_ms
end
