-- What the wrk scripts of gate scans share (gate-scan.lua, pass-scan.lua; loaded with dofile, so
-- wrk runs from the repository root): a different random sequence on each thread, and a fresh
-- entryId for every scan.

function setup(thread)
    thread:set("id", math.random(1, 1000000))
end

-- call from init(): the thread's own seed (id was set on the thread by setup)
function seed_thread()
    math.randomseed(os.time() + id)
end

function uuid()
    return string.format("%08x-%04x-4%03x-8%03x-%012x", math.random(0, 0xffffffff), math.random(0, 0xffff),
        math.random(0, 0xfff), math.random(0, 0xfff), math.random(0, 0xffffffffffff))
end
