"""Issue 11 (hardening): sessions end when they end, one password policy, token rotation,
re-adding a removed name, the password-change page, the production secret's length, and a
database that was never migrated.
"""

from __future__ import annotations

import re

import pytest

from service.config import ConfigError

PASSWORD = "correct horse battery"
NEW_PASSWORD = "a brand new passphrase"
TOKEN_RE = re.compile(r'name="csrf-token" content="([^"]+)"')


@pytest.fixture
def app(app):
    """The conftest app with CSRF on, like a browser."""
    app.config["WTF_CSRF_ENABLED"] = True
    return app


@pytest.fixture
def accounts(app):
    """An admin (huda) and a moderator (sami); returns {name: (id, token)}."""
    from service.auth import create_moderator

    with app.app_context():
        out = {}
        for name, role in (("huda", "admin"), ("sami", "moderator")):
            mod, token = create_moderator(name, role=role, password=PASSWORD)
            out[name] = (mod.id, token)
    return out


def csrf(client, path: str = "/dashboard/login") -> str:
    found = TOKEN_RE.search(client.get(path).get_data(as_text=True))
    assert found, f"no CSRF token on {path}"
    return found.group(1)


def login(client, username: str, password: str = PASSWORD):
    token = csrf(client)
    data = {"username": username, "password": password, "csrf_token": token}
    return client.post("/dashboard/login", data=data)


def signed_in_client(app, username: str, password: str = PASSWORD):
    client = app.test_client()
    assert login(client, username, password).status_code == 302
    assert client.get("/dashboard/queue").status_code == 200
    return client


def replay(app, cookie: str):
    """A fresh client presenting an old session cookie."""
    client = app.test_client()
    client.set_cookie("session", cookie)
    return client.get("/dashboard/queue")


def api_status(client, token: str) -> int:
    return client.get(
        "/api/v1/comments/999", headers={"Authorization": f"Bearer {token}"}
    ).status_code


# -- 7. server-side revocation -----------------------------------------------------------------
def test_a_logged_out_cookie_no_longer_works(app, accounts):
    client = signed_in_client(app, "sami")
    old = client.get_cookie("session").value
    r = client.post("/dashboard/logout", data={"csrf_token": csrf(client, "/dashboard/queue")})
    assert r.status_code == 302
    assert replay(app, old).status_code == 302


def test_logout_ends_the_accounts_other_sessions_too(app, accounts):
    phone, desk = signed_in_client(app, "sami"), signed_in_client(app, "sami")
    phone.post("/dashboard/logout", data={"csrf_token": csrf(phone, "/dashboard/queue")})
    assert desk.get("/dashboard/queue").status_code == 302
    # Another account is not affected.
    assert signed_in_client(app, "huda").get("/dashboard/queue").status_code == 200


def test_disabling_revokes_cookies_and_token_and_enabling_revives_neither(app, accounts):
    from service.auth import set_active
    from service.extensions import db
    from service.models import Moderator

    sami_id, token = accounts["sami"]
    sami = signed_in_client(app, "sami")
    cookie = sami.get_cookie("session").value
    api = app.test_client()
    assert api_status(api, token) == 404
    admin = signed_in_client(app, "huda")
    path = f"/dashboard/admin/moderators/{sami_id}/active"
    token_form = csrf(admin, "/dashboard/admin/moderators")
    assert admin.post(path, data={"csrf_token": token_form}).status_code == 302  # disable
    assert replay(app, cookie).status_code == 302
    assert api_status(api, token) == 401
    assert admin.post(path, data={"csrf_token": token_form}).status_code == 302  # enable
    with app.app_context():
        assert db.session.get(Moderator, sami_id).active
    assert replay(app, cookie).status_code == 302
    assert api_status(api, token) == 401
    # The account itself works again with a fresh sign-in.
    assert signed_in_client(app, "sami")
    with app.app_context():
        set_active(db.session.get(Moderator, sami_id), True)


def test_a_session_from_before_the_session_versions_is_refused(app, accounts):
    client = signed_in_client(app, "sami")
    with client.session_transaction() as sess:
        del sess["sv"]
    assert client.get("/dashboard/queue").status_code == 302


# -- 8. one password policy, the password page, the CLI ---------------------------------------
def test_password_change_page_ends_other_sessions_and_keeps_this_one(app, accounts):
    here, elsewhere = signed_in_client(app, "sami"), signed_in_client(app, "sami")
    stolen = elsewhere.get_cookie("session").value
    page = here.get("/dashboard/account")
    assert page.status_code == 200 and "Change your password" in page.get_data(as_text=True)
    form = {
        "current": PASSWORD,
        "new": NEW_PASSWORD,
        "confirm": NEW_PASSWORD,
        "csrf_token": csrf(here, "/dashboard/account"),
    }
    r = here.post("/dashboard/account", data=form)
    assert r.status_code == 302, r.get_data(as_text=True)[:500]
    assert here.get("/dashboard/queue").status_code == 200
    assert elsewhere.get("/dashboard/queue").status_code == 302
    assert replay(app, stolen).status_code == 302
    assert login(app.test_client(), "sami", PASSWORD).status_code == 401
    assert login(app.test_client(), "sami", NEW_PASSWORD).status_code == 302


