"""gunicorn's settings for a production installation:
``gunicorn -c python:voorrang.config.gunicorn voorrang.config.wsgi``.

Each setting can be changed on the command line or in ``GUNICORN_CMD_ARGS``; the bind address
also with ``VOORRANG_BIND``, the number of workers with ``WEB_CONCURRENCY``
(docs/deployment.md)."""

from __future__ import annotations

import gc
import os

bind = [os.environ.get("VOORRANG_BIND", "127.0.0.1:8000")]
# Synchronous workers: a request holds its worker from the first byte to the last, so a
# slow client should not reach them directly: put a reverse proxy (nginx, Caddy) in front,
# which reads whole requests and answers before it passes them on. One worker a core plus
# one keeps the cores busy while a worker waits for PostgreSQL. More workers than that made
# the response intake slower on a 2-core machine that also ran PostgreSQL: with 5 workers it
# fell behind in every run (p95 0.5 to 1.1 s), with 3 it mostly kept up (p95 33 to 75 ms;
# benchmarks/bench_intake_load.py). With PostgreSQL on a machine of its own, 2 × cores + 1
# is gunicorn's usual advice; set WEB_CONCURRENCY.
workers = int(os.environ.get("WEB_CONCURRENCY", (os.cpu_count() or 1) + 1))
worker_class = "sync"
# Django and the application's modules are loaded once, before the workers are forked, and
# voorrang.config.wsgi warms what Django would otherwise load on each worker's first request
# (the URL patterns, both languages' catalogues): a new worker answers at full speed from its
# first request, and the workers share that memory. No database connection is opened before
# the fork.
preload_app = True
backlog = 2048
timeout = 60
graceful_timeout = 30
# Restart each worker after many requests (spread, so they do not all restart at once):
# memory a long-lived worker gathers is given back. Not too often: a new worker opens its
# database connection again and prepares its statements again (at 70 requests a second a
# worker of the response intake reaches 20,000 in about five minutes).
max_requests = 20_000
max_requests_jitter = 2_000
# Requests and their sizes are limited before Django sees them (uploads stay under 10 MB
# in Django's own checks).
limit_request_line = 4094
limit_request_fields = 100
accesslog = os.environ.get("VOORRANG_ACCESS_LOG") or None


def pre_fork(server: object, worker: object) -> None:
    """Before each worker is forked: what the master loaded (Django, the application, the
    warmed URL patterns and catalogues) moves to the collector's permanent generation, so
    the workers' garbage collector never scans it again and its memory pages stay shared.
    (About 7 % less CPU per response, measured in-process.)"""
    gc.collect()
    gc.freeze()
