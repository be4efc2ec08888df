#!/usr/bin/env bash
# Benchmark: `bashu generate` into a fresh PostgreSQL database, then the calibration report.
# Usage: bench/generate/run.sh [SCALE] [SEED]   (default 0.01 1). Writes bench/results/.
set -euo pipefail
cd "$(dirname "$0")/../.."
SCALE="${1:-0.01}"
SEED="${2:-1}"
DB="bashu_bench_generate"
export DATABASE_URL="postgres://postgres@127.0.0.1:5432/${DB}"
export BASHU_DATA_DIR="$(mktemp -d -t bashu-bench-XXXX)"
psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS ${DB}" -c "CREATE DATABASE ${DB}"
.venv/bin/bashu migrate -v0
OUT="bench/results/generate-${SCALE}-postgresql-$(date -u +%Y-%m-%d).md"
{
  echo "# bashu generate --scale ${SCALE} --seed ${SEED} on PostgreSQL"
  echo
  echo "- date: $(date -u +%Y-%m-%dT%H:%MZ)"
  echo "- machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
  echo "- database: $(psql -h 127.0.0.1 -U postgres -tAc 'show server_version'), local, default settings"
  echo "- commit: $(git rev-parse --short HEAD)"
  echo
  echo '```'
  /usr/bin/time -f "wall %e s, peak RSS %M KiB" .venv/bin/bashu generate --scale "${SCALE}" --seed "${SEED}" --no-progress 2>&1
  echo '```'
  echo
  echo "## Calibration (measured in the database)"
  echo
  .venv/bin/bashu calibration_report --scale "${SCALE}"
} | tee "${OUT}"
psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS ${DB}"