@pytest.mark.parametrize(
    ("current", "new", "confirm"),
    [
        ("wrong password", NEW_PASSWORD, NEW_PASSWORD),
        (PASSWORD, "short", "short"),
        (PASSWORD, NEW_PASSWORD, NEW_PASSWORD + "x"),
        (PASSWORD, " " * 12, " " * 12),
    ],
    ids=["wrong-current", "too-short", "mismatch", "only-spaces"],
)
def test_password_change_page_refuses_bad_input(app, accounts, current, new, confirm):
    client = signed_in_client(app, "sami")
    form = {
        "current": current,
        "new": new,
        "confirm": confirm,
        "csrf_token": csrf(client, "/dashboard/account"),
    }
    assert client.post("/dashboard/account", data=form).status_code == 400
    assert login(app.test_client(), "sami", PASSWORD).status_code == 302


def test_the_header_links_to_the_account_page(app, accounts):
    html = signed_in_client(app, "sami").get("/dashboard/queue").get_data(as_text=True)
    assert 'href="/dashboard/account"' in html


def test_password_change_needs_a_signed_in_session(app, accounts):
    r = app.test_client().get("/dashboard/account")
    assert r.status_code == 302 and "/dashboard/login" in r.headers["Location"]


@pytest.mark.parametrize("password", ["x", "123456789", "    x"])
def test_interactive_moderator_add_refuses_a_short_password(runner, monkeypatch, password):
    monkeypatch.setattr("service.cli._interactive", lambda: True)
    r = runner.invoke(["moderator", "add", "omar"], input=f"{password}\n{password}\n")
    assert r.exit_code != 0
    assert "at least 10 characters" in r.output


@pytest.mark.parametrize("command", [["moderator", "add", "omar"], ["moderator", "passwd", "huda"]])
def test_every_cli_password_follows_the_one_policy(runner, accounts, command):
    r = runner.invoke([*command, "--password-stdin"], input="nine char\n")
    assert r.exit_code != 0 and "at least 10 characters" in r.output
    ok = runner.invoke([*command, "--password-stdin"], input="ten chars!\n")
    assert ok.exit_code == 0, ok.output


def test_moderator_passwd_sets_the_password_and_ends_sessions(app, runner, accounts):
    client = signed_in_client(app, "huda")
    r = runner.invoke(["moderator", "passwd", "huda", "--password-stdin"], input=NEW_PASSWORD)
    assert r.exit_code == 0, r.output
    assert client.get("/dashboard/queue").status_code == 302
    assert login(app.test_client(), "huda", PASSWORD).status_code == 401
    assert login(app.test_client(), "huda", NEW_PASSWORD).status_code == 302


def test_moderator_token_rotates_the_api_token(app, runner, accounts):
    _, old = accounts["sami"]
    r = runner.invoke(["moderator", "token", "sami"])
    assert r.exit_code == 0, r.output
    new = r.output.split("api token: ")[1].strip()
    client = app.test_client()
    assert api_status(client, old) == 401
    assert api_status(client, new) == 404
    assert runner.invoke(["moderator", "token", "nobody"]).exit_code != 0


def test_a_removed_name_can_be_added_again_with_fresh_credentials(app, runner, accounts):
    from service.extensions import db
    from service.models import Moderator

    sami_id, old_token = accounts["sami"]
    cookie = signed_in_client(app, "sami").get_cookie("session").value
    assert runner.invoke(["moderator", "remove", "sami"]).exit_code == 0
    r = runner.invoke(["moderator", "add", "sami", "--password-stdin"], input=NEW_PASSWORD)
    assert r.exit_code == 0, r.output
    token = r.output.split("api token: ")[1].strip()
    client = app.test_client()
    assert api_status(client, old_token) == 401
    assert api_status(client, token) == 404
    assert replay(app, cookie).status_code == 302
    assert login(app.test_client(), "sami", NEW_PASSWORD).status_code == 302
    with app.app_context():
        (row,) = db.session.query(Moderator).filter_by(username="sami").all()
        assert row.id == sami_id  # the audit history stays attached
    dup = runner.invoke(["moderator", "add", "sami", "--no-password"])
    assert dup.exit_code != 0 and "exists" in dup.output


@pytest.mark.parametrize("name", ["Admin\u202e nimdA", "huda\u200f", "tab\there"])
def test_usernames_with_control_or_bidi_characters_are_refused(runner, name):
    r = runner.invoke(["moderator", "add", name, "--no-password"])
    assert r.exit_code != 0 and "control or formatting" in r.output


