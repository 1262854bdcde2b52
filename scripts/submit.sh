#!/usr/bin/env bash
# Runs one job of the suite on a Spark cluster through spark-submit:
#   SUITE_MASTER=spark://host:7077 scripts/submit.sh <job> [job options]
# The job gets --env cluster (conf/cluster.conf): point the warehouse at shared storage with
# --set warehouse.root=s3a://... or a --conf file. Environment:
#   SPARK_HOME          a Spark 4.0 installation (bin/spark-submit) or a folder with jars/ (scripts/local-cluster.sh makes one)
#   SUITE_MASTER        the master URL (default spark://127.0.0.1:7077, the loopback cluster)
#   SUITE_DEPLOY_MODE   client (default) or cluster
#   SUITE_SUBMIT_ARGS   more spark-submit arguments, e.g. "--executor-memory 8g --total-executor-cores 64"
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
[ $# -ge 1 ] || { suite_log "usage: scripts/submit.sh <job> [job options]"; exit 2; }
suite_build
SPARK_HOME="${SPARK_HOME:-$SUITE_ROOT/.local-cluster/spark-home}"
export SPARK_HOME SPARK_SCALA_VERSION="${SPARK_SCALA_VERSION:-2.13}"
opts="$(suite_jvm_options)"
job="$1"; shift
if [ -x "$SPARK_HOME/bin/spark-submit" ]; then
  submit=("$SPARK_HOME/bin/spark-submit")
elif [ -d "$SPARK_HOME/jars" ]; then
  # shellcheck disable=SC2206
  submit=(java -Xmx1g $opts -Dlog4j2.configurationFile="$SUITE_ROOT/conf/log4j2.properties" \
    -cp "$SPARK_HOME/jars/*" org.apache.spark.deploy.SparkSubmit)
else
  suite_log "SPARK_HOME=$SPARK_HOME has neither bin/spark-submit nor jars/ (run scripts/local-cluster.sh start, or set SPARK_HOME)"
  exit 2
fi
# shellcheck disable=SC2086
exec "${submit[@]}" --master "${SUITE_MASTER:-spark://127.0.0.1:7077}" --deploy-mode "${SUITE_DEPLOY_MODE:-client}" \
  --conf "spark.driver.extraJavaOptions=$opts -Dlog4j2.configurationFile=$SUITE_ROOT/conf/log4j2.properties" --conf "spark.executor.extraJavaOptions=$opts" \
  --conf spark.standalone.submit.waitAppCompletion=true \
  ${SUITE_SUBMIT_ARGS:-} --class io.upliftsuite.jobs.Suite "$SUITE_CLUSTER_JAR" "$job" --env cluster "$@"
