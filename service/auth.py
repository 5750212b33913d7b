"""Moderator accounts: argon2 password hashes and bearer API tokens (stored as SHA-256)."""

from __future__ import annotations

import hashlib
import secrets
from functools import wraps

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import g, request
from flask_smorest import abort
from sqlalchemy import select

from service.extensions import db
from service.models import ROLES, Moderator

_hasher = PasswordHasher()


def token_digest(token: str) -> str:
    """The stored form of an API token: tokens are long random strings, so SHA-256 suffices."""
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def hash_password(password: str) -> str:
    """Argon2id hash of a password."""
    return _hasher.hash(password)


def verify_password(moderator: Moderator, password: str) -> bool:
    """Whether ``password`` is the moderator's (constant-time, via argon2)."""
    if not moderator.password_hash or not moderator.active:
        return False
    try:
        return _hasher.verify(moderator.password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def create_moderator(
    username: str, *, role: str = "moderator", password: str | None = None
) -> tuple[Moderator, str]:
    """Create an account; returns it with its API token (shown once, stored hashed)."""
    if role not in ROLES:
        raise ValueError(f"role must be one of {', '.join(ROLES)}")
    username = username.strip()
    if not username or len(username) > 100:
        raise ValueError("username must be 1 to 100 characters")
    if db.session.scalar(select(Moderator).where(Moderator.username == username)):
        raise ValueError(f"moderator {username!r} exists already")
    token = "rqb_" + secrets.token_urlsafe(32)
    mod = Moderator(
        username=username,
        role=role,
        password_hash=hash_password(password) if password else None,
        token_hash=token_digest(token),
    )
    db.session.add(mod)
    db.session.commit()
    return mod, token


def moderator_for_token(token: str) -> Moderator | None:
    """The active moderator owning this API token, if any."""
    if not token:
        return None
    mod = db.session.scalar(select(Moderator).where(Moderator.token_hash == token_digest(token)))
    return mod if mod is not None and mod.active else None


def token_required(role: str | None = None):
    """Decorator for API views: require ``Authorization: Bearer <token>`` (and a role)."""

    def decorator(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            header = request.headers.get("Authorization", "")
            scheme, _, token = header.partition(" ")
            mod = moderator_for_token(token.strip()) if scheme.lower() == "bearer" else None
            if mod is None:
                abort(
                    401, message="A valid moderator API token is required (Authorization: Bearer)."
                )
            if role == "admin" and not mod.is_admin:
                abort(403, message="This action needs an admin token.")
            g.moderator = mod
            return view(*args, **kwargs)

        return wrapper

    return decorator
