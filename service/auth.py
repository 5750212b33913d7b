"""Moderator accounts: argon2 password hashes and bearer API tokens (stored as SHA-256).

One password policy everywhere (the CLI, the dashboard's forms): :func:`password_problem`.
Revocation is server-side: an API token is a stored hash that can be deleted or replaced
(:func:`rotate_token`), and a dashboard session is valid only while it carries the account's
current ``session_version`` (:func:`session_is_current`), which sign-out, a password change,
disabling and re-enabling bump.
"""

from __future__ import annotations

import hashlib
import secrets
import unicodedata
from functools import wraps

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import g, request
from flask_smorest import abort
from sqlalchemy import select

from service.extensions import db
from service.models import ROLES, Moderator

_hasher = PasswordHasher()
MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 1024


def password_problem(password: str | None) -> str | None:
    """Why ``password`` is not acceptable (the one policy for every way to set one), or None."""
    if password is None or len(password) < MIN_PASSWORD_LENGTH:
        return f"the password must have at least {MIN_PASSWORD_LENGTH} characters"
    if len(password) > MAX_PASSWORD_LENGTH:
        return f"the password must have at most {MAX_PASSWORD_LENGTH} characters"
    if not password.strip():
        return "the password must not be only spaces"
    return None


def _new_token() -> str:
    return "rqb_" + secrets.token_urlsafe(32)


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
    # Control and format characters (bidi overrides among them) only make a name display as
    # another one.
    if any(unicodedata.category(ch) in ("Cc", "Cf") for ch in username):
        raise ValueError("username must not contain control or formatting characters")
    if password is not None and (problem := password_problem(password)):
        raise ValueError(problem)
    token = _new_token()
    mod = db.session.scalar(select(Moderator).where(Moderator.username == username))
    if mod is not None and mod.active:
        raise ValueError(f"moderator {username!r} exists already")
    if mod is None:
        mod = Moderator(username=username)
        db.session.add(mod)
    else:
        # A removed (disabled) name is added again: the same account row, so its audit
        # history stays attached, with fresh credentials; nothing issued before works.
        mod.active = True
        mod.session_version = (mod.session_version or 0) + 1
    mod.role = role
    mod.password_hash = hash_password(password) if password else None
    mod.token_hash = token_digest(token)
    db.session.commit()
    return mod, token


def set_password(mod: Moderator, password: str) -> None:
    """Change the password (policy-checked); every existing session of the account ends."""
    if problem := password_problem(password):
        raise ValueError(problem)
    mod.password_hash = hash_password(password)
    revoke_sessions(mod)


def rotate_token(mod: Moderator) -> str:
    """Replace the account's API token; the old one stops working at once. Returns the new."""
    token = _new_token()
    mod.token_hash = token_digest(token)
    db.session.commit()
    return token


def revoke_sessions(mod: Moderator) -> None:
    """End every dashboard session of the account (its cookies are refused from now on)."""
    mod.session_version = (mod.session_version or 0) + 1
    db.session.commit()


def set_active(mod: Moderator, active: bool) -> None:
    """Disable (token deleted, sessions ended) or re-enable (nothing old comes back)."""
    mod.active = active
    if not active:
        mod.token_hash = None
    # Both ways: a cookie from before the account was disabled must not work after re-enabling.
    revoke_sessions(mod)


def session_is_current(mod: Moderator, version: object) -> bool:
    """Whether a session issued under ``version`` is still valid for the active account."""
    return mod.active and isinstance(version, int) and version == (mod.session_version or 0)


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
