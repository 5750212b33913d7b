"""Raqib: comment moderation for Arabic and English news sites (the Flask application)."""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask, g, request
from sqlalchemy import event
from werkzeug.middleware.proxy_fix import ProxyFix

from service import config as config_mod

log = logging.getLogger("raqib")
KNOWN_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Build the application: configuration, extensions, the engine (models) and blueprints."""
    app = Flask(__name__, instance_relative_config=True)
    from service.bodies import BoundedJSONProvider

    app.json = BoundedJSONProvider(app)
    settings = config_mod.defaults()
    settings.update(config_mod.from_env())
    if config:
        settings.update(config)
    if settings.get("INSTANCE_PATH"):
        app.instance_path = str(settings["INSTANCE_PATH"])
    config_mod.resolve(settings, Path(app.instance_path))
    app.config.update(settings)
    app.config.update(
        API_TITLE="Raqib",
        API_VERSION="v1",
        OPENAPI_VERSION="3.0.3",
        OPENAPI_URL_PREFIX="/api",
        OPENAPI_JSON_PATH="v1/openapi.json",
        OPENAPI_SWAGGER_UI_PATH="docs",
        OPENAPI_SWAGGER_UI_URL="/api/docs/static/",
        SQLALCHEMY_ENGINE_OPTIONS=_engine_options(settings["SQLALCHEMY_DATABASE_URI"]),
        RATELIMIT_STORAGE_URI=_ratelimit_storage(settings, Path(app.instance_path)),
        RATELIMIT_HEADERS_ENABLED=True,
        RATELIMIT_DEFAULT=settings["RATELIMIT_DEFAULT"],
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        JSON_SORT_KEYS=False,
    )
    if app.config["PROXY_COUNT"]:
        # Behind N trusted proxies the client address is the N-th from the right in XFF.
        n = app.config["PROXY_COUNT"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=n, x_proto=n, x_host=n)  # type: ignore[method-assign]

    from service.errors import RaqibApi
    from service.extensions import api, csrf, db, limiter, migrate
    from service.readers import check_reader_header

    # Before the limiter's own hook: limits need to know which reader a request is for.
    app.before_request(check_reader_header)
    db.init_app(app)
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        with app.app_context():
            event.listen(db.engine, "connect", _sqlite_pragmas)
    migrate.init_app(app, db, directory=str(Path(__file__).parent / "migrations"))
    limiter.init_app(app)
    csrf.init_app(app)
    if not isinstance(api, RaqibApi):  # pragma: no cover - guarded by extensions
        raise TypeError("service.extensions.api must be a RaqibApi")
    api.init_app(app, spec_kwargs={"components": {"securitySchemes": _security()}})

    from service.api import blp as api_blp

    api.register_blueprint(api_blp)
    from service.dashboard import init_dashboard

    init_dashboard(app)
    from service.api.coral import blp as coral_blp
    from service.embed import init_embed

    init_embed(app)
    api.register_blueprint(coral_blp)
    csrf.exempt(coral_blp)  # Coral signs its requests; there is no session
    # JSON API clients authenticate with bearer tokens, not cookies: CSRF applies to the
    # dashboard's forms only.
    csrf.exempt(api_blp)
    _register_docs_assets(app)
    _register_metrics_hooks(app)

    from service.engine import Engine

    engine = Engine(config=app.config)
    if app.config["LOAD_MODELS"]:
        from service.policy import build_checks, load_models

        with app.app_context():
            load_models(engine)
            engine.checks = build_checks(engine)
    app.extensions["raqib"] = engine
    return app


def _ratelimit_storage(settings: Mapping[str, Any], instance: Path) -> str:
    """Redis when configured (replicas share it), else a counters file every worker shares."""
    if settings.get("REDIS_URL"):
        return settings["REDIS_URL"]
    if settings.get("RATELIMIT_STORAGE"):
        return settings["RATELIMIT_STORAGE"]
    from service.ratelimit import storage_uri

    return storage_uri(instance / "ratelimits.sqlite3")


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    # WAL lets readers run beside the single writer (several gunicorn workers share the file);
    # synchronous=FULL keeps every acknowledged comment on disk even if the machine dies.
    cur = dbapi_connection.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=FULL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.close()


def _engine_options(uri: str) -> dict[str, Any]:
    if uri.startswith("sqlite"):
        # Several gunicorn workers share one SQLite file: wait for the write lock instead of
        # failing, and let the pool hand connections across threads.
        return {"connect_args": {"timeout": 30, "check_same_thread": False}}
    return {"pool_pre_ping": True, "pool_size": 5, "max_overflow": 10}


def _security() -> dict[str, Any]:
    return {"bearer": {"type": "http", "scheme": "bearer"}}


def _register_docs_assets(app: Flask) -> None:
    """Serve Swagger UI's files from the installed package: no CDN, works offline."""
    import swagger_ui_bundle
    from flask import send_from_directory

    folder = swagger_ui_bundle.swagger_ui_path
    own = Path(__file__).parent / "static" / "docs"

    @app.route("/api/docs/static/<path:filename>")
    def swagger_static(filename: str):
        return send_from_directory(folder, filename)

    @app.route("/api/docs/raqib/swagger-init.js")
    def swagger_init():
        return send_from_directory(own, "swagger-init.js")

    @app.after_request
    def _docs_headers(response):
        # The API documentation gets the dashboard's security headers (CSP without inline
        # scripts: the page's start-up script is a file).
        if request.path == "/api/docs" or request.path.startswith("/api/docs/"):
            from service.dashboard import SECURITY_HEADERS

            for name, value in SECURITY_HEADERS.items():
                response.headers.setdefault(name, value)
        return response


def _has_nul() -> bool:
    if "\x00" in request.path or any("\x00" in k + v for k, v in request.args.items(True)):
        return True
    if request.mimetype in ("application/x-www-form-urlencoded", "multipart/form-data"):
        return any("\x00" in k + v for k, v in request.form.items(True))
    # JSON bodies are checked field by field (service.api.schemas.Text).
    return False


def _register_metrics_hooks(app: Flask) -> None:
    from service.metrics import LATENCY, REQUESTS

    @app.before_request
    def _start_timer():
        g._raqib_started = time.perf_counter()
        if _has_nul():
            # PostgreSQL text cannot hold U+0000; no legitimate comment needs it.
            from flask_smorest import abort

            abort(400, message="The request contains a NUL character (U+0000).")

    @app.after_request
    def _observe(response):
        endpoint = request.url_rule.rule if request.url_rule is not None else "unmatched"
        started = getattr(g, "_raqib_started", None)
        if started is not None:
            LATENCY.labels(endpoint).observe(time.perf_counter() - started)
        # Any token is a valid HTTP method name: unknown ones share one series.
        method = request.method if request.method in KNOWN_METHODS else "other"
        REQUESTS.labels(method, endpoint, str(response.status_code)).inc()
        # Every response: never sniff a JSON body into HTML.
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        return response
