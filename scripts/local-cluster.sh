#!/usr/bin/env bash
# A real Spark standalone cluster (one master, one worker) on 127.0.0.1, built from Maven jars only:
#   scripts/local-cluster.sh start|stop|status
# Then: scripts/submit.sh <job> ...  (uses this cluster by default). Environment:
#   SUITE_CLUSTER_DIR        state folder (default .local-cluster under the repo): spark-home/, pids, logs, work/
#   SPARK_HOME               where the Spark jars are (default $SUITE_CLUSTER_DIR/spark-home; made if missing)
#   SUITE_CLUSTER_PORT       master port (default 7077); web UIs on SUITE_CLUSTER_UI_PORT (8080) and +1
#   SUITE_WORKER_CORES / SUITE_WORKER_MEMORY   (default 2 / 3g)
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
DIR="${SUITE_CLUSTER_DIR:-$SUITE_ROOT/.local-cluster}"
SPARK_HOME="${SPARK_HOME:-$DIR/spark-home}"
PORT="${SUITE_CLUSTER_PORT:-7077}"
UI_PORT="${SUITE_CLUSTER_UI_PORT:-8080}"
MASTER_URL="spark://127.0.0.1:$PORT"
export SPARK_HOME SPARK_SCALA_VERSION=2.13 SPARK_LOCAL_IP=127.0.0.1

running() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

ensure_spark_home() {
  if ! ls "$SPARK_HOME"/jars/spark-core_*.jar >/dev/null 2>&1; then
    suite_log "making SPARK_HOME at $SPARK_HOME from the Maven classpath ..."
    mkdir -p "$SPARK_HOME/jars"
    (cd "$SUITE_ROOT" && mvn -B -q -pl common dependency:copy-dependencies -DincludeScope=runtime \
      -DoutputDirectory="$SPARK_HOME/jars") >&2
  fi
}

wait_for() { # seconds, description, command...
  local secs="$1" what="$2"; shift 2
  for _ in $(seq 1 $((secs * 4))); do "$@" && return 0; sleep 0.25; done
  suite_log "timed out after ${secs}s waiting for $what"; return 1
}

worker_registered() { grep -q "Registering worker" "$DIR/master.log" 2>/dev/null; }

start() {
  if running "$DIR/master.pid"; then suite_log "already running: $MASTER_URL"; return 0; fi
  ensure_spark_home
  mkdir -p "$DIR/work"
  rm -f "$DIR/master.log" "$DIR/worker.log"
  nohup java -Xmx512m -cp "$SPARK_HOME/jars/*" org.apache.spark.deploy.master.Master \
    --host 127.0.0.1 --port "$PORT" --webui-port "$UI_PORT" >"$DIR/master.log" 2>&1 &
  echo $! >"$DIR/master.pid"
  wait_for 60 "the master on port $PORT" port_open "$PORT" || { stop; return 1; }
  nohup java -Xmx512m -cp "$SPARK_HOME/jars/*" org.apache.spark.deploy.worker.Worker "$MASTER_URL" \
    --host 127.0.0.1 --webui-port $((UI_PORT + 1)) --cores "${SUITE_WORKER_CORES:-2}" \
    --memory "${SUITE_WORKER_MEMORY:-3g}" --work-dir "$DIR/work" >"$DIR/worker.log" 2>&1 &
  echo $! >"$DIR/worker.pid"
  wait_for 60 "the worker to register" worker_registered || { stop; return 1; }
  suite_log "started: master $MASTER_URL (UI http://127.0.0.1:$UI_PORT), one worker; logs in $DIR"
  echo "$MASTER_URL"
}

stop_pid() { # pidfile
  local f="$1"
  if [ -f "$f" ]; then
    local pid; pid="$(cat "$f")"
    if kill -0 "$pid" 2>/dev/null; then
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
      kill -9 "$pid" 2>/dev/null || true
    fi
    rm -f "$f"
  fi
}

stop() {
  stop_pid "$DIR/worker.pid"
  stop_pid "$DIR/master.pid"
  # Executors are children of the worker and exit with it; anything left that was started from this SPARK_HOME
  # and works in this cluster's folder is ended so that nothing outlives the cluster.
  pkill -f -- "--work-dir $DIR/work" 2>/dev/null || true
  pkill -f -- "CoarseGrainedExecutorBackend.*$MASTER_URL" 2>/dev/null || true
  pkill -f -- "-cp $SPARK_HOME/jars/\*.*CoarseGrainedExecutorBackend" 2>/dev/null || true
  suite_log "stopped"
}

status() {
  if running "$DIR/master.pid" && running "$DIR/worker.pid"; then
    echo "running: $MASTER_URL (master pid $(cat "$DIR/master.pid"), worker pid $(cat "$DIR/worker.pid"))"
  else
    echo "stopped"; return 3
  fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) suite_log "usage: scripts/local-cluster.sh start|stop|status"; exit 2 ;;
esac
