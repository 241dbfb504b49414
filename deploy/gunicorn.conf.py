"""gunicorn settings for production: ``gunicorn -c deploy/gunicorn.conf.py haat.wsgi``.

Every value can be overridden from the environment (``GUNICORN_*``, ``WEB_CONCURRENCY``)
so that one file serves a server and the benchmark (``make bench``), which runs it on
loopback ports. Measured choices are in the README's "Benchmarks" section.
"""

import multiprocessing
import os


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "")
    return int(value) if value.strip() else default


bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Threads, not more processes: a request spends much of its time waiting on PostgreSQL
# and Redis, and a thread costs a few MB where a process costs ~60 MB. Each thread holds
# its own database connection
# (workers x threads connections in all, well under PostgreSQL's max_connections).
worker_class = "gthread"
workers = _int("WEB_CONCURRENCY", multiprocessing.cpu_count() + 1)
threads = _int("GUNICORN_THREADS", 4)
# Requests beyond the threads wait in the kernel's accept queue instead of being refused
# at the 09:00 rush.
backlog = _int("GUNICORN_BACKLOG", 2048)
# How connections reach the workers (measured in the README's "Benchmarks"). A gthread
# worker accepts connections while it holds fewer than worker_connections, and keeps a
# kept-alive one for good. At gunicorn's defaults (1000, keep-alive 5 s) one worker takes
# every connection that arrives at once and runs them all on one core (one process, one
# GIL) while the others idle: 16 connections gave 1,000 listing pages/s, one worker busy.
# Capped at twice the threads but kept alive, connections beyond the cap waited in the
# backlog until a worker restarted (200 buyers: 38 waited over 5 s). So: the cap, and no
# keep-alive. Each request is accepted afresh by a worker with room (2,600 pages/s), and
# none waits behind another's connection. nginx keeps the clients' connections alive;
# its connection to gunicorn is a loopback connect per request.
worker_connections = _int("GUNICORN_WORKER_CONNECTIONS", 2 * threads)
keepalive = _int("GUNICORN_KEEPALIVE", 0)
timeout = _int("GUNICORN_TIMEOUT", 30)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
# A worker is replaced after this many requests (with jitter, so they do not all restart
# at once): a slow leak can never take a worker past its memory budget.
max_requests = _int("GUNICORN_MAX_REQUESTS", 20000)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", 2000)
# Import Django once in the master: workers start fast and share its pages copy-on-write.
preload_app = True
# Worker heartbeat files in memory, not on a disk that may stall.
worker_tmp_dir = os.environ.get(
    "GUNICORN_WORKER_TMP_DIR",
    "/dev/shm",  # noqa: S108 - gunicorn's documented heartbeat folder, not a temp file
)

accesslog = os.environ.get("GUNICORN_ACCESSLOG") or None
errorlog = os.environ.get("GUNICORN_ERRORLOG", "-")
loglevel = os.environ.get("GUNICORN_LOGLEVEL", "info")
proc_name = "haat-web"
# Behind a reverse proxy on the same host: trust its X-Forwarded-* headers only.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
