"""Configuration: environment variables, secrets and refusals."""

from __future__ import annotations

import os
import stat

import pytest

from service.config import ConfigError, from_env


def test_production_refuses_to_start_without_a_secret(tmp_path):
    from service import create_app

    with pytest.raises(ConfigError, match="RAQIB_SECRET_KEY"):
        create_app({"ENV": "production", "SECRET_KEY": None, "INSTANCE_PATH": str(tmp_path)})


def test_local_secret_is_created_once_and_private(tmp_path):
    from service import create_app

    a = create_app({"INSTANCE_PATH": str(tmp_path), "SECRET_KEY": None})
    b = create_app({"INSTANCE_PATH": str(tmp_path), "SECRET_KEY": None})
    assert a.config["SECRET_KEY"] == b.config["SECRET_KEY"]
    assert len(a.config["SECRET_KEY"]) >= 32
    mode = stat.S_IMODE(os.stat(tmp_path / "secret_key").st_mode)
    assert mode == 0o600
    assert a.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite:///")


def test_environment_variables_are_read():
    cfg = from_env(
        {
            "RAQIB_CAPTCHA": "off",
            "RAQIB_MODE": "auto",
            "RAQIB_MAX_COMMENT_LENGTH": "500",
            "RAQIB_REJECT_OFFENSE": "0.7",
            "RAQIB_REVIEW_SPAM": "0.3",
        }
    )
    assert cfg["CAPTCHA"] is False
    assert cfg["MODE"] == "auto"
    assert cfg["MAX_COMMENT_LENGTH"] == 500
    assert cfg["REJECT"] == {"offense": 0.7}
    assert cfg["REVIEW"] == {"spam": 0.3}


@pytest.mark.parametrize(
    "env",
    [
        {"RAQIB_CAPTCHA": "perhaps"},
        {"RAQIB_MAX_COMMENT_LENGTH": "many"},
        {"RAQIB_REJECT_OFFENSE": "1.5"},
        {"RAQIB_REVIEW_SPAM": "x"},
    ],
)
def test_bad_environment_values_are_refused_with_the_variable_named(env):
    with pytest.raises(ConfigError):
        from_env(env)


def test_bad_mode_is_refused(tmp_path):
    from service import create_app

    with pytest.raises(ConfigError, match="RAQIB_MODE"):
        create_app({"MODE": "yolo", "SECRET_KEY": "k", "INSTANCE_PATH": str(tmp_path)})


def test_postgres_urls_use_psycopg(tmp_path):
    from service import create_app

    app = create_app(
        {"DATABASE_URL": "postgres://u@h/db", "SECRET_KEY": "k", "INSTANCE_PATH": str(tmp_path)}
    )
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u@h/db"


@pytest.mark.parametrize("content", [None, b"not a joblib file", b"\x80\x04garbage"])
def test_missing_or_corrupt_artifact_refuses_to_start(tmp_path, content):
    from service import create_app

    path = tmp_path / "relevance.joblib"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(ConfigError, match="cannot load model artifact"):
        create_app({"SECRET_KEY": "k", "INSTANCE_PATH": str(tmp_path), "RELEVANCE_PATH": str(path)})


def test_reload_keeps_running_workers_when_the_new_artifact_is_bad(tmp_path, monkeypatch):
    import signal

    from click.testing import CliRunner

    from service.cli import main

    pidfile = tmp_path / "pid"
    pidfile.write_text("424242")
    sent = []
    monkeypatch.setattr("os.kill", lambda pid, sig: sent.append((pid, sig)))
    monkeypatch.setenv("RAQIB_SECRET_KEY", "k")
    monkeypatch.setenv("RAQIB_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("RAQIB_RELEVANCE_PATH", str(tmp_path / "missing.joblib"))
    r = CliRunner().invoke(main, ["reload", "--pidfile", str(pidfile)])
    assert r.exit_code != 0 and "running models stay" in r.output
    assert sent == []
    monkeypatch.delenv("RAQIB_RELEVANCE_PATH")
    r = CliRunner().invoke(main, ["reload", "--pidfile", str(pidfile)])
    assert r.exit_code == 0, r.output
    assert sent == [(424242, signal.SIGHUP)]
