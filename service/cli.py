"""The ``raqib`` command: serve, check, moderator, db, train, reload."""

from __future__ import annotations

import json
import os
import signal
import sys
import tempfile
from pathlib import Path
from typing import Any

import click

PIDFILE_NAME = "gunicorn.pid"


def _app():
    from service import create_app

    return create_app()


def _db_app():
    """The app, for commands that use the database: refuse clearly if it is not migrated."""
    from sqlalchemy.exc import SQLAlchemyError

    from service.extensions import db
    from service.schema import schema_problem

    app = _app()
    with app.app_context():
        try:
            with db.engine.connect() as conn:
                problem = schema_problem(conn)
        except SQLAlchemyError as err:
            raise click.ClickException(f"database unavailable: {err.__class__.__name__}") from None
    if problem:
        raise click.ClickException(problem)
    return app


def _pidfile(pidfile: str | None, app=None) -> Path:
    # In the instance folder by default: two servers with their own instance folders on one
    # machine do not share (and fight over) one pid file.
    if pidfile:
        return Path(pidfile)
    app = app or _app()
    return Path(app.instance_path) / PIDFILE_NAME


@click.group()
def main() -> None:
    """Raqib: comment moderation for Arabic and English news sites."""


# -- serve / reload ---------------------------------------------------------------------------
def default_workers() -> int:
    """gunicorn workers when neither --workers nor RAQIB_WORKERS says: one per usable CPU, >= 2."""
    # The CPUs this process may run on (a container's cpuset), not the host's count; two at
    # least, so one slow request or a worker restart never leaves the server with none.
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cpus = os.cpu_count() or 1
    return max(2, cpus)


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option(
    "--port",
    default=lambda: int(os.environ.get("PORT", 8000)),
    type=int,
    show_default="8000 or $PORT",
)
@click.option(
    "--workers",
    default=lambda: int(os.environ.get("RAQIB_WORKERS", 0)) or None,
    type=int,
    help="Worker processes (default: one per usable CPU, at least 2).",
)
@click.option("--threads", default=1, type=int, show_default=True)
@click.option("--pidfile", default=None, help="Default: gunicorn.pid in the instance folder.")
def serve(host: str, port: int, workers: int | None, threads: int, pidfile: str | None) -> None:
    """Serve the API and dashboard with gunicorn (SIGHUP or `raqib reload` reloads models)."""
    # Fail fast, with the configuration error, before gunicorn forks workers that would die.
    from service.config import ConfigError

    try:
        app = _db_app()
    except ConfigError as err:
        raise click.ClickException(str(err)) from None
    pidfile = str(_pidfile(pidfile, app))
    metrics_dir = os.environ.get("PROMETHEUS_MULTIPROC_DIR") or tempfile.mkdtemp(
        prefix="raqib-metrics-"
    )
    env = dict(os.environ, PROMETHEUS_MULTIPROC_DIR=metrics_dir)
    argv = [
        sys.executable,
        "-m",
        "gunicorn",
        "--config",
        "python:service.gunicorn_conf",
        "--bind",
        f"{host}:{port}",
        "--workers",
        # One worker per core: verdicts are CPU-bound (the sentence encoder above all) and the
        # body is read by the event loop. On two cores a third worker did not help /check p99
        # at c=8 (median of runs 81 ms vs 65 ms with two; README "Benchmarks").
        str(workers or default_workers()),
        "--threads",
        str(threads),
        "--pid",
        pidfile,
        # gunicorn's control socket defaults to one path per user: two servers on one host
        # would take each other's. Raqib is controlled by signals (`raqib reload`).
        "--no-control-socket",
        "service.wsgi:app",
    ]
    click.echo(f"Raqib listening on http://{host}:{port}/ (dashboard /dashboard/, docs /api/docs)")
    os.execve(sys.executable, argv, env)  # noqa: S606 - replaces this process with gunicorn


@main.command()
@click.option("--pidfile", default=None, help="Default: gunicorn.pid in the instance folder.")
def reload(pidfile: str | None) -> None:
    """Reload models without downtime: gunicorn replaces its workers gracefully (SIGHUP).

    The new configuration and artifacts are loaded here first: if they fail, the running
    workers are left alone and the command exits non-zero with the reason.
    """
    from service.config import ConfigError

    try:
        path = _pidfile(pidfile)
    except ConfigError as err:
        raise click.ClickException(str(err)) from None
    try:
        pid = int(path.read_text().strip())
    except (OSError, ValueError):
        raise click.ClickException(f"no running server found (pidfile {path})") from None

    try:
        app = _app()
    except ConfigError as err:
        raise click.ClickException(f"not reloading, the running models stay: {err}") from None
    click.echo(f"models load: {app.extensions['raqib'].model_version}")
    os.kill(pid, signal.SIGHUP)
    click.echo(f"sent SIGHUP to gunicorn master {pid}")


# -- check ------------------------------------------------------------------------------------
@main.command()
@click.argument("source", type=click.File("r", encoding="utf-8"), default="-")
@click.option("--lang", type=click.Choice(["en", "ar"]), default="en", show_default=True)
def check(source, lang: str) -> None:
    """Score comments given as JSONL ({"comment", "article": {title, body}?, "name"?})."""
    from service.core import Article, Submission
    from service.store import verdict_dict

    app = _db_app()
    items: list[tuple[Submission, Article | None]] = []
    for lineno, line in enumerate(source, 1):
        if not line.strip():
            continue
        try:
            row: dict[str, Any] = json.loads(line)
            comment = row["comment"]
            if not isinstance(comment, str):
                raise TypeError
        except (ValueError, KeyError, TypeError):
            raise click.ClickException(
                f"line {lineno}: expected a JSON object with a string 'comment'"
            ) from None
        art = row.get("article") or None
        article = (
            Article(
                id=str(row.get("article_id", "")),
                title=str(art.get("title", "")),
                body=str(art.get("body", "")),
            )
            if isinstance(art, dict)
            else None
        )
        items.append((Submission(comment=comment, name=row.get("name")), article))
    with app.app_context():
        verdicts = app.extensions["raqib"].moderate_many(items)
    for verdict in verdicts:
        click.echo(json.dumps(verdict_dict(verdict, lang), ensure_ascii=False))


