#!/usr/bin/env bash
# The whole test suite, three times: `make test` runs this inside tools/services.sh.
#
#   1. SQLite (the embedded default), every test including the browser tests;
#   2. PostgreSQL with the cache on Redis (production's database and cache), all but the browser tests;
#   3. the search engine (OpenSearch), the search tests and the leak matrix, when OPENSEARCH_URL is set.
#
# A run that cannot reach its service fails; none is skipped. SUITES=sqlite,postgres picks runs.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
suites=",${SUITES:-sqlite,postgres,opensearch},"
failed=()

run() {  # run NAME CMD...: run a suite, remember whether it failed, go on with the next
  local name=$1; shift
  echo; echo "== $name"
  local t0=$SECONDS
  if "$@"; then echo "== $name: passed in $((SECONDS - t0)) s"
  else echo "== $name: FAILED after $((SECONDS - t0)) s"; failed+=("$name"); fi
}

if [[ $suites == *,sqlite,* ]]; then
  run "SQLite suite" env -u REDIS_URL -u OPENSEARCH_URL -u ELASTICSEARCH_URL -u DATABASE_URL $PY -m pytest
fi

if [[ $suites == *,postgres,* ]]; then
  : "${PGHOST:?PGHOST is not set: run this through tools/services.sh postgres redis -- ...}"
  : "${REDIS_URL:?REDIS_URL is not set: run this through tools/services.sh postgres redis -- ...}"
  db="zhinan_test_$$"
  trap 'psql -d postgres -qc "drop database if exists test_$db" >/dev/null 2>&1 || true' EXIT
  run "PostgreSQL + Redis suite (database test_$db, cache $REDIS_URL)" \
    env -u OPENSEARCH_URL -u ELASTICSEARCH_URL \
    DATABASE_URL="postgres://$PGUSER@$PGHOST:$PGPORT/$db" CACHE_KEY_PREFIX="zhinan_test_$$" \
    $PY -m pytest -m "not browser" --create-db -p no:cacheprovider
fi

if [[ $suites == *,opensearch,* ]]; then
  : "${OPENSEARCH_URL:?OPENSEARCH_URL is not set: run this through tools/services.sh opensearch -- ...}"
  run "OpenSearch suite ($OPENSEARCH_URL)" \
    env -u REDIS_URL -u ELASTICSEARCH_URL -u DATABASE_URL \
    $PY -m pytest -m "not browser" -p no:cacheprovider tests/search tests/test_leak_matrix.py
fi

echo
if [ ${#failed[@]} -gt 0 ]; then
  printf 'FAILED: %s\n' "${failed[@]}"; exit 1
fi
echo "All suites passed."
