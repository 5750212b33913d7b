"""The audit log: every automatic verdict and human decision, and every list change."""

from __future__ import annotations

from typing import Any

from flask import render_template, request
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from service.dashboard import bp
from service.dashboard.common import PER_PAGE, day_end, day_start
from service.dashboard.params import AUDIT_ACTIONS, AuditArgs, parse
from service.extensions import db
from service.models import Decision, ListChange


@bp.get("/audit")
def audit() -> str:
    """Decisions (who, when, from -> to, why) or list changes; filterable, newest first."""
    args = parse(AuditArgs, request.args)
    offset = args["offset"]
    lists = args["log"] == "lists"
    model: Any = ListChange if lists else Decision
    conds: list[Any] = []
    if args["actor"]:
        conds.append(model.actor == args["actor"])
    if args["action"] and not lists:
        conds.append(Decision.action == args["action"])
    if args["since"]:
        conds.append(model.created_at >= day_start(args["since"]))
    if args["until"]:
        conds.append(model.created_at < day_end(args["until"]))
    if args["comment"] is not None and not lists:
        conds.append(Decision.comment_id == args["comment"])
    total = db.session.scalar(select(func.count(model.id)).where(*conds)) or 0
    stmt = select(model).where(*conds).order_by(model.created_at.desc(), model.id.desc())
    if not lists:
        stmt = stmt.options(joinedload(Decision.comment))
    rows = db.session.scalars(stmt.limit(PER_PAGE).offset(offset)).all()
    actors = db.session.scalars(
        select(model.actor).distinct().order_by(model.actor).limit(200)
    ).all()
    return render_template(
        "dashboard/audit.html",
        log=args["log"],
        rows=rows,
        total=total,
        offset=offset,
        per_page=PER_PAGE,
        prev_offset=max(0, offset - PER_PAGE) if offset else None,
        next_offset=offset + PER_PAGE if offset + PER_PAGE < total else None,
        actors=actors,
        actions=AUDIT_ACTIONS,
        filters={
            "actor": args["actor"],
            "action": args["action"],
            "since": args["since"].isoformat() if args["since"] else "",
            "until": args["until"].isoformat() if args["until"] else "",
            "comment": str(args["comment"]) if args["comment"] is not None else "",
        },
    )
