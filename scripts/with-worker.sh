#!/usr/bin/env bash
# Run a server command and the background worker (`bashu worker`) side by side, as
# `make run` and `make dev` do; stop both together (docs/adr/0010-task-queue.md).
#
#   scripts/with-worker.sh .venv/bin/gunicorn --config config/gunicorn.conf.py
#
# Each runs in its own process group (job control on), so Ctrl-C reaches only this script,
# which sends each group one SIGTERM: gunicorn finishes the requests in flight, the worker
# the task it is running (a second Ctrl-C stops the worker at once; its attempt is run
# again later, see bashu.core.tasks.tasks_recover). If either stops on its own, so does the
# other, and the script exits with the status of the one that stopped first.
set -u -m
BIN="${BIN:-.venv/bin}"
stopping=""

stop() {
    stopping=1
    kill -TERM -- "-$worker" "-$server" 2>/dev/null
}

"$BIN/bashu" worker &
worker=$!
"$@" &
server=$!
trap stop INT TERM

wait -n
status=$?
[ -n "$stopping" ] || stop
while ! wait; do :; done  # until both have exited (a trapped signal interrupts wait)
exit "$status"
