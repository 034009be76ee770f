#!/usr/bin/env bash
# Runs `scout bench search` with PostgreSQL beside it: installs PostgreSQL from Debian's
# packages when missing (apt-get install -y postgresql), starts a throw-away cluster (initdb in
# a temporary directory, pg_ctl on a free loopback port, as the `postgres` user when run as
# root), builds the release binary with the `bench-postgres` feature and passes every argument
# on, e.g.
#   bash benches/search/run.sh --creators 100000
#   bash benches/search/run.sh --creators 20000 --json
# The cluster and its directory are removed on exit. CARGO_TARGET_DIR is honoured; SCOUT_BIN
# names a scout already built with the feature and skips the build.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

find_bindir() {
    local dir
    for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
        if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then
            echo "$dir"
            return 0
        fi
    done
    return 1
}

if ! bindir="$(find_bindir)"; then
    if [ "$(id -u)" -ne 0 ]; then
        echo "run.sh: PostgreSQL is not installed; run as root or apt-get install -y postgresql" >&2
        exit 1
    fi
    apt-get update
    DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql
    bindir="$(find_bindir)" || { echo "run.sh: no initdb after installing postgresql" >&2; exit 1; }
fi

# initdb refuses to run as root: the cluster belongs to the `postgres` user then.
as_owner=()
owner="$(id -un)"
if [ "$(id -u)" -eq 0 ]; then
    owner=postgres
    id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
    as_owner=(runuser -u postgres --)
fi

cluster="$(mktemp -d /tmp/scout-bench-pg.XXXXXX)"
chown "$owner" "$cluster"
port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"

stop_cluster() {
    if [ -f "$cluster/data/postmaster.pid" ]; then
        "${as_owner[@]}" "$bindir/pg_ctl" -D "$cluster/data" -m immediate stop >/dev/null 2>&1 || true
    fi
    rm -rf "$cluster"
}
trap stop_cluster EXIT

"${as_owner[@]}" "$bindir/initdb" -D "$cluster/data" -U scout --auth=trust -E UTF8 --locale=C >/dev/null
# A throw-away cluster on one machine shared with Scout: durability off for the load (Scout's
# index build is not synced either until its commits), JIT off (it only slows short queries),
# memory as a small dedicated server would have it.
"${as_owner[@]}" "$bindir/pg_ctl" -D "$cluster/data" -l "$cluster/server.log" -w \
    -o "-p $port -k $cluster -c listen_addresses=127.0.0.1 -c shared_buffers=512MB \
        -c work_mem=32MB -c maintenance_work_mem=512MB -c effective_cache_size=4GB \
        -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c jit=off \
        -c max_wal_size=4GB" \
    start >/dev/null
"$bindir/createdb" -h 127.0.0.1 -p "$port" -U scout scout_bench

cd "$root"
scout="${SCOUT_BIN:-}"
if [ -z "$scout" ]; then
    cargo build --release --features bench-postgres --bin scout
    scout="${CARGO_TARGET_DIR:-$root/target}/release/scout"
fi
"$scout" bench search \
    --postgres "host=127.0.0.1 port=$port user=scout dbname=scout_bench" "$@"
