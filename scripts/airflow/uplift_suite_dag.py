"""Uplift Suite daily pipeline for Apache Airflow.

One SparkSubmitOperator per job of the suite, each given the run date ({{ ds }}) so that a retried or re-run
day replaces its own rows (every suite write is an atomic, idempotent Delta commit). Point JAR at the cluster jar
built by ``mvn -B package -DskipTests`` (jobs/target/uplift-suite-jobs-<version>-cluster.jar) and CONF_FILE at
your HOCON overrides (warehouse.root on shared storage, your CRM tables under ``tables``).

Requires apache-airflow-providers-apache-spark and a ``spark_default`` connection to your cluster.
"""
from datetime import datetime, timedelta

from airflow import DAG
from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator

DAG_ID = "uplift_suite_daily"
JAR = "/opt/uplift-suite/uplift-suite-jobs-0.1.0-SNAPSHOT-cluster.jar"
CONF_FILE = "/opt/uplift-suite/production.conf"
# Spark's Java 17 flags: copy jobs/target/jvm-options.txt next to the jar (the pom holds the one list).
JVM_OPTIONS_FILE = "/opt/uplift-suite/jvm-options.txt"


def _jvm_options():
    try:
        with open(JVM_OPTIONS_FILE) as f:
            return f.read().strip()
    except FileNotFoundError:
        return ""


JVM_OPTIONS = _jvm_options()

COMMON = dict(
    application=JAR,
    java_class="io.upliftsuite.jobs.Suite",
    conn_id="spark_default",
    conf={
        "spark.driver.extraJavaOptions": JVM_OPTIONS,
        "spark.executor.extraJavaOptions": JVM_OPTIONS,
    },
)


def suite_job(job, *extra):
    """A task that runs one suite job for the DAG run's date."""
    return SparkSubmitOperator(
        task_id=job.replace("-", "_"),
        name=f"uplift-suite-{job}",
        application_args=[job, "--env", "cluster", "--conf", CONF_FILE, "--run-date", "{{ ds }}", *extra],
        **COMMON,
    )


default_args = {
    "owner": "data-science",
    "retries": 2,
    "retry_delay": timedelta(minutes=10),
}

with DAG(
    dag_id=DAG_ID,
    start_date=datetime(2024, 1, 1),
    schedule="0 6 * * *",  # before the 9 AM AE shift
    catchup=False,
    default_args=default_args,
    tags=["uplift", "spark"],
) as dag:
    # The embedded simulator is for development; in production the raw tables are your CRM exports (CONF_FILE).
    episodes = suite_job("build-episodes")
    train = suite_job("train-daily-models")
    evaluate = suite_job("evaluate")
    allocate = suite_job("allocate")

    episodes >> train >> evaluate
    train >> allocate