# -- moderators -------------------------------------------------------------------------------
@main.group()
def moderator() -> None:
    """Create, list and remove moderator accounts; set passwords, rotate API tokens."""


def _read_password(password_stdin: bool) -> str:
    """A new password from stdin or an interactive prompt, checked against the one policy."""
    from service.auth import password_problem

    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    problem = password_problem(password)
    if problem:
        raise click.ClickException(problem)
    return password


def _interactive() -> bool:
    return sys.stdin.isatty()


def _find(username: str):
    from sqlalchemy import select

    from service.extensions import db
    from service.models import Moderator

    mod = db.session.scalar(select(Moderator).where(Moderator.username == username))
    if mod is None:
        raise click.ClickException(f"no moderator {username!r}")
    return mod


@moderator.command("add")
@click.argument("username")
@click.option("--role", type=click.Choice(["moderator", "admin"]), default="moderator")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@click.option("--no-password", is_flag=True, help="API token only, no dashboard login.")
def moderator_add(username: str, role: str, password_stdin: bool, no_password: bool) -> None:
    """Create an account; prints its API token once (and a password if one was generated)."""
    import secrets

    from service.auth import create_moderator

    generated = None
    if no_password:
        password = None
    elif password_stdin or _interactive():
        password = _read_password(password_stdin)
    else:
        password = generated = secrets.token_urlsafe(12)
    app = _db_app()
    with app.app_context():
        try:
            _, token = create_moderator(username, role=role, password=password)
        except ValueError as err:
            raise click.ClickException(str(err)) from None
    click.echo(f"created {role} {username}")
    if generated:
        click.echo(f"password: {generated}")
    click.echo(f"api token: {token}")


@moderator.command("list")
def moderator_list() -> None:
    """List accounts."""
    from sqlalchemy import select

    from service.extensions import db
    from service.models import Moderator

    app = _db_app()
    with app.app_context():
        for mod in db.session.scalars(select(Moderator).order_by(Moderator.username)):
            state = "active" if mod.active else "disabled"
            click.echo(f"{mod.username}\t{mod.role}\t{state}\t{mod.created_at:%Y-%m-%d}")


@moderator.command("remove")
@click.argument("username")
def moderator_remove(username: str) -> None:
    """Disable an account: token, password and sessions revoked (its audit entries stay).

    `raqib moderator add` with the same name brings the account back with new credentials.
    """
    from service.auth import set_active

    app = _db_app()
    with app.app_context():
        mod = _find(username)
        mod.password_hash = None
        set_active(mod, False)
    click.echo(f"removed {username}")


@moderator.command("passwd")
@click.argument("username")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
def moderator_passwd(username: str, password_stdin: bool) -> None:
    """Set an account's password; every dashboard session of the account ends."""
    from service.auth import set_password

    password = _read_password(password_stdin)
    app = _db_app()
    with app.app_context():
        mod = _find(username)
        if not mod.active:
            raise click.ClickException(f"{username} is disabled: `raqib moderator add` it again")
        set_password(mod, password)
    click.echo(f"password changed for {username}; its sessions have ended")


@moderator.command("token")
@click.argument("username")
def moderator_token(username: str) -> None:
    """Issue a new API token (printed once); the old one stops working at once."""
    from service.auth import rotate_token

    app = _db_app()
    with app.app_context():
        mod = _find(username)
        if not mod.active:
            raise click.ClickException(f"{username} is disabled: `raqib moderator add` it again")
        token = rotate_token(mod)
    click.echo(f"api token: {token}")


# -- database ---------------------------------------------------------------------------------
@main.group()
def db() -> None:
    """Database schema (Alembic migrations)."""


@db.command("upgrade")
@click.option("--revision", default="head", show_default=True)
def db_upgrade(revision: str) -> None:
    """Create or migrate the database schema, then seed the personality watchlist once."""
    from flask_migrate import upgrade

    from service.seed import seed_watchlist

    app = _app()
    with app.app_context():
        upgrade(revision=revision)
        # The seed is written with today's models, which only match the newest schema.
        added = seed_watchlist() if revision == "head" else 0
    click.echo(f"database at {revision}; watchlist entries seeded: {added}")


@db.command("downgrade")
@click.option("--revision", required=True, help="The Alembic revision to go back to.")
def db_downgrade(revision: str) -> None:
    """Migrate the schema back to an earlier revision (to roll back a release)."""
    from flask_migrate import downgrade

    app = _app()
    with app.app_context():
        downgrade(revision=revision)
    click.echo(f"database at {revision}")


# -- training ---------------------------------------------------------------------------------
@main.command(
    add_help_option=False,
    context_settings={"ignore_unknown_options": True, "allow_extra_args": True},
)
@click.pass_context
def train(ctx: click.Context) -> None:
    """Train the classifiers (arguments as for python -m training.train; --help lists them)."""
    from training.train import main as train_main

    sys.exit(train_main(ctx.args))


# -- webhooks (service/webhooks/cli.py) --------------------------------------------------------
from service.webhooks.cli import webhooks as _webhooks  # noqa: E402

main.add_command(_webhooks)

if __name__ == "__main__":  # pragma: no cover
    main()
