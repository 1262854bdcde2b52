"""Shared settings of the Uplift Suite DAGs: where the cluster jar and the config live, the business time zone, the
run date of a DAG run, and one helper that turns a suite job into a SparkSubmitOperator task.

Point JAR at the cluster jar built by ``mvn -B package -DskipTests`` (jobs/target/uplift-suite-jobs-<version>-cluster.jar)
and CONF_FILE at your HOCON overrides (warehouse.root on shared storage, your CRM tables under ``tables``, your
experiments under ``recommend.experiments``). Requires apache-airflow >= 2.4 with
apache-airflow-providers-apache-spark and a ``spark_default`` connection to your cluster.
"""
import pendulum
from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator

JAR = "/opt/uplift-suite/uplift-suite-jobs-0.1.0-SNAPSHOT-cluster.jar"
CONF_FILE = "/opt/uplift-suite/production.conf"
# Spark's Java 17 flags: copy jobs/target/jvm-options.txt next to the jar (the pom holds the one list).
JVM_OPTIONS_FILE = "/opt/uplift-suite/jvm-options.txt"

# The business time zone: must equal the suite's episodes.time-zone (decision days and 9 AM are local to it).
BUSINESS_TZ = "UTC"
START_DATE = pendulum.datetime(2024, 1, 1, tz=BUSINESS_TZ)

# The run date of a DAG run is the END of its data interval, as a date in the business time zone. Airflow >= 2.4
# starts a run when its interval ends: the daily 09:00 run of date D has the interval [D-1 09:00, D 09:00) and starts
# at D 09:00, so the decision points that open at 9 AM on D are those of data_interval_end. ({{ ds }}, the logical
# date, is the START of the interval: the previous day.)
RUN_DATE = "{{ data_interval_end.in_timezone('" + BUSINESS_TZ + "').strftime('%Y-%m-%d') }}"


def _jvm_options():
    try:
        with open(JVM_OPTIONS_FILE) as f:
            return f.read().strip()
    except FileNotFoundError:
        return ""


COMMON = dict(
    application=JAR,
    java_class="io.upliftsuite.jobs.Suite",
    conn_id="spark_default",
    conf={
        "spark.driver.extraJavaOptions": _jvm_options(),
        "spark.executor.extraJavaOptions": _jvm_options(),
    },
)

DEFAULT_ARGS = {
    "owner": "data-science",
    "retries": 2,
    "retry_delay": pendulum.duration(minutes=10),
}


def suite_task(task_id, job, *args):
    """A task that runs one suite job; every job re-run for the same run date replaces its own rows."""
    return SparkSubmitOperator(
        task_id=task_id,
        name="uplift-suite-" + job,
        application_args=[job, "--env", "cluster", "--conf", CONF_FILE, *args],
        **COMMON,
    )
