-- wrk script of make bench-http (scripts/bench-http.sh). WOC_BENCH_MODE picks the request:
--   start     POST /workflow/process/start/bench, a distinct business key and variable each
--   todo      GET /workflow/process/todoList (first page)
--   complete  POST /workflow/task/complete, each open task at most once: the task ids come
--             from WOC_BENCH_TASKS (one per line), split between the threads; the phase is
--             shorter than the start phase, so the shares last (bench-http.sh checks)
-- done() prints one JSON line: requests, seconds, non-2xx answers, socket errors, latencies.
local mode = os.getenv("WOC_BENCH_MODE")
local app_headers = {
  ["Content-Type"] = "application/json",
  ["requestType"] = "app",
  ["appID"] = os.getenv("WOC_BENCH_APP_ID"),
  ["secretKey"] = os.getenv("WOC_BENCH_SECRET"),
  ["accessToken"] = os.getenv("WOC_BENCH_TOKEN"),
  ["Authorization"] = "Bearer " .. os.getenv("WOC_BENCH_TOKEN"),
}

local threads = {}
local next_index = 0

function setup(thread)
  thread:set("index", next_index)
  next_index = next_index + 1
  table.insert(threads, thread)
end

local tasks = {}
local sent = 0
local counter = 0

function init(args)
  counter = index * 100000000
  if mode == "complete" then
    local n = 0
    for line in io.lines(os.getenv("WOC_BENCH_TASKS")) do
      if n % tonumber(os.getenv("WOC_BENCH_THREADS")) == index then
        table.insert(tasks, line)
      end
      n = n + 1
    end
  end
end

function request()
  if mode == "start" then
    counter = counter + 1
    local body = '{"businessKey":"bench-' .. counter .. '","variables":{"n":' .. counter .. '}}'
    return wrk.format("POST", "/workflow/process/start/bench", app_headers, body)
  elseif mode == "todo" then
    return wrk.format("GET", "/workflow/process/todoList?pageNum=1&pageSize=10", app_headers)
  else
    sent = sent + 1
    -- Past the share a repeated task id would be a 404; ask for the health instead (the
    -- script then reports the phase as exhausted rather than trusting its rate).
    local task = tasks[sent]
    if task == nil then
      return wrk.format("GET", "/healthz")
    end
    return wrk.format("POST", "/workflow/task/complete", app_headers,
      '{"taskId":"' .. task .. '","comment":"bench"}')
  end
end

function done(summary, latency, requests)
  io.write(string.format(
    '{"mode":"%s","requests":%d,"seconds":%.3f,"requests_per_s":%.1f,"non_2xx":%d,' ..
    '"socket_errors":%d,"p50_ms":%.3f,"p99_ms":%.3f,"max_ms":%.3f}\n',
    mode, summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
