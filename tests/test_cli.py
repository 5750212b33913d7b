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
    assert all(o["verdict"] in ("approve", "review", "reject") for o in out)


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


def test_upgrade_turns_uncertain_approvals_into_review(tmp_path, monkeypatch):
    """Stored 'approve' verdicts that carried reasons were uncertain: the migration says review."""
    from click.testing import CliRunner
    from sqlalchemy import text

    from service.cli import main

    url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    monkeypatch.setenv("RAQIB_DATABASE_URL", url)
    monkeypatch.setenv("RAQIB_SECRET_KEY", "k")
    runner = CliRunner()
    r = runner.invoke(main, ["db", "upgrade", "--revision", "4a70cc539276"])
    assert r.exit_code == 0, r.output
    engine = create_engine(url)
    reasons = {
        1: ("approve", "[]"),
        2: ("approve", json.dumps([{"code": "offense", "score": 0.6}])),
        3: ("reject", json.dumps([{"code": "offense", "score": 0.9}])),
        4: ("approve", "null"),
    }
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO articles (id, title, body, created_at, updated_at) "
                "VALUES ('a', 't', '', '2026-01-01', '2026-01-01')"
            )
        )
        for cid, (verdict, rs) in reasons.items():
            conn.execute(
                text(
                    "INSERT INTO comments (id, article_id, name, show_email, body, language, "
                    "fingerprint, verdict, status, risk, scores, reasons, model_version, "
                    "created_at, updated_at) VALUES (:id, 'a', 'n', 0, 'b', 'en', 'f', :v, "
                    "'pending', 0, '{}', :r, 'm', '2026-01-01', '2026-01-01')"
                ),
                {"id": cid, "v": verdict, "r": rs},
            )
    r = runner.invoke(main, ["db", "upgrade"])
    assert r.exit_code == 0, r.output
    with engine.connect() as conn:
        got = dict(conn.execute(text("SELECT id, verdict FROM comments")).all())
    assert got == {1: "approve", 2: "review", 3: "reject", 4: "approve"}
    r = runner.invoke(main, ["db", "downgrade", "--revision", "4a70cc539276"])
    assert r.exit_code == 0, r.output
    with engine.connect() as conn:
        got = dict(conn.execute(text("SELECT id, verdict FROM comments")).all())
    assert got[2] == "approve"
