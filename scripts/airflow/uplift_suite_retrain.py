"""Uplift Suite: weekly retraining and the experiment report.

Monday 02:00 (business time zone), before the 9 AM recommendations: episodes from the CRM logs, one model per decision
day, their evaluation, and promote, which approves the chosen day's model when its added value clears the margin
(else the approved model keeps scoring). Each step works on this run's training run (its run date), so weekly runs
and the daily recommendations share the tables. The experiment report reads the experiments' recommendations and the
logs; windows not yet complete are reported as such.
"""
from airflow import DAG

from uplift_suite_common import DEFAULT_ARGS, RUN_DATE, START_DATE, suite_task

DAG_ID = "uplift_suite_retrain"

with DAG(
    dag_id=DAG_ID,
    schedule="0 2 * * 1",  # Mondays 02:00 in the business time zone
    start_date=START_DATE,
    catchup=False,
    max_active_runs=1,
    default_args=DEFAULT_ARGS,
    tags=["uplift", "spark", "training"],
    doc_md=__doc__,
) as dag:
    episodes = suite_task("build_episodes", "build-episodes", "--run-date", RUN_DATE)
    train = suite_task("train_daily_models", "train-daily-models", "--run-date", RUN_DATE)
    evaluate = suite_task("evaluate", "evaluate", "--run-date", RUN_DATE, "--training-run-date", RUN_DATE)
    promote = suite_task("promote", "promote", "--run-date", RUN_DATE, "--training-run-date", RUN_DATE)
    report = suite_task("experiment_report", "experiment-report", "--run-date", RUN_DATE)

    episodes >> train >> evaluate >> promote
    episodes >> report
