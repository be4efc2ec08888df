"""gunicorn, the production server: ``gunicorn -c config/gunicorn.conf.py`` (``make run``).

Threaded workers (gthread): each process serves BASHU_THREADS requests at once and holds a
database pool of the same size, so connections are bounded by workers x threads
(docs/adr/0008-serving.md). Static files are served by whitenoise inside the application.
Every log line, the access log included, goes through the personal-data mask.
"""

from __future__ import annotations

from config import env

wsgi_app = "config.wsgi:application"
bind = [env.BIND]
workers = env.WORKERS
worker_class = "gthread"
threads = env.THREADS
timeout = 30
graceful_timeout = 30
# Idle keep-alive connections are held (in the worker's poller, not a thread) for longer than
# a person reads a page: at 5 s, a client that came back just as the server closed the idle
# connection had its request reset (the load test's only errors once workers stopped being
# replaced). 75 s is nginx's default for its clients.
keepalive = 75
# A worker is replaced after this many requests (spread out), bounding slow memory growth.
# Rarely: a replacement starts cold (search index, caches, templates) and the keep-alive
# connections of the one leaving are closed under their clients. At 2,000 both workers were
# replaced every two minutes under the load test, each time a burst of slow answers and
# reset connections (bench/results/load-1m-restarts-2026-12-02.md); the workers' memory
# stayed flat (about 300 MiB each), so one replacement in hours is enough.
max_requests = 100_000
max_requests_jitter = 10_000
# Request line and headers bounded (gunicorn's defaults, written down).
limit_request_line = 8190
limit_request_fields = 100
# X-Forwarded-Proto is believed only from a proxy on this machine.
forwarded_allow_ips = "127.0.0.1,::1"
proc_name = "bashu"
# No control socket in the home directory: two instances on one machine would share it.
control_socket_disable = True

accesslog = env.ACCESS_LOG
# Combined log format plus the time taken in milliseconds.
access_log_format = '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %(M)sms'


def _handler(target: str, default_stream: str) -> dict[str, object]:
    base: dict[str, object] = {"formatter": "generic", "filters": ["mask_personal_data"]}
    if target == "-":
        return {**base, "class": "logging.StreamHandler", "stream": default_stream}
    return {**base, "class": "logging.FileHandler", "filename": target, "encoding": "utf-8"}


logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"mask_personal_data": {"()": "bashu.core.logging.MaskPersonalDataFilter"}},
    "formatters": {
        "generic": {
            "format": "%(asctime)s [%(process)d] [%(levelname)s] %(message)s",
            "datefmt": "[%Y-%m-%d %H:%M:%S %z]",
        },
        "access": {"format": "%(message)s"},
    },
    "handlers": {
        "error_console": _handler("-", "ext://sys.stderr"),
        "access": {**_handler(env.ACCESS_LOG, "ext://sys.stdout"), "formatter": "access"},
    },
    "loggers": {
        "gunicorn.error": {"level": "INFO", "handlers": ["error_console"], "propagate": False},
        "gunicorn.access": {"level": "INFO", "handlers": ["access"], "propagate": False},
    },
    "root": {"level": "INFO", "handlers": ["error_console"]},
}
