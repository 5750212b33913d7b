"""Where a verdict's time goes: pyinstrument over the API's /check path, in process.

    .venv/bin/python bench/profile_verdict.py [--requests 600] [--path /api/v1/check]

Prints the per-request time of ``POST /api/v1/check`` and ``POST /api/v1/comments`` through
Flask's test client (no network), the time of each policy check on its own, and pyinstrument's
call tree of the check requests (the hot spots the README's Benchmarks section names).  It
also times a full cyclic garbage collection with the app loaded, before and after
``gc.freeze()`` (what ``service/wsgi.py`` does once the models are loaded): the pause a request
pays when a collection of the oldest generation happens to start in it.
"""

from __future__ import annotations

import argparse
import gc
import sys
import tempfile
import time
from pathlib import Path

from pyinstrument import Profiler

sys.path.insert(0, str(Path(__file__).resolve().parent))
from load import ARTICLE, COMMENTS  # noqa: E402 - sibling benchmark module


def _gc_ms(runs: int = 3) -> float:
    """Median time of a full collection, in ms."""
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        gc.collect()
        times.append((time.perf_counter() - t0) * 1000)
    return sorted(times)[runs // 2]


def main(argv: list[str] | None = None) -> int:
    """Profile the verdict path and print the figures and the call tree."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--requests", type=int, default=600)
    args = ap.parse_args(argv)

    from service import create_app
    from service.auth import create_moderator
    from service.core import Article, Context, Submission
    from service.extensions import db

    tmp = tempfile.mkdtemp(prefix="raqib-profile-")
    app = create_app(
        {
            "DATABASE_URL": f"sqlite:///{tmp}/p.sqlite3",
            "SECRET_KEY": "profile",
            "INSTANCE_PATH": tmp,
            "RATELIMIT_ENABLED": False,
            "CAPTCHA": False,
            "MODE": "auto",
        }
    )
    with app.app_context():
        db.create_all()
        _, token = create_moderator("profiler")
    client = app.test_client()
    client.put("/api/v1/articles/a", json=ARTICLE, headers={"Authorization": f"Bearer {token}"})
    bodies = [{"comment": COMMENTS[i % len(COMMENTS)], "article_id": "a"} for i in range(50)]
    for body in bodies:  # warm caches (article vectors, word caches)
        client.post("/api/v1/check", json=body)

    n = args.requests
    t0 = time.perf_counter()
    for i in range(n):
        client.post("/api/v1/check", json=bodies[i % len(bodies)])
    check_ms = (time.perf_counter() - t0) / n * 1000
    t0 = time.perf_counter()
    for i in range(n // 3):
        client.post(
            "/api/v1/comments",
            json={"article_id": "a", "name": f"R{i}", "comment": f"{COMMENTS[i % 12]} #{i}"},
        )
    post_ms = (time.perf_counter() - t0) / (n // 3) * 1000
    t0 = time.perf_counter()
    for _ in range(n):
        client.get("/livez")
    bare_ms = (time.perf_counter() - t0) / n * 1000
    print(
        f"per request, in process: /livez {bare_ms:.3f} ms, /check {check_ms:.3f} ms, "
        f"/comments {post_ms:.3f} ms"
    )

    with app.app_context():
        engine = app.extensions["raqib"]
        article = Article(id="a", title=ARTICLE["title"], body=ARTICLE["body"])
        for check in engine.checks:
            t0 = time.perf_counter()
            for i in range(n):
                check(Context(Submission(COMMENTS[i % len(COMMENTS)]), article))
            print(f"  {check.name:<16} {(time.perf_counter() - t0) / n * 1000:.3f} ms")

    print(f"full garbage collection: {_gc_ms():.1f} ms with {len(gc.get_objects())} tracked "
          "objects", end="; ")
    gc.freeze()
    print(f"after gc.freeze(): {_gc_ms():.1f} ms")
    gc.unfreeze()

    profiler = Profiler(interval=0.0005)
    profiler.start()
    for i in range(n):
        client.post("/api/v1/check", json=bodies[i % len(bodies)])
    profiler.stop()
    print(profiler.output_text(unicode=True, color=False, show_all=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
