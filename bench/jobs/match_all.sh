#!/usr/bin/env bash
# Nightly matching at scale (ADR 0016) on an existing generated database: times
# `bashu match_all`, samples the memory of its process tree, then measures the known-truth
# recall@10 of the rankings it wrote (bench/jobs/match_all_quality.py) and writes
# bench/results/match-all-<date>.md. Not part of CI.
# Usage: DATABASE_URL=... BASHU_DATA_DIR=... bench/jobs/match_all.sh [SEEKERS] [WORKERS] [CHUNK]
set -euo pipefail
cd "$(dirname "$0")/../.."
: "${DATABASE_URL:?set DATABASE_URL to the generated database}"
: "${BASHU_DATA_DIR:?set BASHU_DATA_DIR to its data directory (the search index)}"
SEEKERS="${1:-670000}"
WORKERS="${2:-2}"
CHUNK="${3:-5000}"
OUT="${OUTPUT:-bench/results/match-all-$(date -u +%Y-%m-%d).md}"
WORK="$(mktemp -d -t bashu-match-all-XXXX)"

/usr/bin/time -o "${WORK}/time" -f "%e %M" \
  .venv/bin/bashu match_all --workers "${WORKERS}" --limit-seekers "${SEEKERS}" --chunk "${CHUNK}" \
  > "${WORK}/log" 2>&1 &
TIMER=$!
# Every 5 s: the RSS and PSS (shared pages counted once) summed over the command's processes.
(
  while kill -0 "${TIMER}" 2>/dev/null; do
    pids="$(pgrep -P "${TIMER}" || true)"
    for parent in ${pids}; do pids="${pids} $(pgrep -P "${parent}" || true)"; done
    rss=0; pss=0
    for pid in ${pids}; do
      if [ -r "/proc/${pid}/smaps_rollup" ]; then
        read -r r p < <(awk '/^Rss:/{r=$2} /^Pss:/{p=$2} END{print r+0, p+0}' "/proc/${pid}/smaps_rollup" 2>/dev/null || echo "0 0")
        rss=$((rss + r)); pss=$((pss + p))
      fi
    done
    echo "$(date +%s) ${rss} ${pss} $(echo ${pids} | wc -w)" >> "${WORK}/memory"
    sleep 5
  done
) &
SAMPLER=$!
tail -f "${WORK}/log" --pid="${TIMER}" &
wait "${TIMER}" || { echo "match_all failed; log in ${WORK}/log"; exit 1; }
wait "${SAMPLER}" || true

.venv/bin/python bench/jobs/match_all_quality.py --log "${WORK}/log" --time "${WORK}/time" \
  --memory "${WORK}/memory" --output "${OUT}" \
  --note "bashu match_all --workers ${WORKERS} --limit-seekers ${SEEKERS} --chunk ${CHUNK}"
