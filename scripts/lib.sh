# Shared by the scripts in this folder: where the repo is, how to build, which JVM flags Spark needs.
# The JVM flag list itself lives in ONE place, the parent pom's <spark.jvm.options>; the build writes it to
# jobs/target/jvm-options.txt and the scripts read that file.

SUITE_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SUITE_VERSION="0.1.0-SNAPSHOT"
SUITE_CLASSPATH_FILE="$SUITE_ROOT/jobs/target/classpath.txt"
SUITE_BENCH_CLASSPATH_FILE="$SUITE_ROOT/bench/target/classpath.txt"
SUITE_JVM_OPTIONS_FILE="$SUITE_ROOT/jobs/target/jvm-options.txt"
SUITE_CLUSTER_JAR="$SUITE_ROOT/jobs/target/uplift-suite-jobs-$SUITE_VERSION-cluster.jar"
SUITE_BUILD_STAMP="$SUITE_ROOT/jobs/target/.suite-build-stamp"
export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}"

suite_log() { printf '%s\n' "$*" >&2; }

# True when a source, config or pom changed since the last build by these scripts.
suite_needs_build() {
  [ -f "$SUITE_BUILD_STAMP" ] && [ -f "$SUITE_CLASSPATH_FILE" ] && [ -f "$SUITE_JVM_OPTIONS_FILE" ] \
    && [ -f "$SUITE_CLUSTER_JAR" ] && [ -f "$SUITE_BENCH_CLASSPATH_FILE" ] || return 0
  [ -n "$(find "$SUITE_ROOT/pom.xml" "$SUITE_ROOT/common" "$SUITE_ROOT/jobs" "$SUITE_ROOT/bench" "$SUITE_ROOT/conf" \
      -newer "$SUITE_BUILD_STAMP" -type f \( -name '*.java' -o -name '*.conf' -o -name '*.properties' \
      -o -name 'pom.xml' \) -not -path '*/target/*' -print -quit)" ]
}

# Builds common + jobs + bench (tests skipped; common's test classes are compiled into its test-jar, which bench uses)
# and records each module's runtime classpath; quiet unless it fails.
suite_build() {
  # SUITE_SKIP_BUILD=1: use the artifacts as they are (e.g. inside `mvn verify`, which has just built them).
  if [ "${SUITE_SKIP_BUILD:-0}" = 1 ]; then
    [ -f "$SUITE_JVM_OPTIONS_FILE" ] || { suite_log "SUITE_SKIP_BUILD=1 but $SUITE_JVM_OPTIONS_FILE is missing"; return 1; }
    return 0
  fi
  if suite_needs_build; then
    suite_log "building the suite (mvn package, tests skipped; first run downloads dependencies) ..."
    local log="$SUITE_ROOT/jobs/target/build.log"
    mkdir -p "$SUITE_ROOT/jobs/target"
    if ! (cd "$SUITE_ROOT" && mvn -B -pl common,jobs,bench -am package -DskipTests \
          dependency:build-classpath -Dmdep.outputFile=target/classpath.txt -DincludeScope=runtime) >"$log" 2>&1; then
      tail -n 60 "$log" >&2
      suite_log "build failed; full log: $log"
      return 1
    fi
    touch "$SUITE_BUILD_STAMP"
  fi
}

suite_jvm_options() {
  cat "$SUITE_JVM_OPTIONS_FILE"
}

# The classpath of the jobs (the product, for local runs) and of the benchmark mains (bench module + common's
# test-jar with the data generators).
suite_classpath() {
  printf '%s:%s' "$SUITE_ROOT/jobs/target/classes" "$(cat "$SUITE_CLASSPATH_FILE")"
}
suite_bench_classpath() {
  printf '%s:%s' "$SUITE_ROOT/bench/target/classes" "$(cat "$SUITE_BENCH_CLASSPATH_FILE")"
}
