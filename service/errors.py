"""One error shape for every endpoint, built on flask-smorest's error handler.

Every error is JSON ``{code, status, message, errors?, reasons?, verdict?}``: ``reasons`` and
``verdict`` come with form errors (422) so that a site can show the commenter what to fix.
Unexpected exceptions become a plain 500 body without a stack trace; the trace goes to the log.
"""

from __future__ import annotations

import logging

import marshmallow as ma
from flask import request
from flask_smorest import Api
from flask_smorest.error_handler import ErrorSchema
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.exceptions import HTTPException, InternalServerError, ServiceUnavailable

from service.messages import pick_language

log = logging.getLogger("raqib.errors")

_DEFAULT_MESSAGES = {
    400: ("The request is malformed.", "الطلب غير صالح."),
    401: ("Authentication is required.", "يلزم تسجيل الدخول أو رمز وصول."),
    403: ("Not allowed.", "غير مسموح."),
    404: ("Not found.", "غير موجود."),
    405: ("Method not allowed.", "الطريقة غير مسموحة."),
    413: ("The request is too large.", "الطلب كبير جدًا."),
    415: ("Unsupported media type.", "نوع المحتوى غير مدعوم."),
    422: ("The form has errors.", "في النموذج أخطاء."),
    429: (
        "Too many requests: slow down and retry later.",
        "طلبات كثيرة جدًا: يرجى المحاولة لاحقًا.",
    ),
    500: ("Internal error: the request was not processed.", "خطأ داخلي: لم تتم معالجة الطلب."),
    503: (
        "Temporarily unavailable: retry shortly.",
        "الخدمة غير متاحة مؤقتًا: أعد المحاولة بعد قليل.",
    ),
}


_MISSING_SCHEMA = ("no such table", "no such column", "does not exist")


def _schema_problem(db, error: SQLAlchemyError) -> str | None:
    """"Schema not migrated ..." when that is why the database failed (else None)."""
    from service.schema import schema_problem

    # Only an error about a missing table or column is looked into: an unreachable server
    # must not be asked again (it would wait for another connection timeout).
    if not any(text in str(error) for text in _MISSING_SCHEMA):
        return None
    try:
        with db.engine.connect() as conn:
            problem = schema_problem(conn)
    except SQLAlchemyError:
        return None  # the database itself is down
    return f"{problem[0].upper()}{problem[1:]}; nothing was stored." if problem else None


class RaqibErrorSchema(ErrorSchema):
    messages = ma.fields.Dict(metadata={"description": "The message in English and Arabic"})
    reasons = ma.fields.List(ma.fields.Dict(), metadata={"description": "Form reasons"})
    verdict = ma.fields.String(metadata={"description": "'reject' for form errors"})
    current = ma.fields.Dict(
        metadata={"description": "409 on a decision: the comment's status and its last change"}
    )


class RaqibApi(Api):
    """flask-smorest's Api with Raqib's error payload."""

    ERROR_SCHEMA = RaqibErrorSchema

    def _register_error_handlers(self):
        super()._register_error_handlers()
        self._app.register_error_handler(Exception, self.handle_unexpected)

    def handle_http_exception(self, error: HTTPException):
        """Render any HTTP error in the one JSON shape (the dashboard renders its own pages)."""
        custom = self._app.extensions.get("raqib_error_pages")
        if custom is not None and request.blueprint in custom:
            return custom[request.blueprint](error)
        payload, code, headers = super().handle_http_exception(error)
        default = _DEFAULT_MESSAGES.get(code)
        if default is not None:
            lang = pick_language(
                request.args.get("lang"),
                request.accept_languages if request.headers.get("Accept-Language") else None,
                self._app.config.get("DEFAULT_LANGUAGE", "en"),
            )
            # Form errors (422) carry their own bilingual reasons; the summary follows suit.
            payload.setdefault("message", default[1] if lang == "ar" else default[0])
            payload["messages"] = {"en": default[0], "ar": default[1]}
        else:
            payload.setdefault("message", error.description or "")
        data = getattr(error, "data", None) or {}
        for key in ("reasons", "verdict", "current"):
            if key in data:
                payload[key] = data[key]
        # Werkzeug's own exceptions (405, 429 from the limiter) carry their headers here.
        if not headers and hasattr(error, "get_headers"):
            headers = {
                k: v
                for k, v in error.get_headers()
                if k.lower() not in ("content-type", "content-length")
            }
        return payload, code, headers

    def handle_unexpected(self, error: Exception):
        """A bug must not leak a stack trace: log it, answer a plain 500."""
        if isinstance(error, HTTPException):
            return self.handle_http_exception(error)
        if isinstance(error, SQLAlchemyError):
            # The database is down or overloaded: nothing was stored, and the client should
            # retry (a 503 with Retry-After), not be told the server is broken.
            log.error("database error on %s %s: %s", request.method, request.path, error)
            from service.extensions import db

            db.session.rollback()
            unavailable = ServiceUnavailable(retry_after=5)
            problem = _schema_problem(db, error)
            unavailable.data = {
                "message": problem or "The database is unavailable; nothing was stored. Retry.",
                # The dashboard's page shows it (the JSON keeps just the message).
                "schema": problem,
            }
            return self.handle_http_exception(unavailable)
        log.exception("unhandled error on %s %s", request.method, request.path)
        return self.handle_http_exception(InternalServerError())
