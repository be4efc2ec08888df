#!/usr/bin/env bash
# Benchmark: the eight indices for a year on DuckDB, pandas and PySpark, over extracts of a
# freshly generated database.
#
# Usage: bench/indices/run.sh SCALE JOBS_SCALE
#   e.g. bench/indices/run.sh 0.01493 0.1    (1M persons)
#        bench/indices/run.sh 0.1493 1.0     (10M persons)
#
# Stages (env STAGES, default all, in this order): generate extract bench report drop
#   generate  drop + create database bashu_bench_indices, migrate, bashu generate
#   extract   bashu extract --month 2024-12 .. 2025-12
#   bench     bench/indices/bench.py (one subprocess per engine)
#   report    bench/results/indices-<persons>-<date>.md
#   drop      drop the database
# Data and logs go to BASHU_DATA_DIR (default /tmp/bench-indices-<persons>).
set -euo pipefail

main() {
  cd "$(dirname "$0")/../.."
  local scale="${1:?SCALE}" jobs="${2:?JOBS_SCALE}"
  local stages="${STAGES:-generate extract bench report drop}"
  local persons label db="bashu_bench_indices" year=2025
  persons=$(.venv/bin/python -c "print(round(${scale} * 67_000_000))")
  label=$(.venv/bin/python -c "p = ${persons}; print(f'{round(p / 1e6)}m' if p >= 1e6 else f'{round(p / 1e3)}k')")
  export DATABASE_URL="postgres://postgres@127.0.0.1:5432/${db}"
  export BASHU_DATA_DIR="${BASHU_DATA_DIR:-/tmp/bench-indices-${label}}"
  export SPARK_LOCAL_IP=127.0.0.1
  mkdir -p "${BASHU_DATA_DIR}"
  local logs="${BASHU_DATA_DIR}"
  local months=(2024-12)
  for m in 01 02 03 04 05 06 07 08 09 10 11 12; do months+=("${year}-${m}"); done

  if [[ " ${stages} " == *" generate "* ]]; then
    echo "== generate: scale ${scale}, jobs-scale ${jobs} → ${db}, ${BASHU_DATA_DIR}"
    psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS ${db}" -c "CREATE DATABASE ${db}"
    .venv/bin/bashu migrate -v0
    /usr/bin/time -f "wall %e s, peak RSS %M KiB" \
      .venv/bin/bashu generate --scale "${scale}" --jobs-scale "${jobs}" --seed 1 --no-progress \
      >"${logs}/generate.log" 2>&1
    cat "${logs}/generate.log"
    psql -h 127.0.0.1 -U postgres -d "${db}" -qc "VACUUM ANALYZE"
  fi

  if [[ " ${stages} " == *" extract "* ]]; then
    echo "== extract ${months[*]}"
    rm -rf "${BASHU_DATA_DIR}/extracts"
    /usr/bin/time -f "wall %e s, peak RSS %M KiB" \
      .venv/bin/bashu extract --month "${months[@]}" >"${logs}/extract.log" 2>&1
    cat "${logs}/extract.log"
  fi

  if [[ " ${stages} " == *" bench "* ]]; then
    echo "== bench"
    .venv/bin/python bench/indices/bench.py --root "${BASHU_DATA_DIR}/extracts" --year "${year}" \
      --json "${logs}/bench.json" --markdown "${logs}/bench.md" --logs "${logs}" 2>&1 | tee "${logs}/bench.log"
  fi

  if [[ " ${stages} " == *" report "* ]]; then
    local out
    out="bench/results/indices-${label}-$(date -u +%Y-%m-%d).md"
    {
      echo "# Indices for a year (${year}) at ${label} persons: DuckDB, pandas, PySpark"
      echo
      echo "- date: $(date -u +%Y-%m-%dT%H:%MZ)"
      echo "- machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB RAM, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
      echo "- commit: $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- indices bashu bench/indices || echo ' (indices/, bashu/ or bench/indices/ modified in the work tree: see git diff)')"
      echo "- software: Python $(.venv/bin/python -c 'import platform; print(platform.python_version())'), $(.venv/bin/python -c 'import duckdb, pandas, pyspark, ibis, pyarrow; print(f"duckdb {duckdb.__version__}, pandas {pandas.__version__}, pyspark {pyspark.__version__}, ibis {ibis.__version__}, pyarrow {pyarrow.__version__}")'), $(java -version 2>&1 | head -1)"
      echo "- database: PostgreSQL $(psql -h 127.0.0.1 -U postgres -tAc 'show server_version' | cut -d' ' -f1), local, default settings"
      echo "- data: bashu generate --scale ${scale} --jobs-scale ${jobs} --seed 1 ($(.venv/bin/python -c "print(f'{${persons}:,}')") persons); extracts ${months[0]}..${months[-1]}"
      echo
      echo "## Generation"
      echo
      echo '```'
      cat "${logs}/generate.log" 2>/dev/null || echo "(no generate.log)"
      echo '```'
      echo
      echo "## Extraction (bashu extract, all tables, one process for the 13 months)"
      echo
      .venv/bin/python bench/indices/bench.py --extract-log "${logs}/extract.log"
      echo
      cat "${logs}/bench.md"
    } >"${out}"
    echo "== wrote ${out}"
  fi

  if [[ " ${stages} " == *" drop "* ]]; then
    echo "== drop ${db}"
    psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS ${db}"
  fi
}

main "$@"
exit
