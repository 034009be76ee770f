#!/usr/bin/env bash
# Runs `scout bench crawl` with Scrapy beside it: installs Scrapy into a virtualenv (once),
# builds the release binary and passes every argument on, e.g.
#   bash benches/crawl/run.sh --creators 20000
#   bash benches/crawl/run.sh --creators 2000 --json
# SCOUT_BENCH_VENV overrides where the virtualenv lives (default ~/.cache/scout/bench-venv).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
venv="${SCOUT_BENCH_VENV:-$HOME/.cache/scout/bench-venv}"

if [ ! -x "$venv/bin/scrapy" ]; then
    if ! python3 -m venv "$venv"; then
        echo "run.sh: python3 -m venv failed; install the venv module (apt-get install python3-venv) or set SCOUT_SCRAPY to an existing scrapy" >&2
        exit 1
    fi
    "$venv/bin/pip" install --quiet 'scrapy>=2.11,<3'
fi

cd "$root"
cargo build --release --bin scout
SCOUT_SCRAPY="$venv/bin/scrapy" exec "${CARGO_TARGET_DIR:-$root/target}/release/scout" bench crawl "$@"
