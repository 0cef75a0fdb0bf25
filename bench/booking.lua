-- wrk script for bench/sessions.sh: each request books a seat that no earlier request took: card
-- k % cards at site (k / cards) % sites on day 1 + k / (cards * sites) from today, for k counting up
-- from 0 on each thread (threads take alternate k); sites are numbered from SITE_BASE + 1, so that
-- each run books at sites of its own. Reads target/booking-cards.txt ("id token") and booking-dates.txt.
local cards, dates = {}, {}
local sites = tonumber(os.getenv("SITES") or "8")
local site_base = tonumber(os.getenv("SITE_BASE") or "0")
local threads, k = 0, 0

function setup(thread)
    thread:set("index", threads)
    threads = threads + 1
end

function init(args)
    for line in io.lines("target/booking-cards.txt") do
        local id, token = line:match("^(%S+) (%S+)$")
        cards[#cards + 1] = { id = id, token = token }
    end
    for line in io.lines("target/booking-dates.txt") do dates[#dates + 1] = line end
    k = index
end

function request()
    local card = cards[(k % #cards) + 1]
    local site = site_base + math.floor(k / #cards) % sites + 1
    local date = dates[math.floor(k / (#cards * sites)) % #dates + 1]
    k = k + 2
    local body = '{"site":"bench-' .. site .. '","date":"' .. date .. '","session":"all"}'
    return wrk.format("POST", "/api/v1/cards/" .. card.id .. "/reservations",
        { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. card.token }, body)
end
