"""Time Raqib's answer to Coral's external moderation phase, in process (no network).

    .venv/bin/python bench/bench_coral.py [--n 300] [--db sqlite|postgresql]

Replays the recorded, signed Coral requests (tests/fixtures/coral) against a fresh database:
signature check, verdict, the committed write of comment and audit entry, the mapped answer.
Prints the median, 95th and 99th percentile and the maximum in milliseconds.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

FIXTURES = REPO / "tests" / "fixtures" / "coral"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=300)
    parser.add_argument("--db", default="sqlite")
    args = parser.parse_args()
    cases = [json.loads(p.read_text()) for p in sorted(FIXTURES.glob("*.json"))]

    from service import create_app
    from service.extensions import db

    with tempfile.TemporaryDirectory() as tmp:
        url = (
            f"sqlite:///{tmp}/bench.sqlite3"
            if args.db == "sqlite"
            else "postgresql://postgres@127.0.0.1:5432/test"
        )
        app = create_app(
            {
                "SECRET_KEY": "bench",
                "DATABASE_URL": url,
                "INSTANCE_PATH": tmp,
                "RATELIMIT_ENABLED": False,
                "CORAL_SECRET": cases[0]["secret"],
            }
        )
        with app.app_context():
            db.drop_all()
            db.create_all()
        client = app.test_client()
        for case in cases:  # warm up: first verdicts build caches
            client.post("/api/v1/integrations/coral", data=case["body"], headers=case["headers"])
        times = []
        for i in range(args.n):
            case = cases[i % len(cases)]
            started = time.perf_counter()
            r = client.post(
                "/api/v1/integrations/coral", data=case["body"], headers=case["headers"]
            )
            times.append((time.perf_counter() - started) * 1000)
            assert r.status_code in (200, 204), r.get_data(as_text=True)
        with app.app_context():
            db.drop_all()
    q = statistics.quantiles(times, n=100)
    print(
        f"coral phase, {args.n} requests ({args.db}): median {statistics.median(times):.1f} ms, "
        f"p95 {q[94]:.1f} ms, p99 {q[98]:.1f} ms, max {max(times):.1f} ms"
    )


if __name__ == "__main__":
    main()
