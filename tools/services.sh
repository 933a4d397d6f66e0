#!/usr/bin/env bash
# Run a command with the services the test suites need, started on loopback if not already running.
#
#   tools/services.sh [postgres] [redis] [opensearch] -- COMMAND [ARGS...]
#
# Each named service is reused when something already answers on its port (and left alone
# afterwards), otherwise installed from Debian's packages when missing (PostgreSQL, Redis) and
# started in a throwaway folder. On exit, whatever happens to COMMAND, only the services started
# here are stopped and their folders removed. COMMAND runs with these set:
#   PGHOST PGPORT PGUSER    a superuser connection to PostgreSQL (psql, createdb work as they are)
#   REDIS_URL               redis://127.0.0.1:PORT/15
#   OPENSEARCH_URL          http://127.0.0.1:PORT
# Ports: ZHINAN_PG_PORT (5432), ZHINAN_REDIS_PORT (6379), ZHINAN_OPENSEARCH_PORT (9200).
#
# Why a throwaway PostgreSQL cluster rather than Debian's `main` cluster: it needs no system
# service manager (none runs on these machines), never touches a database someone else keeps, and
# can run without fsync (a test database is thrown away anyway), which makes the suite faster.
set -euo pipefail
cd "$(dirname "$0")/.."

want=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do want+=("$1"); shift; done
[ "${1:-}" = "--" ] && shift
[ $# -gt 0 ] || { echo "usage: tools/services.sh [postgres] [redis] [opensearch] -- COMMAND" >&2; exit 2; }

PG_PORT=${ZHINAN_PG_PORT:-5432}
REDIS_PORT=${ZHINAN_REDIS_PORT:-6379}
OS_PORT=${ZHINAN_OPENSEARCH_PORT:-9200}
state=$(mktemp -d "${TMPDIR:-/tmp}/zhinan-services.XXXXXX")
chmod 755 "$state"
started=()

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# apt-get install without letting the packages' scripts start their own daemons: Debian's
# postinst would start redis-server on 6379 under invoke-rc.d, a daemon nobody would stop.
apt_install() {
  echo "services: installing Debian packages: $*"
  local policy=/usr/sbin/policy-rc.d created=""
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' | as_root tee "$policy" >/dev/null; as_root chmod 755 "$policy"; created=1
  fi
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "$@" >/dev/null
  [ -z "$created" ] || as_root rm -f "$policy"
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

stop_started() {
  local rc=$?
  for s in "${started[@]}"; do
    case $s in
      postgres) echo "services: stopping PostgreSQL (port $PG_PORT)"
                run_pg "$PG_BIN/pg_ctl" -D "$state/pg" -m fast -w stop >/dev/null 2>&1 || true ;;
      redis)    echo "services: stopping Redis (port $REDIS_PORT)"
                kill "$(cat "$state/redis.pid" 2>/dev/null)" 2>/dev/null || true ;;
      opensearch) echo "services: stopping OpenSearch (port $OS_PORT)"
                OPENSEARCH_PORT=$OS_PORT bash engine/opensearch.sh stop >/dev/null 2>&1 || true ;;
    esac
  done
  rm -rf "$state"
  exit $rc
}
trap stop_started EXIT
trap 'exit 130' INT TERM

# PostgreSQL runs as the unprivileged `postgres` user when we are root (it refuses root).
run_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

start_postgres() {
  export PGHOST=127.0.0.1 PGPORT=$PG_PORT PGUSER=postgres
  if port_open "$PG_PORT"; then
    psql -d postgres -Atc "select 1" >/dev/null 2>&1 || {
      echo "services: something listens on 127.0.0.1:$PG_PORT but is not a PostgreSQL that accepts user postgres without a password; set ZHINAN_PG_PORT to a free port" >&2; exit 1; }
    echo "services: using the PostgreSQL already running on port $PG_PORT"; return
  fi
  PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  if [ -z "$PG_BIN" ] || [ ! -x "$PG_BIN/initdb" ]; then
    apt_install postgresql
    PG_BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  fi
  if [ "$(id -u)" = 0 ]; then chown postgres "$state"; fi
  run_pg "$PG_BIN/initdb" -D "$state/pg" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >"$state/initdb.log" 2>&1 \
    || { cat "$state/initdb.log" >&2; exit 1; }
  started+=(postgres)
  run_pg "$PG_BIN/pg_ctl" -D "$state/pg" -l "$state/pg/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $state -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=50" \
    start >/dev/null || { tail -20 "$state/pg/server.log" >&2; exit 1; }
  echo "services: started PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PG_PORT"
}

start_redis() {
  export REDIS_URL="redis://127.0.0.1:$REDIS_PORT/15"
  if port_open "$REDIS_PORT"; then
    echo "services: using the Redis already running on port $REDIS_PORT"; return
  fi
  command -v redis-server >/dev/null || apt_install redis-server
  redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --daemonize yes --pidfile "$state/redis.pid" \
    --dir "$state" --logfile "$state/redis.log" --save "" --appendonly no >/dev/null
  started+=(redis)
  for _ in $(seq 50); do port_open "$REDIS_PORT" && break; sleep 0.1; done
  port_open "$REDIS_PORT" || { cat "$state/redis.log" >&2; exit 1; }
  echo "services: started Redis $(redis-server --version | sed 's/.*v=\([^ ]*\).*/\1/') on 127.0.0.1:$REDIS_PORT"
}

start_opensearch() {
  export OPENSEARCH_URL="http://127.0.0.1:$OS_PORT"
  if port_open "$OS_PORT"; then
    echo "services: using the search engine already running on port $OS_PORT"; return
  fi
  started+=(opensearch)
  OPENSEARCH_PORT=$OS_PORT bash engine/opensearch.sh start
}

for s in "${want[@]}"; do
  case $s in
    postgres) start_postgres ;;
    redis) start_redis ;;
    opensearch) start_opensearch ;;
    *) echo "services: unknown service '$s' (postgres, redis, opensearch)" >&2; exit 2 ;;
  esac
done

"$@"
