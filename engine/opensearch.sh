#!/usr/bin/env bash
# Start, stop or ask about Zhinan's test OpenSearch node (see engine/README.md).
#
#   engine/opensearch.sh start    build if needed, start on 127.0.0.1:$OPENSEARCH_PORT, wait for yellow
#   engine/opensearch.sh stop     stop the node this script started, remove its throwaway folder
#   engine/opensearch.sh status   say what answers on the port (exit 0 running, 3 not running)
#
# The node's data and log live in a mktemp folder; `stop` removes it. Something else already
# answering on the port is reused by `start` but never claimed, so `stop` leaves it alone.
# Settings (environment): OPENSEARCH_PORT (9200), OPENSEARCH_START_TIMEOUT (120 s),
# OPENSEARCH_JAVA_OPTS (-Xms512m -Xmx1g).
set -euo pipefail

ENGINE_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PORT="${OPENSEARCH_PORT:-9200}"
URL="http://127.0.0.1:$PORT"
TIMEOUT="${OPENSEARCH_START_TIMEOUT:-120}"
JAVA_OPTS="${OPENSEARCH_JAVA_OPTS:--Xms512m -Xmx1g}"
JAR="$ENGINE_DIR/target/zhinan-engine.jar"
RUN_DIR="$ENGINE_DIR/.run"
PID_FILE="$RUN_DIR/opensearch-$PORT.pid"
HOME_FILE="$RUN_DIR/opensearch-$PORT.home"

say() { echo "opensearch.sh: $*"; }

answers() { curl -s -o /dev/null --max-time 2 "$URL/"; }

# The pid of the node this script started on $PORT, if that process is still that node.
own_pid() {
  [ -f "$PID_FILE" ] && [ -f "$HOME_FILE" ] || return 1
  local pid home
  pid="$(cat "$PID_FILE")"; home="$(cat "$HOME_FILE")"
  [ -r "/proc/$pid/cmdline" ] || return 1
  # A recycled pid is not ours: the command line must name our jar and our throwaway home.
  tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "zhinan-engine.jar --home $home " || return 1
  echo "$pid"
}

# Removes the throwaway home (only a folder this script made) and the state files.
forget() {
  local home
  home="$(cat "$HOME_FILE" 2>/dev/null || true)"
  case "$home" in
    */zhinan-opensearch.*) rm -rf -- "$home" ;;
  esac
  rm -f "$PID_FILE" "$HOME_FILE"
}

# Java 17 and Maven come with the machine; install them from Debian only where they are missing.
ensure_toolchain() {
  command -v java >/dev/null && command -v mvn >/dev/null && return 0
  say "installing Java 17 and Maven (Debian packages)"
  local sudo=""; [ "$(id -u)" = 0 ] || sudo=sudo
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq openjdk-17-jdk-headless maven >/dev/null
}

build_if_needed() {
  if [ -f "$JAR" ] && [ -d "$ENGINE_DIR/target/lib" ] \
     && [ -z "$(find "$ENGINE_DIR/pom.xml" "$ENGINE_DIR/src" -newer "$JAR" -print -quit)" ]; then
    return 0
  fi
  say "building the node (mvn package; the first build downloads its jars from Maven Central)"
  local log="$ENGINE_DIR/target/build.log"
  mkdir -p "$ENGINE_DIR/target"
  if ! (cd "$ENGINE_DIR" && mvn -B package >"$log" 2>&1); then
    grep -E 'ERROR|FAIL' "$log" | head -n 40 >&2
    say "the build failed (whole log: $log)"
    return 1
  fi
}

start() {
  local pid
  if pid="$(own_pid)"; then
    say "already running (pid $pid, home $(cat "$HOME_FILE")) at $URL"
    return 0
  fi
  [ -f "$PID_FILE" ] && { say "removing the state of a node that is gone"; forget; }
  if answers; then
    say "something already answers at $URL; reusing it (not started here, so 'stop' leaves it alone)"
    curl -s --max-time 5 "$URL/" | grep -E '"(number|distribution)"' || true
    return 0
  fi

  ensure_toolchain
  build_if_needed
  mkdir -p "$RUN_DIR"
  local home started
  home="$(mktemp -d -t zhinan-opensearch.XXXXXX)"
  started="$(date +%s)"
  # The node runs from its own copy of the jars, so a rebuild cannot change them under it.
  mkdir -p "$home/app" "$home/tmp"
  cp -r "$JAR" "$ENGINE_DIR/target/lib" "$home/app/"
  # shellcheck disable=SC2086  # JAVA_OPTS is a list of options
  nohup java $JAVA_OPTS -Dlog4j2.disable.jmx=true -Djava.io.tmpdir="$home/tmp" \
    -jar "$home/app/zhinan-engine.jar" --home "$home" --port "$PORT" >"$home/node.log" 2>&1 </dev/null &
  pid=$!
  echo "$pid" >"$PID_FILE"
  echo "$home" >"$HOME_FILE"
  say "started pid $pid (home $home), waiting up to ${TIMEOUT} s for yellow at $URL"

  while :; do
    if curl -sf --max-time 5 "$URL/_cluster/health?wait_for_status=yellow&timeout=1s" >/dev/null; then
      say "ready after $(( $(date +%s) - started )) s: export OPENSEARCH_URL=$URL"
      return 0
    fi
    if ! kill -0 "$pid" 2>/dev/null; then
      say "the node exited before it was ready; its log ends:"
      tail -n 40 "$home/node.log" >&2 || true
      forget
      return 1
    fi
    if [ $(( $(date +%s) - started )) -ge "$TIMEOUT" ]; then
      say "not yellow after ${TIMEOUT} s; its log ends:"
      tail -n 40 "$home/node.log" >&2 || true
      stop
      return 1
    fi
    sleep 1
  done
}

stop() {
  local pid
  if ! pid="$(own_pid)"; then
    if [ -f "$PID_FILE" ]; then
      say "the node started here is gone; cleaning up its folder"
      forget
    elif answers; then
      say "no node started here on port $PORT; leaving what answers at $URL alone"
    else
      say "no node started here on port $PORT"
    fi
    return 0
  fi
  say "stopping pid $pid"
  kill -TERM "$pid" 2>/dev/null || true
  local waited=0
  while kill -0 "$pid" 2>/dev/null && [ "$waited" -lt 60 ]; do sleep 0.5; waited=$((waited + 1)); done
  if kill -0 "$pid" 2>/dev/null; then
    say "still running after 30 s; killing pid $pid"
    kill -KILL "$pid" 2>/dev/null || true
  fi
  forget
  say "stopped"
}

status() {
  local pid
  if pid="$(own_pid)"; then
    say "running here: pid $pid, home $(cat "$HOME_FILE"), $URL"
    curl -s --max-time 5 "$URL/_cluster/health" && echo
    return 0
  fi
  if answers; then
    say "something not started here answers at $URL"
    return 0
  fi
  say "not running on port $PORT"
  return 3
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
