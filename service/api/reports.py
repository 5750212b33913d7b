"""``POST /api/v1/comments/{id}/report``: a reader reports a published comment.

Open to the public (readers are how moderators find comments that must go after publication)
and rate-limited per client address (``RAQIB_RATELIMIT_REPORTS``).  Only published comments can
be reported; any other id is a 404, so the endpoint does not reveal which comments exist.
"""

from __future__ import annotations

from flask import current_app
from flask_smorest import abort
from marshmallow import Schema, fields, validate

from service.api import _client_ip, blp, body_data, load
from service.api.schemas import Text, _Strict
from service.extensions import limiter
from service.models import REPORT_REASONS
from service.reports import file_report
from service.store import get_comment, ip_hash


class ReportIn(_Strict):
    reason = Text(required=True, validate=validate.OneOf(REPORT_REASONS))
    note = Text(load_default=None, allow_none=True, validate=validate.Length(max=500))


class ReportOut(Schema):
    comment_id = fields.Integer()
    received = fields.Boolean(
        metadata={"description": "always true: a repeated report by the same reader is one"}
    )


@blp.route("/api/v1/comments/<int:comment_id>/report", methods=["POST"])
@blp.doc(
    requestBody={
        "content": {
            "application/json": {"schema": ReportIn},
            "application/x-www-form-urlencoded": {"schema": ReportIn},
        }
    }
)
@blp.response(202, ReportOut)
@limiter.limit(lambda: current_app.config["RATELIMIT_REPORTS"])
def report_comment(comment_id: int):
    """Report a published comment to the moderators (reason: offense, strife, spam, ...)."""
    data = load(ReportIn(), body_data(form_ok=True))
    comment = get_comment(comment_id)
    if comment is None or comment.status != "published":
        abort(404, message="Unknown comment.")
    reporter = ip_hash(current_app.config["SECRET_KEY"], _client_ip() or "unknown") or "unknown"
    file_report(comment, data["reason"], data["note"], reporter)
    return {"comment_id": comment.id, "received": True}, 202
