#!/usr/bin/env bash
# Quality gates, then every test tier on the real stack. Stops only what it started.
set -euo pipefail
cd "$(dirname "$0")/../.."
# Development mode: tokens and sealed data use the public development secrets (eventkit.secrets).
export KOMPETEN_DEVELOPMENT="${KOMPETEN_DEVELOPMENT:-1}"
UV=.tools/bin/uv
run() { "$UV" run --no-sync "$@"; }

echo "== quality gates"
run ruff check .
run ruff format --check .
run mypy -p kompeten_contracts -p eventkit -p servicekit -p registration -p assessment -p certificate -p surveillance
run lint-imports
echo "== web app: pinned npm dependencies, type check, build (web/build.sh)"
bash web/build.sh --check
[ "${1:-}" = "--lint-only" ] && exit 0

# The browser tests drive Debian's Chromium through the project's nginx: installed if missing.
python3 deploy/local/stack.py browser-tools

started_file=$(mktemp)
python3 deploy/local/stack.py up --only pg,kafka,smtp --started-file "$started_file"
started=$(cat "$started_file"); rm -f "$started_file"
cleanup() { [ -n "$started" ] && python3 deploy/local/stack.py down --only "$started" || true; }
trap cleanup EXIT

# The fault-injecting proxy the hall tests put between phones and assessment (built once).
python3 deploy/local/toxiproxy.py >/dev/null

echo "== tests: unit, application, contract, integration, end-to-end"
set +e
run pytest contracts/tests libs/eventkit/tests libs/servicekit/tests services tests "${@}"
status=$?
set -e
# pytest exits 5 when it collected no test at all: that is a failure here, not a pass.
exit $status
