-- wrk: each connection creates a one-line order, then confirms it (the response of a create queues its
-- confirmation). Env: BENCH_TOKEN, BENCH_STORE, BENCH_MED_MIN, BENCH_MED_COUNT (1 = every order on one medicine).
local token = os.getenv("BENCH_TOKEN")
local store = os.getenv("BENCH_STORE")
local lo = tonumber(os.getenv("BENCH_MED_MIN"))
local count = tonumber(os.getenv("BENCH_MED_COUNT"))
local headers = { ["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json" }
local threads = {}
local pending = {}
confirmed = 0
failed = 0

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  math.randomseed(os.time() + #threads * 7919)
end

function request()
  local id = table.remove(pending)
  if id then
    return wrk.format("POST", "/api/v1/stores/" .. store .. "/orders/" .. id .. "/confirm", headers, "")
  end
  local medicine = lo + math.random(0, count - 1)
  return wrk.format("POST", "/api/v1/stores/" .. store .. "/orders", headers,
    '{"items":[{"medicineId":' .. medicine .. ',"quantity":1}]}')
end

function response(status, hdrs, body)
  if status == 201 then
    local id = string.match(body, '"id":(%d+)')
    if id then table.insert(pending, id) end
  elseif status == 200 then
    confirmed = confirmed + 1
  else
    failed = failed + 1
  end
end

function done(summary, latency, requests)
  local c, f = 0, 0
  for _, t in ipairs(threads) do
    c = c + t:get("confirmed")
    f = f + t:get("failed")
  end
  io.write(string.format("RESULT confirmed=%d failed=%d requests=%d seconds=%.3f p50_ms=%.2f p99_ms=%.2f\n",
    c, f, summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
