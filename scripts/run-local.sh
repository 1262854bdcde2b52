#!/usr/bin/env bash
# The whole pipeline on the embedded default: local Spark, Delta tables under ./warehouse of the directory you run
# this from. Each step is one job of scripts/suite; run any of them alone the same way. Extra arguments (e.g.
# --set suite.seed=7) are passed to every job.
#   simulate -> build-episodes -> train-daily-models -> evaluate ;  allocate (on generated scores)
# The default is deliberately small (the simulator's `small` profile, days 1-3, an ensemble of 3 forests) so that it
# finishes in minutes on 2 cores; production settings are the defaults in conf/*.conf.
set -euo pipefail
SUITE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/suite"
RUN_DATE="${RUN_DATE:-$(date -u +%F)}"
WAREHOUSE="$(pwd)/warehouse"
START=$(date +%s)
step() { printf '\n== %s  (%ss)\n' "$*" "$(( $(date +%s) - START ))" >&2; }

step "1/5 simulate: multi-year CRM interaction logs + oracle potential outcomes (profile small)"
"$SUITE" simulate --run-date "$RUN_DATE" "$@"

step "2/5 build-episodes: one decision point per item and day (9 AM), action, outcomes, point-in-time features"
"$SUITE" build-episodes --run-date "$RUN_DATE" "$@"

step "3/5 train-daily-models: per day propensity + trimming, feature selection, uplift forest ensemble, baseline"
"$SUITE" train-daily-models --run-date "$RUN_DATE" --days 1,2,3 \
  --set training.forest.ensemble-size=3 --set training.parallelism=2 "$@"

step "4/5 evaluate: Qini/AUUC, calibration, off-policy value with 95% CIs, day selection, HTML report"
"$SUITE" evaluate --run-date "$RUN_DATE" "$@"

step "5/5 allocate: campaign experiment (simulated) -> uplift forests per outcome -> revenue-maximising offers with a sales floor -> off-policy evaluation vs baselines"
"$SUITE" simulate-campaign --run-date "$RUN_DATE" --customers 20000 "$@"
"$SUITE" campaign-models --run-date "$RUN_DATE" --set campaign.models.forest.num-trees=10 "$@"
"$SUITE" allocate --run-date "$RUN_DATE" "$@"
"$SUITE" evaluate-campaign --run-date "$RUN_DATE" "$@"

printf '\nDone in %ss. Delta tables are under %s:\n' "$(( $(date +%s) - START ))" "$WAREHOUSE" >&2
printf '  raw/ (simulated logs), oracle/, episodes/, training/ (models), models/ (predictions + model files),\n' >&2
printf '  evaluation/ (evaluations, curves), allocation/ (policies, policy_summaries)\n' >&2
printf 'Look into any table:  scripts/suite export --table episodes --where "decision_day = 1" --output /tmp/episodes-d1.csv\n' >&2
printf 'Evaluation report: %s\n' "$WAREHOUSE/reports/evaluation/$RUN_DATE/index.html" >&2
