"""Request bodies bounded before any work is done on them: size, JSON nesting, text length.

The body's size is bounded by ``RAQIB_MAX_CONTENT_LENGTH`` (Werkzeug answers 413 before reading
more). JSON is parsed once per request (cached on ``g``) by :class:`BoundedJSONProvider`, which is
also the application's JSON provider, so every ``request.get_json`` in any blueprint gets the
same bound: nesting deeper than :data:`MAX_JSON_DEPTH` is a malformed body (400), never a
``RecursionError`` and a 500. Raqib's own bodies nest three levels at most (a batch item's inline
article), so 32 is generous.
"""

from __future__ import annotations

from typing import Any

from flask import current_app, g, request
from flask.json.provider import DefaultJSONProvider
from flask_smorest import abort

MAX_JSON_DEPTH = 32
_MISSING = object()


class JSONTooDeep(ValueError):
    """The JSON document nests containers deeper than allowed."""


def too_deep(value: Any, limit: int = MAX_JSON_DEPTH) -> bool:
    """Whether containers nest deeper than ``limit`` (iterative: deep input cannot recurse)."""
    if not isinstance(value, (dict, list)):
        return False
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if depth > limit:
            return True
        children = item.values() if isinstance(item, dict) else item
        stack.extend((c, depth + 1) for c in children if isinstance(c, (dict, list)))
    return False


class BoundedJSONProvider(DefaultJSONProvider):
    """Flask's JSON provider, refusing documents nested deeper than :data:`MAX_JSON_DEPTH`."""

    def loads(self, s: str | bytes, **kwargs: Any) -> Any:
        """Parse JSON; raise :class:`JSONTooDeep` (a ``ValueError``) for deep nesting."""
        try:
            value = super().loads(s, **kwargs)
        except RecursionError:
            raise JSONTooDeep(f"nested deeper than {MAX_JSON_DEPTH} levels") from None
        if too_deep(value):
            raise JSONTooDeep(f"nested deeper than {MAX_JSON_DEPTH} levels")
        return value


def json_body() -> Any:
    """The request's JSON document (parsed once); aborts 400 when it is not valid JSON."""
    cached = g.get("_raqib_json", _MISSING)
    if cached is not _MISSING:
        return cached
    raw = request.get_data(cache=True)  # over RAQIB_MAX_CONTENT_LENGTH: 413 here
    try:
        value = current_app.json.loads(raw) if raw else None
    except JSONTooDeep:
        abort(
            400,
            message=f"The JSON body is nested too deeply (at most {MAX_JSON_DEPTH} levels).",
        )
    except ValueError:  # JSONDecodeError and UnicodeDecodeError
        abort(400, message="The body is not valid JSON.")
    g._raqib_json = value
    return value


def json_body_or_none() -> Any:
    """The JSON document, or None when the body is not valid JSON (for rate-limit costs)."""
    if not request.is_json:
        return None
    try:
        return json_body()
    except Exception:  # noqa: BLE001 - the view reports the malformed body itself
        return None
