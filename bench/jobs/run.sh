#!/usr/bin/env bash
# Job-zone benchmark on PostgreSQL: generate (persons at PERSON_SCALE, the job zone at
# JOBS_SCALE), then bench/jobs/run.py. Usage: bench/jobs/run.sh [JOBS_SCALE] [PERSON_SCALE]
set -euo pipefail
cd "$(dirname "$0")/../.."
JOBS_SCALE="${1:-1.0}"
PERSON_SCALE="${2:-0.01}"
DB="bashu_bench_jobs"
export DATABASE_URL="postgres://postgres@127.0.0.1:5432/${DB}"
export BASHU_DATA_DIR="${BASHU_DATA_DIR:-$(mktemp -d -t bashu-bench-jobs-XXXX)}"
if [ "${SKIP_GENERATE:-0}" != "1" ]; then
  psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS ${DB}" -c "CREATE DATABASE ${DB}"
  .venv/bin/bashu migrate -v0
  /usr/bin/time -f "generate: wall %e s, peak RSS %M KiB" \
    .venv/bin/bashu generate --scale "${PERSON_SCALE}" --jobs-scale "${JOBS_SCALE}" --seed 1 --no-progress
fi
.venv/bin/python bench/jobs/run.py --output "bench/results/jobs-${JOBS_SCALE}-postgresql-$(date -u +%Y-%m-%d).md" \
  --note "generated with: bashu generate --scale ${PERSON_SCALE} --jobs-scale ${JOBS_SCALE} --seed 1"
