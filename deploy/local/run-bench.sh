#!/usr/bin/env bash
# Benchmarks (bench/README.md) on the real stack: PostgreSQL and Kafka, started if not running,
# and only what this script started is stopped afterwards. Arguments go to `python -m bench`,
# e.g. `bash deploy/local/run-bench.sh --quick` or `... --only append,batch`.
set -euo pipefail
cd "$(dirname "$0")/../.."
# Development mode: tokens and sealed data use the public development secrets (eventkit.secrets).
export KOMPETEN_DEVELOPMENT="${KOMPETEN_DEVELOPMENT:-1}"
UV=.tools/bin/uv
[ -x "$UV" ] || UV=uv

started_file=$(mktemp)
started=""
cleanup() {
  rm -f "$started_file"
  [ -n "$started" ] && python3 deploy/local/stack.py down --only "$started" || true
}
trap cleanup EXIT
python3 deploy/local/stack.py up --only pg,kafka --started-file "$started_file"
started=$(cat "$started_file")

echo "== benchmarks (results also in bench/results/)"
"$UV" run --no-sync python -m bench "$@"
