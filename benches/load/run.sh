#!/usr/bin/env bash
# Load test of `GET /v1/search` on the demo data with wrk (issue 6's load figures): installs
# wrk from Debian's packages when missing, builds the release binary, runs `scout demo` (the
# default 10,000-creator simulated web → crawl → index → train, auth off on loopback) into a
# data directory kept between runs and stops it once it serves, then starts `scout serve` on
# that data and drives search with wrk:
#   - 1,000 distinct searches from the simulated web's vocabulary (benches/load/queries.py),
#     rotated by benches/load/rotate.lua, at concurrency 16 and 64, with the answer cache on
#     (the server's default; every search asked once before, so the figures are the cache's
#     steady state) and off (`--search-cache 0`, every search computed);
#   - the server's resident memory (VmRSS, and VmHWM, its peak) after each run.
# Any non-2xx answer, socket error or request slower than 10 s fails the run.
#   bash benches/load/run.sh                  # 60 s per run
#   SCOUT_LOAD_SECONDS=20 bash benches/load/run.sh
# SCOUT_LOAD_DATA names the data directory (default target/load-data); SCOUT_BIN a scout
# already built (skips the build). CARGO_TARGET_DIR is honoured.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
seconds="${SCOUT_LOAD_SECONDS:-60}"
target="${CARGO_TARGET_DIR:-$root/target}"
data="${SCOUT_LOAD_DATA:-$target/load-data}"

if ! command -v wrk >/dev/null; then
    if [ "$(id -u)" -ne 0 ]; then
        echo "run.sh: wrk is not installed; run as root or apt-get install -y wrk" >&2
        exit 1
    fi
    apt-get update
    DEBIAN_FRONTEND=noninteractive apt-get install -y wrk
fi

scout="${SCOUT_BIN:-}"
if [ -z "$scout" ]; then
    (cd "$root" && cargo build --release --bin scout)
    scout="$target/release/scout"
fi

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

server_pid=""
stop_server() {
    if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
        kill -INT "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
    fi
    server_pid=""
}
trap stop_server EXIT

# Waits until the server at $1 answers /healthz (the demo crawls and trains first).
wait_healthy() {
    for _ in $(seq 1 1200); do
        if curl -fs "$1/healthz" >/dev/null 2>&1; then
            return 0
        fi
        if ! kill -0 "$server_pid" 2>/dev/null; then
            echo "run.sh: the server exited before answering" >&2
            return 1
        fi
        sleep 0.5
    done
    echo "run.sh: $1 never answered /healthz" >&2
    return 1
}

paths="$(mktemp /tmp/scout-load-paths.XXXXXX)"
python3 "$root/benches/load/queries.py" 1000 >"$paths"
export SCOUT_LOAD_PATHS="$paths"

# One wrk run: prints requests/s, p50/p99 and the server's memory; fails on errors.
load() {
    local label="$1" base="$2" connections="$3"
    local report
    report="$(wrk -t2 -c"$connections" -d"${seconds}s" --timeout 10s --latency -s "$root/benches/load/rotate.lua" "$base")"
    local rps p50 p99 rss hwm
    rps="$(awk '/^Requests\/sec:/ {print $2}' <<<"$report")"
    p50="$(awk '$1 == "50%" {print $2}' <<<"$report")"
    p99="$(awk '$1 == "99%" {print $2}' <<<"$report")"
    rss="$(awk '/^VmRSS:/ {printf "%.0f MB", $2 / 1024}' "/proc/$server_pid/status")"
    hwm="$(awk '/^VmHWM:/ {printf "%.0f MB", $2 / 1024}' "/proc/$server_pid/status")"
    printf '%-28s c=%-3s %10s req/s   p50 %-9s p99 %-9s RSS %s (peak %s)\n' \
        "$label" "$connections" "$rps" "$p50" "$p99" "$rss" "$hwm"
    if grep -qE "Non-2xx|Socket errors" <<<"$report"; then
        echo "$report" >&2
        echo "run.sh: errors under load ($label, c=$connections)" >&2
        return 1
    fi
}

mkdir -p "$data"
port="$(free_port)"
base="http://127.0.0.1:$port"
echo "demo data in $data (first run: crawl, index and train, a few minutes)"
"$scout" demo --data "$data" --addr "127.0.0.1:$port" >"$data/demo.log" 2>&1 &
server_pid=$!
wait_healthy "$base"
stop_server

# Starts `scout serve` on the data with extra flags and waits for it.
serve() {
    port="$(free_port)"
    base="http://127.0.0.1:$port"
    "$scout" serve --no-auth --data "$data" --addr "127.0.0.1:$port" "$@" >"$data/serve.log" 2>&1 &
    server_pid=$!
    wait_healthy "$base"
}

echo "load: GET /v1/search over $(wc -l <"$paths") distinct searches, ${seconds}s a run, 2 wrk threads, $(nproc) cores"
serve
# Every search once (4 at a time), so the cache holds them all.
xargs -P4 -I{} curl -fs -o /dev/null "$base{}" <"$paths"
load "answer cache on" "$base" 16
load "answer cache on" "$base" 64
curl -fs "$base/metrics" | grep -E '^scout_search_cache_(hits|misses)_total' | tr '\n' ' '
echo
stop_server

serve --search-cache 0
load "answer cache off" "$base" 16
load "answer cache off" "$base" 64
stop_server
rm -f "$paths"
