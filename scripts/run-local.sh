#!/usr/bin/env bash
# The whole pipeline on the embedded default: local Spark, Delta tables under ./warehouse (of the directory you run
# this from). Each step is one job of scripts/suite; run any of them alone the same way.
set -euo pipefail
SUITE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/suite"
RUN_DATE="${RUN_DATE:-$(date -u +%F)}"
START=$(date +%s)
step() { printf '\n== %s\n' "$*" >&2; }

step "1/1 doctor: Spark + Delta work on this machine"
"$SUITE" doctor --run-date "$RUN_DATE" "$@"

printf '\nDone in %ss. Tables are under %s\n' "$(( $(date +%s) - START ))" "$(pwd)/warehouse" >&2
printf 'Look into any table:  scripts/suite export --table doctor --output /tmp/doctor.csv\n' >&2
