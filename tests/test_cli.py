"""The ``raqib`` command: moderators, check, db upgrade."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import create_engine, inspect

from service.extensions import db


def test_moderator_add_list_remove(runner, app):
    r = runner.invoke(
        ["moderator", "add", "salma", "--role", "admin", "--password-stdin"],
        input="a long password\n",
    )
    assert r.exit_code == 0, r.output
    token = r.output.split("api token: ")[1].strip()
    assert token.startswith("rqb_")
    listing = runner.invoke(["moderator", "list"])
    assert "salma\tadmin\tactive" in listing.output
    client = app.test_client()
    assert (
        client.get("/api/v1/comments/1", headers={"Authorization": f"Bearer {token}"}).status_code
        == 404
    )
    assert runner.invoke(["moderator", "remove", "salma"]).exit_code == 0
    assert (
        client.get("/api/v1/comments/1", headers={"Authorization": f"Bearer {token}"}).status_code
        == 401
    )


def test_moderator_add_refuses_duplicates_and_short_passwords(runner):
    assert runner.invoke(["moderator", "add", "x", "--no-password"]).exit_code == 0
    dup = runner.invoke(["moderator", "add", "x", "--no-password"])
    assert dup.exit_code != 0 and "exists" in dup.output
    short = runner.invoke(["moderator", "add", "y", "--password-stdin"], input="short\n")
    assert short.exit_code != 0


def test_check_scores_jsonl_without_a_server(runner, tmp_path):
    src = tmp_path / "in.jsonl"
    rows = [
        {"comment": "Thanks for the report"},
        {"comment": "شكرا على التقرير", "article": {"title": "الرقة", "body": "مقاتلون"}},
    ]
    src.write_text(
        "\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8"
    )
    r = runner.invoke(["check", str(src), "--lang", "ar"])
    assert r.exit_code == 0, r.output
    out = [json.loads(line) for line in r.output.strip().splitlines()]
    assert [o["language"] for o in out] == ["en", "ar"]
    assert all(o["verdict"] in ("approve", "reject") for o in out)


def test_check_reports_the_bad_line(runner):
    r = runner.invoke(["check"], input='{"comment": "ok"}\nnot json\n')
    assert r.exit_code != 0
    assert "line 2" in r.output


@pytest.mark.parametrize("backend", ["sqlite"])
def test_db_upgrade_creates_the_schema_from_migrations(tmp_path, monkeypatch, backend):
    from click.testing import CliRunner

    from service.cli import main

    url = f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
    monkeypatch.setenv("RAQIB_DATABASE_URL", url)
    monkeypatch.setenv("RAQIB_SECRET_KEY", "k")
    r = CliRunner().invoke(main, ["db", "upgrade"], catch_exceptions=False)
    assert r.exit_code == 0, r.output
    tables = set(inspect(create_engine(url)).get_table_names())
    assert set(db.metadata.tables) <= tables
    again = CliRunner().invoke(main, ["db", "upgrade"], catch_exceptions=False)
    assert again.exit_code == 0 and "seeded: 0" in again.output


def test_migrations_match_the_models(app):
    """Alembic's autogenerate finds nothing to add: models and migrations agree."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from flask_migrate import upgrade

    with app.app_context():
        db.drop_all()
        upgrade()
        with db.engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), db.metadata)
    assert diff == []
