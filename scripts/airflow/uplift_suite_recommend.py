"""Uplift Suite: daily recommendations at 9 AM (business time zone).

At 09:00 on date D the run scores the decision points that open at 9 AM on D (the approved decision day(s) of the
items registered D - d days ago) with the approved model, applies the policy and the experiment assignment, and
replaces D's rows of the ``recommendations`` table, which the contact-management system reads at the start of the
account executives' shift. The run date is the end of the data interval (see uplift_suite_common.RUN_DATE).
"""
from airflow import DAG

from uplift_suite_common import DEFAULT_ARGS, RUN_DATE, START_DATE, suite_task

DAG_ID = "uplift_suite_recommend"

with DAG(
    dag_id=DAG_ID,
    schedule="0 9 * * *",  # 09:00 in START_DATE's time zone, the business time zone
    start_date=START_DATE,
    catchup=False,
    max_active_runs=1,
    default_args=DEFAULT_ARGS,
    tags=["uplift", "spark", "recommend"],
    doc_md=__doc__,
) as dag:
    recommend = suite_task("recommend", "recommend", "--run-date", RUN_DATE)
