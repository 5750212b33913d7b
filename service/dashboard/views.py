"""The dashboard's pages, one module per surface; importing this module registers them all.

``init_dashboard`` imports it.  A new surface is a module that adds routes to
``service.dashboard.bp`` and one line in the import below.  Helpers that pages share live in
:mod:`service.dashboard.common` (re-exported here for modules written against the old layout).
"""

from __future__ import annotations

from flask import abort
from werkzeug.wrappers import Response

from service.dashboard import (  # noqa: F401 - each module adds its routes to the blueprint
    actions,
    admin,
    audit,
    bp,
    comment,
    commenters,
    live,
    queue,
    signin,
    stats,
    words,
)
from service.dashboard.common import (  # noqa: F401 - the shared helpers, by their old address
    ACTION_LABELS,
    OUTCOME_LABELS,
    REASON_LABELS,
    STATUS_LABELS,
    admin_required,
    commit_lists,
    current_path,
    form_errors,
    reason_label,
    render_error,
    safe_next,
    signed_in,
    ui_lang,
    url_with,
    wants_json,
    when,
)
from service.dashboard.evidence import highlight  # noqa: F401


@bp.route("/<path:_unknown>", methods=["GET", "POST"])
def not_found(_unknown: str) -> Response:
    """Unknown dashboard addresses get the dashboard's own 404 page."""
    abort(404)
