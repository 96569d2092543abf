-- wrk script of make bench-http (scripts/bench-http.sh). WOC_BENCH_MODE picks the request:
--   start     POST /workflow/process/start/bench, a distinct business key and variable each
--   todo      GET /workflow/process/todoList (first page)
--   complete  POST /workflow/task/complete, each open task once: the task ids come from
--             WOC_BENCH_TASKS (one per line), split between the threads; a thread stops when
--             its share is done
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
local answered = 0
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
    -- Past the share (requests already in flight when the last one was answered), a
    -- repeated task id would be a 404 and count as an error; ask for the health instead.
    local task = tasks[sent]
    if task == nil then
      -- A share that is done (or empty) ends the thread even if no answer is pending.
      if answered >= #tasks then
        wrk.thread:stop()
      end
      return wrk.format("GET", "/healthz")
    end
    return wrk.format("POST", "/workflow/task/complete", app_headers,
      '{"taskId":"' .. task .. '","comment":"bench"}')
  end
end

-- Only the complete phase reads answers (wrk skips the work when response is not defined).
if mode == "complete" then
  function response(status, headers, body)
    -- Only completions count towards the share; the health answers are filler.
    if not string.find(body, '"status":"up"', 1, true) then
      answered = answered + 1
      if answered >= #tasks then
        wrk.thread:stop()
      end
    end
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