@pytest.mark.parametrize(("key", "ok"), [("k" * 31, False), ("é" * 16, True), ("k" * 32, True)])
def test_production_refuses_a_secret_key_shorter_than_32_bytes(tmp_path, key, ok):
    from service import create_app

    config = {"ENV": "production", "SECRET_KEY": key, "INSTANCE_PATH": str(tmp_path)}
    if ok:
        assert create_app(config).config["SESSION_COOKIE_SECURE"]
    else:
        with pytest.raises(ConfigError, match="at least 32 bytes"):
            create_app(config)


# -- 10. a database that was never migrated ----------------------------------------------------
@pytest.fixture
def fresh_env(tmp_path, monkeypatch):
    """A configuration on an empty SQLite file (nobody ran `raqib db upgrade`)."""
    url = f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
    monkeypatch.setenv("RAQIB_DATABASE_URL", url)
    monkeypatch.setenv("RAQIB_SECRET_KEY", "k")
    monkeypatch.setenv("RAQIB_INSTANCE_PATH", str(tmp_path / "instance"))
    return {"DATABASE_URL": url, "SECRET_KEY": "k", "INSTANCE_PATH": str(tmp_path / "instance")}


def test_healthz_and_requests_say_the_schema_is_not_migrated(fresh_env):
    from service import create_app

    client = create_app(fresh_env).test_client()
    r = client.get("/healthz")
    assert r.status_code == 503
    body = r.get_json()
    assert body["database"] == "not migrated" and "raqib db upgrade" in body["message"]
    r = client.get("/api/v1/articles/a1/comments")
    assert r.status_code == 503
    assert "raqib db upgrade" in r.get_json()["message"]


@pytest.mark.parametrize("accept", ["text/html", "application/json"])
def test_the_dashboard_says_the_schema_is_not_migrated(fresh_env, accept):
    from service import create_app

    client = create_app({**fresh_env, "WTF_CSRF_ENABLED": False}).test_client()
    r = client.post(
        "/dashboard/login",
        data={"username": "huda", "password": PASSWORD},
        headers={"Accept": accept},
    )
    assert r.status_code == 503
    text = r.get_data(as_text=True)
    assert "raqib db upgrade" in text and "Try again shortly" not in text
    if accept == "application/json":
        assert "schema not migrated" in r.get_json()["message"].lower()


def test_an_unreachable_database_is_still_a_passing_outage_on_the_dashboard(tmp_path):
    from service import create_app

    config = {
        "DATABASE_URL": "postgresql://nobody@127.0.0.1:9/none?connect_timeout=1",
        "SECRET_KEY": "k",
        "INSTANCE_PATH": str(tmp_path),
        "WTF_CSRF_ENABLED": False,
    }
    client = create_app(config).test_client()
    r = client.post("/dashboard/login", data={"username": "huda", "password": PASSWORD})
    assert r.status_code == 503
    text = r.get_data(as_text=True)
    assert "Try again shortly" in text and "raqib db upgrade" not in text


@pytest.mark.parametrize(
    "command",
    [
        ["moderator", "add", "x", "--no-password"],
        ["moderator", "list"],
        ["moderator", "token", "x"],
        ["serve", "--port", "1"],
    ],
)
def test_cli_says_the_schema_is_not_migrated(fresh_env, monkeypatch, command):
    from click.testing import CliRunner

    from service.cli import main

    def no_exec(*_args):
        raise AssertionError("raqib serve started gunicorn on a database that is not migrated")

    # Were the check missing, `serve` would replace this test process with gunicorn.
    monkeypatch.setattr("os.execve", no_exec)
    r = CliRunner().invoke(main, command)
    assert r.exit_code != 0
    assert "schema not migrated: run `raqib db upgrade`" in r.output
    assert r.exit_code == 1 and "Traceback" not in r.output


def test_an_older_schema_is_reported_with_its_revision(fresh_env):
    from click.testing import CliRunner

    from service import create_app
    from service.cli import main

    r = CliRunner().invoke(main, ["db", "upgrade", "--revision", "0002_three_outcomes"])
    assert r.exit_code == 0, r.output
    body = create_app(fresh_env).test_client().get("/healthz").get_json()
    assert body["database"] == "not migrated" and "0002_three_outcomes" in body["message"]
    assert CliRunner().invoke(main, ["db", "upgrade"]).exit_code == 0
    assert create_app(fresh_env).test_client().get("/healthz").status_code == 200


def test_reload_looks_for_the_pid_file_in_the_instance_folder(fresh_env):
    from click.testing import CliRunner

    from service.cli import main

    r = CliRunner().invoke(main, ["reload"])
    assert r.exit_code != 0
    assert f"{fresh_env['INSTANCE_PATH']}/gunicorn.pid" in r.output


def test_the_account_page_speaks_arabic(app, accounts):
    client = signed_in_client(app, "sami")
    with client.session_transaction() as sess:
        sess["lang"] = "ar"
    html = client.get("/dashboard/account").get_data(as_text=True)
    assert "تغيير كلمة المرور" in html and "كلمة المرور الحالية" in html
