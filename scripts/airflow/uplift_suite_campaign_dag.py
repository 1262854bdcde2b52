"""Uplift Suite campaign chain for Apache Airflow: from a randomised multi-offer experiment to an allocated policy.

campaign_models -> allocate -> evaluate_campaign, one SparkSubmitOperator per suite job, each given the DAG run's date
(uplift_suite_common.RUN_DATE; for a manual trigger, the trigger's date) so that a retried or re-run day replaces its own rows (every suite write is an atomic, idempotent Delta
commit). The input is your experiment table: point ``tables.campaign_experiment`` in uplift_suite_common.CONF_FILE at it (Delta, Parquet
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
from airflow import DAG

from uplift_suite_common import DEFAULT_ARGS, RUN_DATE, START_DATE, suite_task

DAG_ID = "uplift_suite_campaign"

with DAG(
    dag_id=DAG_ID,
    start_date=START_DATE,
    schedule=None,  # triggered per campaign experiment
    catchup=False,
    default_args=DEFAULT_ARGS,
    tags=["uplift", "spark", "campaign"],
    doc_md=__doc__,
) as dag:
    models = suite_task("campaign_models", "campaign-models", "--run-date", RUN_DATE)
    allocate = suite_task("allocate", "allocate", "--run-date", RUN_DATE)
    evaluate = suite_task("evaluate_campaign", "evaluate-campaign", "--run-date", RUN_DATE)

    models >> allocate >> evaluate
