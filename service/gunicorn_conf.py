"""gunicorn settings used by ``raqib serve`` (command-line flags override them)."""

import os

from prometheus_client import multiprocess

# Requests are read whole, with deadlines, by an event loop before the app sees them: slow or
# idle clients cannot hold a worker (service/worker.py). RAQIB_WORKER_CLASS=sync restores the
# old behaviour (behind a buffering proxy that is safe too).
worker_class = os.environ.get("RAQIB_WORKER_CLASS", "service.worker.BufferingWorker")
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
# Recycling workers (to contain leaks) costs a model load each time (~2 s of a core), which showed
# up as multi-second p99 spikes under load at 10,000 requests: off unless asked for.
max_requests = int(os.environ.get("RAQIB_MAX_REQUESTS", 0))
max_requests_jitter = max_requests // 20


def on_starting(server):
    """Load the sentence encoder in the master, before the workers fork.

    Forked workers inherit it (``model.embed.shared_encoder`` hands the factory the same
    object), so its weights are one set of physical pages for the whole server instead of a
    copy per worker (README "Semantic layer" has the measurement).  Only the encoder is loaded
    here: the app itself (database pools, model artifacts that ``raqib reload`` replaces) is still
    built in each worker.  Only the Universal Sentence Encoder is preloaded (pure numpy, safe to
    fork; e5's runtime was not checked for that), and only when a semantic artifact is configured.
    A new encoder *package* needs a restart, not ``raqib reload``: reloaded workers keep the
    master's copy.
    """
    from service.config import defaults, from_env

    cfg = {**defaults(), **from_env()}
    preload = os.environ.get("RAQIB_PRELOAD_ENCODER", "on").strip().lower()
    if (not cfg.get("SEMANTIC", True) or preload in ("0", "off", "false", "no")
            or (cfg.get("ENCODER") or "use") != "use"
            or cfg.get("SEMANTIC_PATH") == cfg.get("SEMANTIC_RELEVANCE_PATH") == "none"):
        return
    try:
        from model.embed import shared_encoder

        threads = int(cfg.get("ENCODER_THREADS") or 1)
        encoder = shared_encoder(threads, name=cfg.get("ENCODER") or "use")
        encoder.embed(["warm-up"])
    except Exception as err:  # noqa: BLE001 - the workers report configuration errors
        server.log.warning("encoder not preloaded (%s); each worker loads its own", err)
        return
    server.log.info("sentence encoder %s loaded before fork", encoder.version)


def child_exit(server, worker):
    """Drop a dead worker's live metrics (prometheus multiprocess mode)."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        multiprocess.mark_process_dead(worker.pid)


# -- the webhook delivery worker (service/webhooks) --------------------------------------------
# `raqib serve` runs `raqib webhooks deliver --supervise` beside gunicorn (RAQIB_WEBHOOK_WORKER=off
# to run it elsewhere): started when the server is ready, stopped when it exits.
_deliverer = []


def when_ready(server):
    """Start the webhook delivery worker (supervised: restarted if it dies)."""
    import subprocess
    import sys

    if os.environ.get("RAQIB_WEBHOOK_WORKER", "on").strip().lower() in ("0", "off", "false", "no"):
        return
    argv = [sys.executable, "-m", "service.cli", "webhooks", "deliver", "--supervise"]
    _deliverer.append(subprocess.Popen(argv))  # noqa: S603 - our own command line
    server.log.info("webhook worker supervisor started (pid %s)", _deliverer[-1].pid)


def on_exit(server):
    """Stop the webhook delivery worker with the server."""
    for proc in _deliverer:
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except Exception:  # noqa: BLE001 - it must not outlive the server
                proc.kill()
