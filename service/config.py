"""Configuration from ``RAQIB_*`` environment variables, with safe defaults for local use.

Every setting can also be passed to ``create_app(config)`` as a mapping (tests do this).
Production is ``RAQIB_ENV=production``: there a secret key must be given explicitly; anywhere
else a random key is created once in the instance folder (``secret_key``, mode 0600) so that
``make run`` works on a fresh machine and sessions survive restarts.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from service.core import CATEGORIES, DEFAULT_REJECT, DEFAULT_REVIEW

MODEL_DIR = Path(__file__).resolve().parent.parent / "model"
# Sessions, CSRF tokens, captcha answers and IP hashes are keyed with the secret: in production
# it must be long enough not to be guessed (32 bytes, as token_hex(16) or more gives).
MIN_SECRET_BYTES = 32


class ConfigError(RuntimeError):
    """The configuration cannot be used; the message says what to set."""


def _bool(value: str | bool) -> bool:
    if isinstance(value, bool):
        return value
    v = value.strip().lower()
    if v in {"1", "true", "on", "yes"}:
        return True
    if v in {"0", "false", "off", "no", ""}:
        return False
    raise ConfigError(f"not a boolean: {value!r} (use on/off)")


def _float(name: str, value: str) -> float:
    try:
        x = float(value)
    except ValueError:
        raise ConfigError(f"{name} must be a number, got {value!r}") from None
    if not 0.0 <= x <= 1.0:
        raise ConfigError(f"{name} must be between 0 and 1, got {x}")
    return x


def defaults() -> dict[str, Any]:
    """The built-in configuration, before the environment and explicit overrides."""
    return {
        "ENV": "local",
        "SECRET_KEY": None,
        "INSTANCE_PATH": None,  # None -> Flask's instance folder (repo/instance when editable)
        "DATABASE_URL": None,  # None -> SQLite file in the instance folder
        "REDIS_URL": None,
        "CAPTCHA": True,
        "CAPTCHA_TTL": 600,
        "CAPTCHA_LENGTH": 4,
        "MODE": "pre",
        "MODEL_PATH": None,  # None -> the artifact named in model/CURRENT
        "RELEVANCE_PATH": None,  # None -> model/relevance.joblib
        "NER_PATH": None,  # None -> model/ner.joblib
        "OPERATING_POINTS_PATH": None,  # None -> model/operating_points.json when present
        "SEMANTIC": True,  # the embedding heads and encoder, when model/semantic.joblib exists
        "SEMANTIC_PATH": None,  # None -> model/semantic.joblib
        "SEMANTIC_RELEVANCE_PATH": None,  # None -> model/semantic_relevance.joblib
        "ENCODER_THREADS": 1,  # intra-op threads of the sentence encoder per worker
        "ENCODER": "use",  # use (Universal Sentence Encoder) or e5 (README "Semantic layer")
        "MODEL_REJECT_PROBABILITY": 0.0,  # optional floor: a model alone rejects only this sure
        "MODEL_DIR": None,  # artifacts load only from here (None -> the package's model/)
        "MAX_COMMENT_LENGTH": 2000,
        "MAX_NAME_LENGTH": 100,
        "MAX_BATCH": 1000,
        "MAX_CONTENT_LENGTH": 2 * 1024 * 1024,
        "RATELIMIT_ENABLED": True,
        "RATELIMIT_COMMENTS": "10 per minute;200 per hour",
        "RATELIMIT_CHECK": "120 per minute",
        "RATELIMIT_CAPTCHA": "30 per minute",
        "RATELIMIT_CAPTCHA_FAILURES": "10 per 10 minutes",
        "RATELIMIT_DEFAULT": "600 per minute",
        # All readers behind one address together (each reader alone: _CAPTCHA_FAILURES).
        "RATELIMIT_CAPTCHA_FAILURES_ADDRESS": "50 per 10 minutes",
        # None -> Redis when REDIS_URL is set, else a SQLite file in the instance folder.
        "RATELIMIT_STORAGE": None,
        "PROXY_COUNT": 0,
        "REJECT": dict(DEFAULT_REJECT),
        "REVIEW": dict(DEFAULT_REVIEW),
        "DEFAULT_LANGUAGE": "en",
        "SITE_DOMAINS": "",  # the site's own domains: links to them are not spam; CORS origins
        "LOAD_MODELS": True,  # False for processes that give no verdicts (the webhook worker)
        # -- embed, Coral, webhooks (service/embed, service/api/coral.py, service/webhooks) --
        "SITE_NAME": "",  # the site's name in the embed's notice
        "EMBED_REGISTER": "off",  # off | signed | origin: may a page register its article?
        "EMBED_SECRET": "",  # HMAC key of signed data-attributes (EMBED_REGISTER=signed)
        "CORAL_SECRET": "",  # Coral's signing secret(s), comma-separated; empty: endpoint off
        "CORAL_REJECT": "REJECTED",  # REJECTED | SYSTEM_WITHHELD | PREMOD | FLAG
        "CORAL_REVIEW": "PREMOD",  # PREMOD | SYSTEM_WITHHELD | FLAG | NONE
        "CORAL_APPROVE": "204",  # 204 (no opinion) | APPROVED
        "RATELIMIT_CORAL": "6000 per minute",
        "WEBHOOK_WORKER": True,  # raqib serve also runs the delivery worker
        "WEBHOOK_TIMEOUT": 10.0,  # seconds per delivery request
        "WEBHOOK_LEASE": 60.0,  # seconds a worker holds a delivery (> timeout)
        "WEBHOOK_BACKOFF": 10.0,  # first retry delay, doubled each attempt
        "WEBHOOK_BACKOFF_MAX": 3600.0,
        "WEBHOOK_RETRY_FOR": 3 * 24 * 3600.0,  # then the delivery is marked failed
        "WEBHOOK_POLL": 1.0,  # seconds between looks at the outbox when idle
        "WEBHOOK_CONCURRENCY": 4,
        "WEBHOOK_RETENTION_DAYS": 30,
        "TIMEZONE": "Asia/Amman",  # the dashboard shows times and days in the site's zone
        "RATELIMIT_REPORTS": "5 per minute;50 per day",  # readers' reports, per address
        "LIVE_INTERVAL": 10,  # seconds between the dashboard's live-queue polls
    }


def from_env(environ: Mapping[str, str] | None = None) -> dict[str, Any]:
    """Read the ``RAQIB_*`` variables into a configuration mapping."""
    env = os.environ if environ is None else environ
    cfg: dict[str, Any] = {}
    simple = {
        "ENV": str,
        "SECRET_KEY": str,
        "INSTANCE_PATH": str,
        "DATABASE_URL": str,
        "REDIS_URL": str,
        "MODEL_PATH": str,
        "RELEVANCE_PATH": str,
        "NER_PATH": str,
        "OPERATING_POINTS_PATH": str,
        "SEMANTIC_PATH": str,
        "SEMANTIC_RELEVANCE_PATH": str,
        "SEMANTIC": _bool,
        "ENCODER_THREADS": int,
        "ENCODER": str,
        "MODEL_DIR": str,
        "MODE": str,
        "RATELIMIT_COMMENTS": str,
        "RATELIMIT_CHECK": str,
        "RATELIMIT_CAPTCHA": str,
        "RATELIMIT_CAPTCHA_FAILURES": str,
        "RATELIMIT_DEFAULT": str,
        "RATELIMIT_CAPTCHA_FAILURES_ADDRESS": str,
        "RATELIMIT_STORAGE": str,
        "DEFAULT_LANGUAGE": str,
        "SITE_DOMAINS": str,
        "SITE_NAME": str,
        "EMBED_REGISTER": str,
        "EMBED_SECRET": str,
        "CORAL_SECRET": str,
        "CORAL_REJECT": str,
        "CORAL_REVIEW": str,
        "CORAL_APPROVE": str,
        "RATELIMIT_CORAL": str,
        "WEBHOOK_WORKER": _bool,
        "WEBHOOK_TIMEOUT": float,
        "WEBHOOK_LEASE": float,
        "WEBHOOK_BACKOFF": float,
        "WEBHOOK_BACKOFF_MAX": float,
        "WEBHOOK_RETRY_FOR": float,
        "WEBHOOK_POLL": float,
        "WEBHOOK_CONCURRENCY": int,
        "WEBHOOK_RETENTION_DAYS": int,
        "TIMEZONE": str,
        "RATELIMIT_REPORTS": str,
        "LIVE_INTERVAL": int,
        "CAPTCHA": _bool,
        "RATELIMIT_ENABLED": _bool,
        "CAPTCHA_TTL": int,
        "MAX_COMMENT_LENGTH": int,
        "MAX_NAME_LENGTH": int,
        "MAX_BATCH": int,
        "MAX_CONTENT_LENGTH": int,
        "PROXY_COUNT": int,
    }
    for key, cast in simple.items():
        raw = env.get(f"RAQIB_{key}")
        if raw is not None and raw != "":
            try:
                cfg[key] = cast(raw)
            except ValueError:
                raise ConfigError(f"RAQIB_{key}: cannot read {raw!r}") from None
    # Per-category thresholds: RAQIB_REJECT_OFFENSE=0.8, RAQIB_REVIEW_SPAM=0.5, ...
    if env.get("RAQIB_MODEL_REJECT_PROBABILITY"):
        cfg["MODEL_REJECT_PROBABILITY"] = _float(
            "RAQIB_MODEL_REJECT_PROBABILITY", env["RAQIB_MODEL_REJECT_PROBABILITY"]
        )
    for kind in ("REJECT", "REVIEW"):
        for category in CATEGORIES:
            name = f"RAQIB_{kind}_{category.upper()}"
            if env.get(name):
                cfg.setdefault(kind, {})[category] = _float(name, env[name])
    return cfg


def resolve(app_config: dict[str, Any], instance_path: Path) -> None:
    """Fill derived settings (database URL, secret key) and refuse unsafe production setups."""
    if app_config["MODE"] not in ("pre", "auto"):
        raise ConfigError(f"RAQIB_MODE must be 'pre' or 'auto', got {app_config['MODE']!r}")
    for kind in ("REJECT", "REVIEW"):
        merged = dict(DEFAULT_REJECT if kind == "REJECT" else DEFAULT_REVIEW)
        merged.update(app_config.get(kind) or {})
        app_config[kind] = merged
    _check_integrations(app_config)
    try:
        ZoneInfo(str(app_config["TIMEZONE"]))
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(
            f"RAQIB_TIMEZONE: unknown time zone {app_config['TIMEZONE']!r} (e.g. Asia/Amman, UTC)"
        ) from None
    if not 2 <= int(app_config["LIVE_INTERVAL"]) <= 300:
        raise ConfigError("RAQIB_LIVE_INTERVAL must be between 2 and 300 seconds")
    production = app_config["ENV"] == "production"
    if not app_config.get("SECRET_KEY"):
        if production:
            raise ConfigError(
                "RAQIB_SECRET_KEY is not set: refusing to start in production without a secret "
                "key (generate one with: python3 -c 'import secrets; print(secrets.token_hex(32))')"
            )
        app_config["SECRET_KEY"] = _local_secret(instance_path)
    elif production and len(str(app_config["SECRET_KEY"]).encode()) < MIN_SECRET_BYTES:
        raise ConfigError(
            f"RAQIB_SECRET_KEY is too short: at least {MIN_SECRET_BYTES} bytes in production "
            "(generate one with: python3 -c 'import secrets; print(secrets.token_hex(32))')"
        )
    if not app_config.get("DATABASE_URL"):
        instance_path.mkdir(parents=True, exist_ok=True)
        app_config["DATABASE_URL"] = f"sqlite:///{instance_path / 'raqib.sqlite3'}"
    app_config["SQLALCHEMY_DATABASE_URI"] = _driver(app_config["DATABASE_URL"])
    app_config["SESSION_COOKIE_SECURE"] = production
    app_config["MAX_CONTENT_LENGTH"] = int(app_config["MAX_CONTENT_LENGTH"])


CORAL_REJECT = ("REJECTED", "SYSTEM_WITHHELD", "PREMOD", "FLAG")
CORAL_REVIEW = ("PREMOD", "SYSTEM_WITHHELD", "FLAG", "NONE")
CORAL_APPROVE = ("204", "APPROVED")
EMBED_REGISTER = ("off", "signed", "origin")


def _check_integrations(cfg: dict[str, Any]) -> None:
    """Refuse unknown embed, Coral and webhook settings with the variable to fix."""
    for key, allowed in (
        ("CORAL_REJECT", CORAL_REJECT),
        ("CORAL_REVIEW", CORAL_REVIEW),
        ("CORAL_APPROVE", CORAL_APPROVE),
        ("EMBED_REGISTER", EMBED_REGISTER),
    ):
        value = str(cfg[key]).strip()
        cfg[key] = value.lower() if key == "EMBED_REGISTER" else value.upper()
        if cfg[key] not in allowed:
            raise ConfigError(f"RAQIB_{key} must be one of {', '.join(allowed)}, got {value!r}")
    if cfg["EMBED_REGISTER"] == "signed" and not cfg["EMBED_SECRET"]:
        raise ConfigError("RAQIB_EMBED_REGISTER=signed needs RAQIB_EMBED_SECRET")
    if cfg["WEBHOOK_LEASE"] <= 2 * cfg["WEBHOOK_TIMEOUT"]:
        # A lease shorter than a slow attempt would let a second worker send it concurrently.
        raise ConfigError("RAQIB_WEBHOOK_LEASE must exceed twice RAQIB_WEBHOOK_TIMEOUT")
    for key in ("WEBHOOK_TIMEOUT", "WEBHOOK_BACKOFF", "WEBHOOK_POLL", "WEBHOOK_CONCURRENCY"):
        if cfg[key] <= 0:
            raise ConfigError(f"RAQIB_{key} must be positive")


def _driver(url: str) -> str:
    # psycopg 3 is the driver we ship; plain postgres:// URLs from hosting panels must use it.
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def _local_secret(instance_path: Path) -> str:
    instance_path.mkdir(parents=True, exist_ok=True)
    path = instance_path / "secret_key"
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        pass
    key = secrets.token_hex(32)
    # Write a private temp file, then hard-link it into place: link() fails if another worker
    # won the race, and nobody ever reads a half-written key.
    tmp = instance_path / f".secret_key.{os.getpid()}"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(key)
    try:
        os.link(tmp, path)
    except FileExistsError:
        key = path.read_text().strip()
    finally:
        tmp.unlink(missing_ok=True)
    return key
