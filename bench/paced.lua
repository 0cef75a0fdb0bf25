-- A fixed request rate for wrk, spread over its connections at uneven, independent moments:
-- each connection waits a random (exponentially distributed) pause before each request, so the
-- whole behaves like many separate clients (gates, phones) arriving at RATE requests/s in all.
-- (hey -q paces every worker on its own ticker and the tickers run in step: "-c 20 -q 25" is 25
-- bursts of 20 requests a second, which measures queueing inside each burst, not the service.)
--
--   wrk -t2 -c25 -d15s --latency -s bench/paced.lua URL -- RATE CONNECTIONS [METHOD]
local mean_pause_ms

function init(args)
    local rate, connections = tonumber(args[1]), tonumber(args[2])
    -- a connection's cycle is its pause plus the answer and wrk's timer slack (about 3 ms together
    -- on the development machine; wrk prints the rate it reached)
    mean_pause_ms = connections * 1000 / rate - 3
    if args[3] then
        wrk.method = args[3]
    end
end

function delay()
    return math.floor(-math.log(1 - math.random()) * mean_pause_ms + 0.5)
end
