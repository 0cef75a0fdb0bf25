-- wrk script for bench/sessions.sh: each request books a seat that no earlier request took: at site
-- k % sites on day 1 + (k / sites) % 7 from today for card k / (sites * 7), for k counting up
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
    local site = site_base + k % sites + 1
    local date = dates[math.floor(k / sites) % #dates + 1]
    local card = cards[math.floor(k / (sites * #dates)) % #cards + 1]
    k = k + 2
    local body = '{"site":"bench-' .. site .. '","date":"' .. date .. '","session":"all"}'
    return wrk.format("POST", "/api/v1/cards/" .. card.id .. "/reservations",
        { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. card.token }, body)
end
