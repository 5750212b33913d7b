"""The live queue: tab counts, new comments, and who is looking at or just decided a row.

Polling, not server-sent events: a page asks ``GET /dashboard/live`` every
``RAQIB_LIVE_INTERVAL`` seconds (10 by default, paused while the tab is hidden).  An event
stream would hold one of the server's few sync workers per open dashboard tab for as long as the
tab is open; a poll costs a handful of indexed queries and returns the worker at once
(``bench/bench_live.py`` prints the cost).  Presence is a row per moderator (the comment they
have open or on their keyboard cursor), refreshed by each poll and forgotten after a while.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from flask import current_app, g, jsonify, request
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from werkzeug.wrappers import Response

from service.dashboard import bp
from service.dashboard.common import done_by, status_label
from service.dashboard.params import LiveArgs, parse
from service.extensions import db
from service.models import Comment, Decision, Moderator, Presence, utcnow

# A moderator counts as looking at a comment while their page keeps polling (with margin).
PRESENCE_SECONDS = 45


def touch_presence(moderator: Moderator, comment_id: int | None) -> None:
    """Record which comment ``moderator`` has in front of them now."""
    row = db.session.get(Presence, moderator.id)
    if row is None:
        db.session.add(Presence(moderator_id=moderator.id, comment_id=comment_id))
    else:
        row.comment_id = comment_id
        row.seen_at = utcnow()
    try:
        db.session.commit()
    except IntegrityError:
        # The same moderator's other tab inserted first: that tab's presence will do.
        db.session.rollback()


def viewers_of(ids: Iterable[int], me: Moderator) -> dict[int, list[str]]:
    """Other moderators looking at each of these comments now."""
    ids = list(ids)
    if not ids:
        return {}
    since = utcnow() - timedelta(seconds=PRESENCE_SECONDS)
    rows = db.session.execute(
        select(Presence.comment_id, Moderator.username)
        .join(Moderator, Moderator.id == Presence.moderator_id)
        .where(
            Presence.comment_id.in_(ids),
            Presence.seen_at >= since,
            Presence.moderator_id != me.id,
        )
        .order_by(Moderator.username)
    ).all()
    out: dict[int, list[str]] = {}
    for cid, name in rows:
        out.setdefault(cid, []).append(name)
    return out


def latest_decisions(ids: Iterable[int]) -> dict[int, Decision]:
    """The latest audit entry of each comment (who put it in its current status)."""
    ids = list(ids)
    if not ids:
        return {}
    latest = (
        select(func.max(Decision.id)).where(Decision.comment_id.in_(ids)).group_by(Decision.comment_id)
    )
    rows = db.session.scalars(select(Decision).where(Decision.id.in_(latest))).all()
    return {d.comment_id: d for d in rows}


@bp.get("/live")
def live() -> Response:
    """Counts per tab, new comments since the page loaded, and the state of the rows shown."""
    from service.dashboard.queue import QueueFilters, tab_counts

    data = parse(LiveArgs, request.args)
    f = QueueFilters.from_parsed(data)
    me = g.moderator
    if "looking" in request.args:
        touch_presence(me, data["looking"])
    counts = tab_counts(f)
    newer = f.rows().where(Comment.id > data["after"]).order_by(None)
    new = db.session.scalar(select(func.count()).select_from(newer.subquery())) or 0
    ids = data["ids"]
    statuses = dict(
        db.session.execute(select(Comment.id, Comment.status).where(Comment.id.in_(ids))).all()
    ) if ids else {}  # fmt: skip
    decisions = latest_decisions(ids)
    viewers = viewers_of(ids, me)
    rows: dict[str, Any] = {}
    for cid in ids:
        if cid not in statuses:
            continue
        d = decisions.get(cid)
        human = d is not None and not d.automatic
        rows[str(cid)] = {
            "status": statuses[cid],
            "status_label": status_label(statuses[cid]),
            "decided": done_by(d.action, d.actor, d.created_at, d.to_status) if human else None,
            "by_me": bool(human and d.moderator_id == me.id),
            "viewers": viewers.get(cid, []),
        }
    return jsonify(
        ok=True,
        counts=counts,
        new=int(new),
        rows=rows,
        interval=current_app.config["LIVE_INTERVAL"],
    )
