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
from werkzeug.exceptions import HTTPException, InternalServerError

log = logging.getLogger("raqib.errors")

_DEFAULT_MESSAGES = {
    400: "The request is malformed.",
    401: "Authentication is required.",
    403: "Not allowed.",
    404: "Not found.",
    405: "Method not allowed.",
    413: "The request is too large.",
    415: "Unsupported media type.",
    429: "Too many requests: slow down and retry later.",
    500: "Internal error: the request was not processed.",
}


class RaqibErrorSchema(ErrorSchema):
    reasons = ma.fields.List(ma.fields.Dict(), metadata={"description": "Form reasons"})
    verdict = ma.fields.String(metadata={"description": "'reject' for form errors"})


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
        payload.setdefault("message", _DEFAULT_MESSAGES.get(code, error.description or ""))
        data = getattr(error, "data", None) or {}
        for key in ("reasons", "verdict"):
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
        log.exception("unhandled error on %s %s", request.method, request.path)
        return self.handle_http_exception(InternalServerError())
