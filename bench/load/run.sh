#!/usr/bin/env bash
# Load benchmark: the production server (gunicorn, config.settings.local + bench/load/settings)
# over PostgreSQL, driven by locust (bench/load/locustfile.py). Writes
# bench/results/load-<persons>-<date>.md.
#
# Usage: bench/load/run.sh SCALE [USERS] [RUN_TIME]
#   e.g. bench/load/run.sh 0.015           (1M persons, 200 users, 5m)
#        bench/load/run.sh 0.15 200 5m     (10M persons)
#        SKIP_GENERATE=1 bench/load/run.sh 0.015 20 30s   (reuse the data, a smoke run)
#
# Stages (env STAGES, default "generate setup load report"; SKIP_GENERATE=1 drops generate):
#   generate  drop + create bashu_load_<persons>, migrate, bashu generate --scale SCALE
#             --jobs-scale 1.0 --seed 1 (which also builds the tantivy index), VACUUM ANALYZE
#   setup     migrate, collectstatic, headlines_refresh, load accounts (bench/load/setup_accounts.py)
#   load      gunicorn and the task worker (bashu worker, as make run starts them) in the
#             background, locust headless, CPU/RSS/connection samples
#   report    the markdown file
# Data (search index, keys, static files, logs) lives in BASHU_DATA_DIR, by default
# /work/bashu-load-data/<persons>, outside the repository.
set -euo pipefail

