"""Flask extensions, created unbound here and bound to the app in the factory."""

from __future__ import annotations

from flask_babel import Babel
from flask_limiter import Limiter
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy.orm import DeclarativeBase

from service.errors import RaqibApi


class Base(DeclarativeBase):
    """Declarative base of every Raqib table."""


def _rate_key() -> str:
    from service.readers import rate_key

    return rate_key()


db = SQLAlchemy(model_class=Base)
# Batch mode lets SQLite take ALTER TABLE migrations (it copies the table).
migrate = Migrate(render_as_batch=True, compare_type=True)
api = RaqibApi()
limiter = Limiter(key_func=_rate_key, headers_enabled=True)
csrf = CSRFProtect()
babel = Babel()
