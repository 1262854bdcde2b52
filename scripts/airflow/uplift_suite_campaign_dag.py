"""Uplift Suite campaign chain for Apache Airflow: from a randomised multi-offer experiment to an allocated policy.

campaign_models -> allocate -> evaluate_campaign, one SparkSubmitOperator per suite job, each given the DAG run's date
({{ ds }}) so that a retried or re-run day replaces its own rows (every suite write is an atomic, idempotent Delta
commit). The input is your experiment table: point ``tables.campaign_experiment`` in CONF_FILE at it (Delta, Parquet
or CSV in the contract of docs/campaign.md) and set ``campaign.arms`` / ``campaign.features`` / ``campaign.outcomes``
to your campaign; ``allocation.*`` holds the objective and the constraints. The chain then:

1. campaign_models: fits one multi-arm uplift forest per outcome on the experiment's training split and writes
   ``campaign_scores`` (predicted control outcome and uplift per offer, per outcome);
2. allocate: one arm per customer under the configured constraints -> ``policies``, ``policy_summaries``; a
   constraint that cannot be met fails the task before anything is written, naming the best value reachable;
3. evaluate_campaign: IPS / SNIPS / DR values with bootstrap CIs of the allocated policy and the baselines on the
   randomised test split -> ``campaign_evaluations`` and an HTML report under warehouse.reports-dir.

Requires apache-airflow-providers-apache-spark and a ``spark_default`` connection to your cluster. The experiment is
run once per campaign, so the DAG has no schedule: trigger it when a new experiment table has landed.
"""
from datetime import datetime, timedelta

from airflow import DAG
from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator

DAG_ID = "uplift_suite_campaign"
JAR = "/opt/uplift-suite/uplift-suite-jobs-0.1.0-SNAPSHOT-cluster.jar"
CONF_FILE = "/opt/uplift-suite/campaign.conf"
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
    "retries": 1,
    "retry_delay": timedelta(minutes=10),
}

with DAG(
    dag_id=DAG_ID,
    start_date=datetime(2024, 1, 1),
    schedule=None,  # triggered per campaign experiment
    catchup=False,
    default_args=default_args,
    tags=["uplift", "spark", "campaign"],
) as dag:
    models = suite_job("campaign-models")
    allocate = suite_job("allocate")
    evaluate = suite_job("evaluate-campaign")

    models >> allocate >> evaluate