main() {
  cd "$(dirname "$0")/../.."
  local scale="${1:?SCALE}" users="${2:-200}" run_time="${3:-5m}" jobs="${JOBS_SCALE:-1.0}"
  local stages="${STAGES:-generate setup load report}"
  if [ "${SKIP_GENERATE:-0}" = "1" ]; then stages="${stages//generate/}"; fi
  local persons label
  persons=$(.venv/bin/python -c "print(round(${scale} * 67_000_000))")
  label=$(.venv/bin/python -c "p = ${persons}; print(f'{round(p / 1e6)}m' if p >= 1e6 else f'{round(p / 1e3)}k')")
  local db="${LOAD_DB:-bashu_load_${label}}"
  export DATABASE_URL="postgres://postgres@127.0.0.1:5432/${db}"
  export BASHU_DATA_DIR="${BASHU_DATA_DIR:-/work/bashu-load-data/${label}}"
  mkdir -p "${BASHU_DATA_DIR}"
  local logs="${BASHU_DATA_DIR}/logs"
  mkdir -p "${logs}"

  if [[ " ${stages} " == *" generate "* ]]; then
    echo "== generate: scale ${scale}, jobs-scale ${jobs} → ${db}, ${BASHU_DATA_DIR} ($(date -u +%H:%M:%SZ))"
    psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS ${db}" -c "CREATE DATABASE ${db}"
    rm -rf "${BASHU_DATA_DIR:?}/search"
    .venv/bin/bashu migrate -v0
    /usr/bin/time -f "wall %e s, peak RSS %M KiB" \
      .venv/bin/bashu generate --scale "${scale}" --jobs-scale "${jobs}" --seed 1 --no-progress \
      >"${logs}/generate.log" 2>&1
    cat "${logs}/generate.log"
    psql -h 127.0.0.1 -U postgres -d "${db}" -qc "VACUUM ANALYZE"
    echo "== generated ($(date -u +%H:%M:%SZ)); database $(psql -h 127.0.0.1 -U postgres -tAc "select pg_size_pretty(pg_database_size('${db}'))")"
  fi

  # The load server's settings: make run's profile, one proxy hop believed (load_settings.py).
  export DJANGO_SETTINGS_MODULE=load_settings
  export PYTHONPATH="${PWD}/bench/load${PYTHONPATH:+:${PYTHONPATH}}"
  local data="${BASHU_DATA_DIR}/load-data.json"

  if [[ " ${stages} " == *" setup "* ]]; then
    echo "== setup ($(date -u +%H:%M:%SZ))"
    .venv/bin/bashu migrate --no-input -v0
    .venv/bin/bashu collectstatic --no-input -v0
    if ! .venv/bin/python -c "import django; django.setup(); from bashu.jobs import search; raise SystemExit(0 if search.index_dir().exists() else 1)"; then
      .venv/bin/bashu reindex_jobs --no-progress
    fi
    .venv/bin/bashu headlines_refresh
    .venv/bin/python bench/load/setup_accounts.py "${data}"
  fi

  local port="${LOAD_PORT:-8610}" tag="${LOAD_TAG:-${label}}" stamp run
  stamp="$(date -u +%Y-%m-%d)"
  run="${BASHU_DATA_DIR}/runs/${tag}-$(date -u +%Y%m%dT%H%M%SZ)"
  if [[ " ${stages} " == *" load "* ]]; then
    mkdir -p "${run}"
    echo "== load: ${users} users, spawn ${SPAWN_RATE:-20}/s, ${run_time} → ${run} ($(date -u +%H:%M:%SZ))"
    BASHU_BIND="127.0.0.1:${port}" BASHU_ACCESS_LOG="${run}/access.log" \
      .venv/bin/gunicorn --config config/gunicorn.conf.py >"${run}/server.log" 2>&1 &
    local server=$!
    .venv/bin/bashu worker >"${run}/worker.log" 2>&1 &
    local worker=$!
    trap 'kill ${server} ${worker} 2>/dev/null || true' EXIT
    for _ in $(seq 60); do
      curl -sf -o /dev/null "http://127.0.0.1:${port}/" && break
      sleep 1
    done
    .venv/bin/python bench/load/sessions.py "${data}" "${run}/sessions.json"
    # Warm-up, not measured: the same mix with a few users for WARMUP (default 45s), so every
    # worker has opened the search index, compiled its templates and filled its pool and
    # caches, as a server that has been running does. Its users come from other addresses
    # (LOAD_ADDRESS_OFFSET) and resume the same sessions.
    LOAD_DATA="${data}" LOAD_SESSIONS="${run}/sessions.json" LOAD_ADDRESS_OFFSET=100000 \
      .venv/bin/locust -f bench/load/locustfile.py --headless --host "http://127.0.0.1:${port}" \
      --users 20 --spawn-rate 5 --run-time "${WARMUP:-45s}" --stop-timeout 5 --only-summary \
      >"${run}/warmup.log" 2>&1 || true
    .venv/bin/python bench/load/sample.py "${server}" "${db}" "${run}/samples.csv" 5 "${worker}" &
    local sampler=$!
    LOAD_DATA="${data}" LOAD_SESSIONS="${run}/sessions.json" LOAD_REQUEST_LOG="${run}/requests.csv" \
      .venv/bin/locust -f bench/load/locustfile.py --headless --host "http://127.0.0.1:${port}" \
      --users "${users}" --spawn-rate "${SPAWN_RATE:-20}" --run-time "${run_time}" \
      --stop-timeout 10 --csv "${run}/locust" --only-summary >"${run}/locust.log" 2>&1 || true
    kill "${sampler}" 2>/dev/null || true
    wait "${sampler}" 2>/dev/null || true
    kill "${server}" "${worker}" 2>/dev/null || true
    wait "${server}" "${worker}" 2>/dev/null || true
    trap - EXIT
    tail -n 30 "${run}/locust.log"
  else
    run="$(ls -d "${BASHU_DATA_DIR}/runs/${tag}-"* 2>/dev/null | tail -n 1)"
  fi

  if [[ " ${stages} " == *" report "* ]]; then
    local out="bench/results/load-${tag}-${stamp}.md" counts
    counts=$(psql -h 127.0.0.1 -U postgres -d "${db}" -tAc "select (select count(*) from people_person) || ' persons, ' || (select count(*) from jobs_jobposting) || ' postings (' || (select count(*) from jobs_jobposting where status = 'open' and close_date >= current_date) || ' open today), ' || (select count(*) from jobs_seekerprofile) || ' seeker profiles, ' || (select count(*) from transfers_case) || ' cases'")
    .venv/bin/python bench/load/report.py \
      --requests "${run}/requests.csv" --samples "${run}/samples.csv" \
      --access-log "${run}/access.log" --server-log "${run}/server.log" \
      --title "Load: ${users} users for ${run_time} on gunicorn over PostgreSQL, ${label} persons" \
      --meta "date=$(basename "${run}" | sed -E 's/.*-([0-9]{4})([0-9]{2})([0-9]{2})T([0-9]{2})([0-9]{2}).*/\1-\2-\3T\4:\5Z/') (start of the run)" \
      --meta "machine=$(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)" \
      --meta "commit=$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- bashu config || echo ' (bashu/ or config/ modified in the work tree)')" \
      --meta "database=PostgreSQL $(psql -h 127.0.0.1 -U postgres -tAc 'show server_version' | cut -d' ' -f1), local, default settings (shared_buffers $(psql -h 127.0.0.1 -U postgres -tAc 'show shared_buffers')), ${db} $(psql -h 127.0.0.1 -U postgres -tAc "select pg_size_pretty(pg_database_size('${db}'))")" \
      --meta "data=bashu generate --scale ${scale} --jobs-scale ${jobs} --seed 1: ${counts}" \
      --meta "server=gunicorn (config/gunicorn.conf.py, gthread) ${BASHU_WORKERS:-4} workers x ${BASHU_THREADS:-2} threads and the task worker (bashu worker, with its schedule), DJANGO_SETTINGS_MODULE=load_settings (config.settings.local + BASHU_TRUSTED_PROXIES=1), DEBUG off, psycopg pool of ${BASHU_THREADS:-2} per worker" \
      --meta "load=locust $(.venv/bin/locust --version | awk '{print $2}'), ${users} users, spawn ${SPAWN_RATE:-20}/s, ${run_time}, think time ${LOAD_WAIT_MIN:-2}-${LOAD_WAIT_MAX:-8} s, same machine as the server" \
      --meta "warm-up=the same mix, 20 users for ${WARMUP:-45s} before the measured run, not measured" \
      --meta "sessions=signed-in users resume a session opened before the run (bench/load/sessions.py); one in $(.venv/bin/python -c "print(max(1, round(1 / ${LOAD_SIGN_IN_SHARE:-0.1})))") signs in with the password at its start (the sign-ins, reported apart)" \
      --meta "rate limits=production values (BASHU_RATE_LIMITS, django-axes), one address per simulated user via X-Forwarded-For" \
      ${LOAD_NOTE:+--note "${LOAD_NOTE}"} \
      --how "$(printf '%s ' "${SKIP_GENERATE:+SKIP_GENERATE=${SKIP_GENERATE}}" "${STAGES:+STAGES=\"${STAGES}\"}" "${LOAD_TAG:+LOAD_TAG=${LOAD_TAG}}" bench/load/run.sh "${scale}" "${users}" "${run_time}" | xargs)" \
      --output "${out}" --json "${run}/summary.json" >/dev/null
    echo "== report → ${out}"
  fi
}

main "$@"
