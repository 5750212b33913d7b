"""Flask extensions, created unbound here and bound to the app in the factory."""

from __future__ import annotations

from flask import request
from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy.orm import DeclarativeBase

from service.errors import RaqibApi


class Base(DeclarativeBase):
    """Declarative base of every Raqib table."""


def _rate_key() -> str:
    # A valid moderator's token is its own bucket (shared by all its servers); anything else,
    # including an unknown token, is limited per client address, so inventing tokens buys
    # nothing.
    auth = request.headers.get("Authorization", "")
    if auth.startswith("Bearer ") and len(auth) > 7:
        from service.auth import moderator_for_token

        mod = moderator_for_token(auth[7:].strip())
        if mod is not None:
            return f"moderator:{mod.id}"
    return "ip:" + (get_remote_address() or "unknown")


db = SQLAlchemy(model_class=Base)
# Batch mode lets SQLite take ALTER TABLE migrations (it copies the table).
migrate = Migrate(render_as_batch=True, compare_type=True)
api = RaqibApi()
limiter = Limiter(key_func=_rate_key, headers_enabled=True)
csrf = CSRFProtect()
babel = Babel()
