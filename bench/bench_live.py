"""What the dashboard's live queue costs: one poll of /dashboard/live against a queue page reload.

Run: .venv/bin/python bench/bench_live.py [--comments 20000] [--db postgresql]

Seeds a database with ``--comments`` comments (a busy day's worth and more), signs a moderator
in through the test client (no HTTP), and times 200 polls with the 50 ids of a queue page and a
presence update, against 50 renders of the queue page itself.  Prints milliseconds per request
(median, p95), SQL statements per request, and what N moderators polling every 10 s cost in
CPU.  Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

PASSWORD = "bench password 1"  # noqa: S105 - a throwaway database


def seed(app, n: int) -> list[int]:
    """``n`` comments over the last two days, most pending, with automatic audit entries."""
    from sqlalchemy import insert

    from service.auth import create_moderator
    from service.extensions import db
    from service.models import Article, Comment, Decision

    now = datetime.now(UTC)
    with app.app_context():
        create_moderator("huda", role="admin", password=PASSWORD)
        db.session.add(Article(id="a1", title="Water in Amman", body="", language="en"))
        db.session.commit()
        rows = []
        for i in range(n):
            status = ("pending", "pending", "published", "rejected")[i % 4]
            rows.append(
                {
                    "article_id": "a1",
                    "name": f"Reader {i % 500}",
                    "email": f"reader{i % 500}@example.com",
                    "email_key": f"reader{i % 500}@example.com",
                    "show_email": False,
                    "body": f"comment number {i} about the water prices",
                    "search": f"reader {i % 500}\ncomment number {i} about the water prices",
                    "language": "en",
                    "fingerprint": f"{i:040d}",
                    "verdict": ("approve", "review", "reject")[i % 3],
                    "status": status,
                    "risk": (i % 100) / 100,
                    "scores": {},
                    "reasons": [],
                    "model_version": "bench",
                    "created_at": now - timedelta(seconds=i * 8),
                    "updated_at": now,
                }
            )
        db.session.execute(insert(Comment), rows)
        ids = [c for (c,) in db.session.execute(db.select(Comment.id).order_by(Comment.id))]
        db.session.execute(
            insert(Decision),
            [{"comment_id": c, "actor": "raqib", "automatic": True, "action": "verdict",
              "to_status": "pending", "created_at": now} for c in ids],
        )  # fmt: skip
        db.session.commit()
    return ids


def timed(fn, n: int) -> tuple[list[float], float]:
    """Wall milliseconds of each call, and the mean CPU milliseconds of this process per call."""
    out = []
    cpu = time.process_time()
    for _ in range(n):
        t = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t) * 1000)
    return out, (time.process_time() - cpu) * 1000 / n


def main() -> None:
    """Seed, sign in, time polls and page loads, print the figures."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--comments", type=int, default=20_000)
    parser.add_argument("--db", choices=("sqlite", "postgresql"), default="sqlite")
    args = parser.parse_args()

    from argon2 import PasswordHasher
    from conftest import PG_URL, make_app
    from sqlalchemy import event

    import service.auth
    from service.extensions import db

    service.auth._hasher = PasswordHasher(time_cost=1, memory_cost=1024)
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/bench.sqlite3" if args.db == "sqlite" else PG_URL
        app = make_app(Path(tmp), url)
        app.config["WTF_CSRF_ENABLED"] = False  # the bench signs in without a page
        with app.app_context():
            if args.db == "postgresql":
                db.drop_all()
                db.create_all()
        ids = seed(app, args.comments)
        client = app.test_client()
        client.post("/dashboard/login", data={"username": "huda", "password": PASSWORD})
        page_ids = ",".join(str(i) for i in ids[:50])
        poll_url = f"/dashboard/live?status=pending&after={ids[-1]}&ids={page_ids}&looking={ids[0]}"
        statements = []
        with app.app_context():
            engine = db.engine
        event.listen(engine, "before_cursor_execute", lambda *a: statements.append(1))
        assert client.get(poll_url).status_code == 200
        poll_queries = len(statements)
        statements.clear()
        assert client.get("/dashboard/queue").status_code == 200
        page_queries = len(statements)
        polls, poll_cpu = timed(lambda: client.get(poll_url), 200)
        pages, page_cpu = timed(lambda: client.get("/dashboard/queue"), 50)
        p50, p95 = statistics.median(polls), statistics.quantiles(polls, n=20)[18]
        print(f"database: {args.db}, comments: {args.comments}")
        print(
            f"live poll:  median {p50:.1f} ms, p95 {p95:.1f} ms, {poll_cpu:.1f} ms CPU in the "
            f"app process, {poll_queries} SQL statements"
        )
        print(
            f"queue page: median {statistics.median(pages):.1f} ms, "
            f"p95 {statistics.quantiles(pages, n=20)[18]:.1f} ms, {page_cpu:.1f} ms CPU, "
            f"{page_queries} SQL statements"
        )
        for moderators in (5, 20, 50):
            load = moderators / 10 * poll_cpu / 1000
            print(
                f"{moderators:>3} moderators polling every 10 s: {load:.3f} CPU-seconds per second"
                f" ({moderators / 10:.1f} polls/s)"
            )
        if args.db == "postgresql":
            with app.app_context():
                db.drop_all()


if __name__ == "__main__":
    main()
