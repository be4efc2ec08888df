#!/usr/bin/env bash
# Fault run: the load of bench/load/locustfile.py on the production server with its task
# worker (bashu worker), while a large title register is imported in the background, and
#   1. the worker is killed (SIGKILL) mid-import, and a new one started;
#   2. PostgreSQL is restarted (pg_ctlcluster 15 main restart) mid-load, while the resumed
#      import runs.
# Afterwards (bench/load/fault.py check): the import ended done, every row of the register is
# in exactly once and whole, nothing else was written, its audit counts match, the queue
# drained, and audit_verify / exchange_log_verify still hold. The load's errors are reported
# per window (before, during and after each fault). Writes bench/results/load-fault-<persons>-<date>.md.
#
# Usage: bench/load/fault.sh SCALE [USERS] [RUN_TIME] [ROWS]   (default 0.015 50 6m 5000)
#   PG_RESTART=0 skips the PostgreSQL restart (the worker is still killed).
# Needs the data and accounts of bench/load/run.sh SCALE (its generate and setup stages).
# Restarting PostgreSQL breaks every other client of the cluster for a few seconds: run it
# when nobody else is using the machine's PostgreSQL.
set -euo pipefail

main() {
  cd "$(dirname "$0")/../.."
  local scale="${1:?SCALE}" users="${2:-50}" run_time="${3:-6m}" rows="${4:-5000}"
  local persons label
  persons=$(.venv/bin/python -c "print(round(${scale} * 67_000_000))")
  label=$(.venv/bin/python -c "p = ${persons}; print(f'{round(p / 1e6)}m' if p >= 1e6 else f'{round(p / 1e3)}k')")
  local db="${LOAD_DB:-bashu_load_${label}}" port="${LOAD_PORT:-8612}"
  export DATABASE_URL="postgres://postgres@127.0.0.1:5432/${db}"
  export BASHU_DATA_DIR="${BASHU_DATA_DIR:-/work/bashu-load-data/${label}}"
  export DJANGO_SETTINGS_MODULE=load_settings
  export PYTHONPATH="${PWD}/bench/load${PYTHONPATH:+:${PYTHONPATH}}"
  local data="${BASHU_DATA_DIR}/load-data.json" host="http://127.0.0.1:${port}"
  local run="${BASHU_DATA_DIR}/runs/fault-$(date -u +%Y%m%dT%H%M%SZ)"
  local out
  out="bench/results/load-fault$([ "${PG_RESTART:-1}" = "1" ] || echo -worker)-${label}-$(date -u +%Y-%m-%d).md"
  mkdir -p "${run}"
  test -f "${data}" || { echo "no ${data}: run bench/load/run.sh ${scale} (setup) first" >&2; exit 2; }
  .venv/bin/bashu migrate --no-input -v0
  local py=(.venv/bin/python bench/load/fault.py)
  mark() { echo "$1=$(date +%s.%N | cut -c1-14)" >>"${run}/marks"; echo "== $1 ($(date -u +%H:%M:%SZ))"; }

  BASHU_BIND="127.0.0.1:${port}" BASHU_ACCESS_LOG="${run}/access.log" \
    .venv/bin/gunicorn --config config/gunicorn.conf.py >"${run}/server.log" 2>&1 &
  local server=$!
  .venv/bin/bashu worker >"${run}/worker-1.log" 2>&1 &
  local worker=$!
  trap 'kill ${server} ${worker} 2>/dev/null || true' EXIT
  for _ in $(seq 60); do curl -sf -o /dev/null "${host}/" && break; sleep 1; done

  LOAD_DATA="${data}" LOAD_REQUEST_LOG="${run}/requests.csv" \
    .venv/bin/locust -f bench/load/locustfile.py --headless --host "${host}" \
    --users "${users}" --spawn-rate 10 --run-time "${run_time}" --stop-timeout 10 \
    --csv "${run}/locust" --only-summary >"${run}/locust.log" 2>&1 &
  local locust=$!
  trap 'kill ${server} ${worker} ${locust} 2>/dev/null || true' EXIT
  "${py[@]}" prepare "${run}/register.csv" --rows "${rows}"
  sleep 30

  mark upload
  local run_id
  run_id=$("${py[@]}" upload "${run}/register.csv" --host "${host}" | tail -n 1)
  echo "import run ${run_id}"
  "${py[@]}" progress "${run_id}" --rows "$((rows / 10))"
  mark worker_killed
  kill -KILL "${worker}"
  wait "${worker}" 2>/dev/null || true
  .venv/bin/bashu worker >"${run}/worker-2.log" 2>&1 &
  worker=$!
  mark worker_restarted
  # The lost attempt is recovered once its worker's heartbeat has lapsed; wait until the
  # resumed attempt has saved more rows, then restart PostgreSQL under it and under the load.
  "${py[@]}" progress "${run_id}" --rows "$((rows / 2))" --timeout 400 || true
  if [ "${PG_RESTART:-1}" = "1" ]; then
    mark pg_restart
    pg_ctlcluster --skip-systemctl-redirect 15 main restart
    mark pg_up
  fi
  wait "${locust}" || true
  mark load_end
  local checks=0
  "${py[@]}" check "${run}/register.csv" "${run_id}" --timeout 900 >"${run}/checks.md" || checks=$?
  local verify
  verify="$(.venv/bin/bashu audit_verify 2>&1 | tail -n 3; .venv/bin/bashu exchange_log_verify 2>&1 | tail -n 3)"
  kill "${worker}" "${server}" 2>/dev/null || true
  wait "${worker}" "${server}" 2>/dev/null || true
  trap - EXIT

  {
    if [ "${PG_RESTART:-1}" = "1" ]; then
      echo "# Fault run: worker killed mid-import, PostgreSQL restarted mid-load (${label} persons)"
    else
      echo "# Fault run: worker killed mid-import, no PostgreSQL restart (${label} persons)"
    fi
    echo
    echo "- date: $(date -u +%Y-%m-%dT%H:%MZ)"
    echo "- machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
    echo "- commit: $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- bashu config || echo ' (bashu/ or config/ modified in the work tree)')"
    echo "- database: PostgreSQL $(psql -h 127.0.0.1 -U postgres -tAc 'show server_version' | cut -d' ' -f1), ${db}"
    echo "- server: gunicorn (config/gunicorn.conf.py) ${BASHU_WORKERS:-4} workers x ${BASHU_THREADS:-2} threads, load_settings; worker: bashu worker (django-tasks database backend)"
    echo "- load: locust, ${users} users, ${run_time}, the mix of bench/load/locustfile.py"
    echo "- import: ${rows} title rows (CSV, $(stat -c %s "${run}/register.csv") bytes) by load-caseworker-000 through POST /api/v1/recognition/imports?kind=title, run ${run_id}"
    echo
    echo "## Timeline"
    echo
    echo '```'
    .venv/bin/python -c 'import sys, datetime as d; m = [l.strip().split("=") for l in open(sys.argv[1])]; t0 = float(m[0][1]); [print(f"{d.datetime.fromtimestamp(float(t), d.UTC):%H:%M:%S}Z  +{float(t) - t0:6.1f} s  {n}") for n, t in m]' "${run}/marks"
    echo '```'
    echo
    echo "## After the faults"
    echo
    echo "| check | held | detail |"
    echo "| --- | --- | --- |"
    cat "${run}/checks.md"
    echo
    echo '```'
    echo "${verify}"
    echo '```'
    echo
    echo "## The load, by window"
    echo
    # shellcheck disable=SC2046
    "${py[@]}" windows "${run}/requests.csv" $(cat "${run}/marks")
    echo
    echo "## How it was run"
    echo
    echo '```'
    echo "${PG_RESTART:+PG_RESTART=${PG_RESTART} }bench/load/fault.sh ${scale} ${users} ${run_time} ${rows}"
    echo '```'
  } | tee "${out}"
  echo "== report → ${out}"
  return "${checks}"
}

main "$@"
