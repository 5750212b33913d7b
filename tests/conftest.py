"""Fixtures: ``app``, ``client``, ``runner`` on SQLite and, where reachable, PostgreSQL.

The database backends come from ``RAQIB_TEST_DBS`` (comma-separated, default
``sqlite,postgresql``); the PostgreSQL URL from ``RAQIB_TEST_POSTGRES_URL`` (default
``postgresql://postgres@127.0.0.1:5432/test``). Each pytest process works in its own
PostgreSQL schema, so parallel runs on one server do not collide.
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import create_engine, text

REPO = Path(__file__).resolve().parent.parent
SHARED_DATA = Path(os.environ.get("RAQIB_SHARED_DATA", REPO.parent / "shared" / "data"))
PG_URL = os.environ.get("RAQIB_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
BACKENDS = [b.strip() for b in os.environ.get("RAQIB_TEST_DBS", "sqlite,postgresql").split(",")]
_SCHEMA = f"raqib_test_{os.getpid()}_{uuid.uuid4().hex[:6]}"


def _pg_driver_url(url: str) -> str:
    return url.replace("postgresql://", "postgresql+psycopg://", 1)


@pytest.fixture(scope="session")
def pg_schema_url():
    """A private schema on the test PostgreSQL server (skips when none is reachable)."""
    engine = create_engine(_pg_driver_url(PG_URL))
    try:
        with engine.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{_SCHEMA}"'))
    except Exception as err:  # noqa: BLE001 - any connection failure means "no server here"
        engine.dispose()
        pytest.skip(
            f"PostgreSQL leg skipped: no server reachable at {PG_URL} ({type(err).__name__})"
        )
    sep = "&" if "?" in PG_URL else "?"
    # No commit waits for its WAL flush: these tests never crash PostgreSQL, and each test's
    # tables cost about half the time without the waits (the live-server fault tests keep them).
    yield f"{PG_URL}{sep}options=-csearch_path%3D{_SCHEMA}%20-csynchronous_commit%3Doff"
    with engine.begin() as conn:
        conn.execute(text(f'DROP SCHEMA "{_SCHEMA}" CASCADE'))
    engine.dispose()


def make_app(tmp_path: Path, database_url: str, **overrides):
    """A fresh app on the given database with its tables created."""
    from service import create_app
    from service.extensions import db

    config = {
        "SECRET_KEY": "test-secret",
        "DATABASE_URL": database_url,
        "INSTANCE_PATH": str(tmp_path / "instance"),
        "RATELIMIT_ENABLED": False,
        "CAPTCHA": True,
    }
    config.update(overrides)
    app = create_app(config)
    app.config["TESTING"] = True
    with app.app_context():
        db.create_all()
    return app


@pytest.fixture(autouse=True)
def fast_hashes(monkeypatch):
    """Cheap argon2 parameters in tests (as Django's test settings do): hashing at the shipped
    cost took 0.15-0.2 s per account, and hundreds of tests create one."""
    from argon2 import PasswordHasher

    monkeypatch.setattr(
        "service.auth._hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    )


@pytest.fixture(params=BACKENDS)
def database_url(request, tmp_path):
    """The database of one test: a temp SQLite file, or a private PostgreSQL schema."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'test.sqlite3'}"
    if request.param == "postgresql":
        return request.getfixturevalue("pg_schema_url")
    raise ValueError(f"unknown backend {request.param}")


@pytest.fixture
def app_overrides():
    """Per-test configuration overrides (override this fixture in a test module)."""
    return {}


@pytest.fixture
def app(tmp_path, database_url, app_overrides):
    from service.extensions import db

    app = make_app(tmp_path, database_url, **app_overrides)
    yield app
    with app.app_context():
        db.session.remove()
        if database_url.startswith("postgresql"):
            db.drop_all()
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app, monkeypatch):
    """Invokes the ``raqib`` command against the test app's database."""
    from service.cli import main

    monkeypatch.setenv("RAQIB_DATABASE_URL", app.config["DATABASE_URL"])
    monkeypatch.setenv("RAQIB_SECRET_KEY", app.config["SECRET_KEY"])

    class Runner(CliRunner):
        def invoke(self, args=None, **kwargs):  # type: ignore[override]
            return super().invoke(main, args, catch_exceptions=False, **kwargs)

    return Runner()


@pytest.fixture
def moderator_token(app):
    """An API token of a fresh moderator account."""
    from service.auth import create_moderator

    with app.app_context():
        _, token = create_moderator("mona", role="moderator", password="correct horse")
    return token


@pytest.fixture
def auth(moderator_token):
    return {"Authorization": f"Bearer {moderator_token}"}


@pytest.fixture
def article(client, auth):
    """The seed article (Raqqa, ISIS fighters) registered under id ``raqqa-2017``."""
    seed = REPO.parent / "shared" / "seed" / "article-and-comment-policy.txt"
    body = seed.read_text(encoding="utf-8") if seed.exists() else SEED_FALLBACK
    title = "International coalition: 300 ISIS fighters might have fled from Raqqa"
    r = client.put("/api/v1/articles/raqqa-2017", json={"title": title, "body": body}, headers=auth)
    assert r.status_code in (200, 201), r.get_json()
    return "raqqa-2017"


@pytest.fixture
def servers(tmp_path):
    """Starts live ``raqib serve`` processes (tests/servers.py); all are stopped at the end."""
    from tests.servers import Servers

    with Servers(tmp_path) as started:
        yield started


@pytest.fixture
def solve_captcha(app):
    """Issue a captcha with a known answer; returns (captcha_id, answer)."""
    from service import captcha

    def issue(code: str = "4821", ttl: int = 600):
        with app.app_context():
            out = captcha.issue(app.config["SECRET_KEY"], ttl=ttl, length=4, code=code)
        return out["captcha_id"], code

    return issue


SEED_FALLBACK = (
    "The International Coalition stated that dozens of foreign fighters could have been hiding "
    "among civilians and might have managed to escape Raqqa during the evacuation of 3,000 "
    "civilians. Col. Ryan Dillon, the spokesman for the coalition forces, said there were about "
    "300 militants identified as potential ISIS fighters."
)
