#!/usr/bin/env bash
# make bench-http: REST throughput of the release server on loopback with wrk (Debian package)
# at 64 connections: start (a distinct body per request), todoList, then complete (open tasks,
# each once), on a fresh SQLite database. Prints one JSON line per phase and a summary with
# REST lifecycles/s (start + complete) next to the in-process engine benchmark on SQLite
# (`workorder bench engine --store sqlite --model user-task`) measured in the same run.
#
#   WOC_BENCH_SECONDS   length of the start and todoList phases (default 20)
#   WOC_BENCH_CONNECTIONS  connections (default 64)
#   WOC_BENCH_BIN       server binary (default target/release/workorder)
set -euo pipefail
cd "$(dirname "$0")/.."

command -v wrk >/dev/null 2>&1 || {
  echo "error: wrk is missing (Debian: apt-get install wrk)" >&2
  exit 1
}
bin=${WOC_BENCH_BIN:-target/release/workorder}
[ -x "$bin" ] || { echo "error: $bin is missing (make build)" >&2; exit 1; }

seconds=${WOC_BENCH_SECONDS:-20}
connections=${WOC_BENCH_CONNECTIONS:-64}
threads=2
work=target/bench-http
mkdir -p "$work"
data=$(mktemp -d "${TMPDIR:-/tmp}/woc-bench-XXXXXX")
db="$data/bench.db"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$port"
password="Bench-Admin-2026"

echo "machine: $(nproc) cores, load average before: $(cut -d' ' -f1-3 /proc/loadavg)"

# The in-process rate first, on the idle machine the HTTP phases will also find.
engine=$("$bin" bench engine --store sqlite --model user-task --n 2000)
echo "$engine"

WOC_ADDR="127.0.0.1:$port" WOC_DATABASE_URL="sqlite://$db?mode=rwc" \
WOC_ADMIN_PASSWORD="$password" RUST_LOG=warn "$bin" >"$work/server.log" 2>&1 &
server=$!
cleanup() {
  kill "$server" 2>/dev/null || true
  wait "$server" 2>/dev/null || true
  rm -rf "$data"
}
trap cleanup EXIT
for _ in $(seq 1 150); do
  curl -fsS "$base/healthz" >/dev/null 2>&1 && break
  sleep 0.2
done

json() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }
token=$(curl -fsS -H 'Content-Type: application/json' \
  -d "{\"username\":\"admin\",\"password\":\"$password\"}" "$base/auth/login" | json '["data"]["accessToken"]')
app=$(curl -fsS -H 'Content-Type: application/json' -H "Authorization: Bearer $token" \
  -d '{"applicationName":"bench"}' "$base/system/app")
export WOC_BENCH_APP_ID WOC_BENCH_SECRET WOC_BENCH_TOKEN="$token" WOC_BENCH_THREADS=$threads
WOC_BENCH_APP_ID=$(echo "$app" | json '["data"]["appId"]')
WOC_BENCH_SECRET=$(echo "$app" | json '["data"]["applicationSecret"]')
# The engine benchmark's user-task model: start -> one user task (the starter's) -> end.
curl -fsS -o /dev/null -X POST "$base/workflow/definition/import?category=bench" \
  -H 'Content-Type: application/xml' -H 'requestType: app' -H "appID: $WOC_BENCH_APP_ID" \
  -H "secretKey: $WOC_BENCH_SECRET" -H "accessToken: $token" -H "Authorization: Bearer $token" \
  --data-binary @- <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"
             xmlns:flowable="http://flowable.org/bpmn" targetNamespace="bench">
  <process id="bench" name="bench" isExecutable="true">
    <startEvent id="start" flowable:initiator="initiator"/>
    <sequenceFlow id="f1" sourceRef="start" targetRef="task"/>
    <userTask id="task" name="task" flowable:assignee="${initiator}"/>
    <sequenceFlow id="f2" sourceRef="task" targetRef="end"/>
    <endEvent id="end"/>
  </process>
</definitions>
XML

phase() { # mode, duration -> the JSON line of scripts/bench-http.lua (wrk's report in the log)
  WOC_BENCH_MODE=$1 wrk -t"$threads" -c"$connections" -d"$2" --timeout 10s \
    -s scripts/bench-http.lua "$base" >"$work/wrk-$1.txt" 2>&1 || {
    echo "error: wrk ($1) failed:" >&2
    cat "$work/wrk-$1.txt" >&2
    return 1
  }
  tail -n 1 "$work/wrk-$1.txt"
}
open_tasks() {
  python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('SELECT count(*) FROM open_tasks').fetchone()[0])" "$db"
}

start=$(phase start "${seconds}s")
echo "$start"
todo=$(phase todo "${seconds}s")
echo "$todo"
python3 -c "import sqlite3,sys; [print(r[0]) for r in sqlite3.connect(sys.argv[1]).execute('SELECT task_id FROM open_tasks')]" \
  "$db" >"$work/tasks.txt"
export WOC_BENCH_TASKS=$work/tasks.txt
tasks=$(wc -l <"$work/tasks.txt")
if [ "$tasks" -eq 0 ]; then
  echo "error: the start phase opened no task (see $work/server.log)" >&2
  exit 1
fi
# Half the start phase: completing is not faster than starting, so no thread runs out of
# tasks and every request measured is a completion.
complete=$(phase complete "$(( (seconds + 1) / 2 ))s")
echo "$complete"
left=$(open_tasks)
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

python3 - "$engine" "$start" "$todo" "$complete" "$tasks" "$left" "$connections" <<'PY' | tee "$work/summary.json"
import json, sys
engine, start, todo, complete = (json.loads(a) for a in sys.argv[1:5])
tasks, left, connections = int(sys.argv[5]), int(sys.argv[6]), int(sys.argv[7])
completes_per_s = (tasks - left) / complete["seconds"]
if left == 0:
    sys.exit("the complete phase ran out of tasks: its rate would be wrong")
# One lifecycle is one start plus one complete; the two phases ran one after the other, so a
# lifecycle costs the time of both: 1 / (1/start + 1/complete).
lifecycles = 1 / (1 / start["requests_per_s"] + 1 / completes_per_s)
ratio = lifecycles / engine["lifecycles_per_s"]
print(json.dumps({
    "connections": connections,
    "start_per_s": round(start["requests_per_s"], 1),
    "complete_per_s": round(completes_per_s, 1),
    "todo_per_s": round(todo["requests_per_s"], 1),
    "rest_lifecycles_per_s": round(lifecycles, 1),
    "engine_sqlite_lifecycles_per_s": engine["lifecycles_per_s"],
    "ratio": round(ratio, 3),
    "target": 0.5,
    "non_2xx": start["non_2xx"] + todo["non_2xx"] + complete["non_2xx"],
    "tasks_left_open": left,
}))
bad = start["non_2xx"] + todo["non_2xx"] + complete["non_2xx"]
sys.exit(1 if bad else 0)
PY
