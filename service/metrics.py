"""Prometheus metrics: requests, latency and verdicts by reason.

Under gunicorn, ``raqib serve`` points PROMETHEUS_MULTIPROC_DIR at a fresh folder so that
/metrics aggregates every worker; without it (tests, ``flask run``) the process registry is used.
"""

from __future__ import annotations

import os

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)

REQUESTS = Counter("raqib_http_requests_total", "HTTP requests", ["method", "endpoint", "status"])
LATENCY = Histogram(
    "raqib_http_request_duration_seconds",
    "HTTP request latency",
    ["endpoint"],
    buckets=(0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5),
)
VERDICTS = Counter("raqib_verdicts_total", "Verdicts given", ["verdict", "status"])
REASONS = Counter("raqib_verdict_reasons_total", "Reasons given with verdicts", ["code", "source"])


def exposition() -> tuple[bytes, str]:
    """The metrics text and its content type, aggregated over workers when multiprocess."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        return generate_latest(registry), CONTENT_TYPE_LATEST
    return generate_latest(), CONTENT_TYPE_LATEST


def record_verdict(verdict: str, status: str, reasons) -> None:
    """Count a verdict and each of its reasons."""
    VERDICTS.labels(verdict, status).inc()
    for r in reasons:
        REASONS.labels(r.code, r.source).inc()
