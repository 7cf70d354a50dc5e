-- wrk: a keyset page of a store's inventory (?after= the first page's nextCursor: no count). Env: BENCH_TOKEN,
-- BENCH_STORE, BENCH_AFTER.
wrk.method = "GET"
wrk.path = "/api/v1/stores/" .. os.getenv("BENCH_STORE") .. "/inventory?size=50&after=" .. os.getenv("BENCH_AFTER")
wrk.headers["Authorization"] = "Bearer " .. os.getenv("BENCH_TOKEN")

function done(summary, latency, requests)
  local bad = summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.timeout
  io.write(string.format("RESULT requests=%d errors=%d seconds=%.3f p50_ms=%.2f p99_ms=%.2f\n", summary.requests,
    bad, summary.duration / 1e6, latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
