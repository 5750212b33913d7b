"""gunicorn settings used by ``raqib serve`` (command-line flags override them)."""

import os

from prometheus_client import multiprocess

# Comments are short; a worker stuck longer than this is restarted instead of hanging a client.
timeout = int(os.environ.get("RAQIB_TIMEOUT", 30))
graceful_timeout = 20
keepalive = 5
# Bounded headers: oversize request lines and headers are refused before Flask sees them.
limit_request_line = 8190
limit_request_fields = 100
# Access log to stdout; RAQIB_ACCESSLOG=off disables it (load benchmarks, or a proxy that logs).
accesslog = None if os.environ.get("RAQIB_ACCESSLOG", "on").lower() in ("0", "off") else "-"
errorlog = "-"
max_requests = 10000
max_requests_jitter = 500


def child_exit(server, worker):
    """Drop a dead worker's live metrics (prometheus multiprocess mode)."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        multiprocess.mark_process_dead(worker.pid)
