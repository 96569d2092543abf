#!/usr/bin/env bash
# make api-fuzz: schemathesis (pinned, from PyPI, in a venv under target/) generates requests
# from /api-docs/openapi.json against a real server on a free port with a fresh SQLite
# database, and fails when any answer is a 5xx. It signs in as admin and registers an app
# first, so requests carry the contract's app headers and reach the handlers instead of
# stopping at the credential check.
#
#   WOC_FUZZ_BIN        server binary (default: target/release/workorder when it exists,
#                       else target/debug/workorder, which `make test` builds)
#   WOC_FUZZ_MAX_TIME   time budget of the two schemathesis passes in seconds (default 150)
#   WOC_FUZZ_EXAMPLES   test cases per operation and phase (default 40)
#   WOC_FUZZ_SEED       seed, to replay a run (default: random, printed by schemathesis)
#   WOC_FUZZ_DATABASE_URL  an empty database to use instead of a fresh SQLite file, e.g. a new
#                       PostgreSQL database (text there cannot hold U+0000, SQLite's can)
set -euo pipefail
cd "$(dirname "$0")/.."

SCHEMATHESIS_VERSION=4.32.5
work=target/api-fuzz
venv=$work/venv

if [ "$("$venv/bin/schemathesis" --version 2>/dev/null | awk '{print $NF}')" != "$SCHEMATHESIS_VERSION" ]; then
  echo "==> schemathesis $SCHEMATHESIS_VERSION into $venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION"
fi

bin=${WOC_FUZZ_BIN:-}
if [ -z "$bin" ]; then
  if [ -x target/release/workorder ]; then bin=target/release/workorder; else bin=target/debug/workorder; fi
fi
if [ ! -x "$bin" ]; then
  echo "==> building the server (debug, the build make test uses)"
  cargo test --workspace --features workorder/ssr --no-run
  bin=target/debug/workorder
fi

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$port"
password="Fuzz-Admin-$RANDOM-2026"
data=$(mktemp -d "${TMPDIR:-/tmp}/woc-fuzz-XXXXXX")
log=$work/server.log
mkdir -p "$work"

WOC_ADDR="127.0.0.1:$port" \
WOC_DATABASE_URL="${WOC_FUZZ_DATABASE_URL:-sqlite://$data/fuzz.db?mode=rwc}" \
WOC_ADMIN_PASSWORD="$password" \
RUST_LOG=warn \
  "$bin" >"$log" 2>&1 &
server=$!
cleanup() {
  kill "$server" 2>/dev/null || true
  wait "$server" 2>/dev/null || true
  rm -rf "$data"
}
trap cleanup EXIT

for _ in $(seq 1 150); do
  curl -fsS "$base/healthz" >/dev/null 2>&1 && break
  if ! kill -0 "$server" 2>/dev/null; then
    echo "error: the server exited; its log:" >&2
    cat "$log" >&2
    exit 1
  fi
  sleep 0.2
done

json() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }
token=$(curl -fsS -H 'Content-Type: application/json' \
  -d "{\"username\":\"admin\",\"password\":\"$password\"}" "$base/auth/login" | json '["data"]["accessToken"]')
app=$(curl -fsS -H 'Content-Type: application/json' -H "Authorization: Bearer $token" \
  -d '{"applicationName":"schemathesis"}' "$base/system/app")
app_id=$(echo "$app" | json '["data"]["appId"]')
secret=$(echo "$app" | json '["data"]["applicationSecret"]')

headers=(-H "requestType: app" -H "appID: $app_id" -H "secretKey: $secret"
         -H "accessToken: $token" -H "Authorization: Bearer $token")
# A deployed process, so start and the definition operations reach the engine instead of
# answering 404 for every generated id (the ids are pinned below; the bodies stay generated).
definition=$(curl -fsS -X POST "$base/workflow/definition/import?category=fuzz" "${headers[@]}" \
  -H 'Content-Type: application/xml' --data-binary @- <<'XML' | json '["data"][0]["definitionId"]'
<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"
             xmlns:flowable="http://flowable.org/bpmn" targetNamespace="fuzz">
  <process id="fuzz" name="fuzz" isExecutable="true">
    <startEvent id="start" flowable:initiator="initiator"/>
    <sequenceFlow id="f1" sourceRef="start" targetRef="draft"/>
    <userTask id="draft" name="draft" flowable:assignee="${initiator}"/>
    <sequenceFlow id="f2" sourceRef="draft" targetRef="review"/>
    <userTask id="review" name="review" flowable:candidateGroups="reviewers"/>
    <sequenceFlow id="f3" sourceRef="review" targetRef="end"/>
    <endEvent id="end"/>
  </process>
</definitions>
XML
)
cat >"$work/schemathesis.toml" <<TOML
[parameters]
"path.processId" = "fuzz"
"path.definitionId" = "$definition"
TOML

# Two passes. The admin API can delete or change the very app and user every request of the
# public API authenticates with (schemathesis follows ids from list answers into PUT/DELETE),
# which would turn the rest of the run into 403s; so the public API goes first and the admin
# API (bearer token only) second. Excluded: POST /auth/logout would revoke the token, and
# POST /auth/login with generated passwords only trips the login throttle (429); both are
# covered by tests/api_auth.rs.
public='^/(workflow|synthesis|WorkOrder|healthz|metrics)'
budget=${WOC_FUZZ_MAX_TIME:-150}
status=0
# One worker: with two, hypothesis parses lambda sources with ast.parse in two threads at once,
# which CPython 3.11 answers with "AST constructor recursion depth mismatch" (a runtime error
# of the tool, not of the server).
fuzz() {
  echo "==> schemathesis against $base, $1 (server: $bin, log: $log)"
  "$venv/bin/schemathesis" --config-file "$work/schemathesis.toml" run "$base/api-docs/openapi.json" \
    --checks not_a_server_error \
    "${headers[@]}" \
    --generation-with-security-parameters false \
    --exclude-path /auth/logout \
    --exclude-path /auth/login \
    --max-examples "${WOC_FUZZ_EXAMPLES:-40}" \
    --max-time $((budget / 2)) \
    --request-timeout 10 \
    --generation-database "$work/examples" \
    --workers 1 \
    ${WOC_FUZZ_SEED:+--seed "$WOC_FUZZ_SEED"} \
    --no-color \
    --report junit --report-dir "$work/report" \
    "${@:2}" || status=$?
}
fuzz "public API" --include-path-regex "$public"
fuzz "admin API" --exclude-path-regex "$public"

# A 5xx the checks missed (a streamed error, a panic caught by the runtime) still leaves an
# ERROR line in the server's log.
if grep -q " ERROR " "$log"; then
  echo "error: the server logged errors during the run:" >&2
  grep " ERROR " "$log" | head -20 >&2
  status=1
fi
exit "$status"
