"""gunicorn settings for production (Dockerfile) and `make serve`; override with environment
variables GUNICORN_WORKERS, GUNICORN_THREADS, PORT; LOG_FORMAT=json writes gunicorn's own
lines as JSON too, like the platform's (labo.core.log_format)."""

import os

bind = f"0.0.0.0:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("GUNICORN_WORKERS", "3"))
# One thread per process (gunicorn's sync worker): a page is Python work holding the GIL (the
# database answers in under a millisecond), so a second thread adds no throughput and only
# makes requests wait on each other: measured with make bench, the same req/s and a p99 of
# 21-32 ms instead of 26-104 ms. The reverse proxy in front buffers slow clients (docs/
# operations.md), which is what sync workers need.
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = 30
graceful_timeout = 30
# Recycle workers now and then so that a slow leak never grows without bound.
max_requests = 2000
max_requests_jitter = 200
accesslog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")

if os.environ.get("LOG_FORMAT") == "json":
    # Replaces gunicorn's handlers for its two loggers (applied after its own set-up).
    logconfig_dict = {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": "labo.core.log_format.JsonFormatter"}},
        "handlers": {
            "stdout": {"class": "logging.StreamHandler", "formatter": "json",
                       "stream": "ext://sys.stdout"},
            "stderr": {"class": "logging.StreamHandler", "formatter": "json",
                       "stream": "ext://sys.stderr"},
        },
        "loggers": {
            "gunicorn.error": {"level": "INFO", "handlers": ["stderr"], "propagate": False},
            "gunicorn.access": {"level": "INFO", "handlers": ["stdout"], "propagate": False},
        },
        "root": {"level": "INFO", "handlers": ["stderr"]},
    }  # fmt: skip
