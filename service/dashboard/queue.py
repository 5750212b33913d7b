"""The review queue: tabs by status (plus Reported and All), filters, search and ordering."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from flask import render_template, request
from sqlalchemy import Text, case, cast, func, or_, select, true

from service.dashboard import bp
from service.dashboard.common import FILTER_CODES, PER_PAGE, day_end, day_start
from service.dashboard.evidence import weak_spans
from service.dashboard.forms import BulkForm
from service.dashboard.params import ORDERS, TABS, QueueArgs, parse
from service.extensions import db
from service.models import STATUSES, Article, Comment, search_text
from service.reports import open_report_counts, open_reports_subquery
from service.store import MAX_ID

ID_RE = re.compile(r"^#?([0-9]{1,10})$")
# Most serious automatic verdict first.
OUTCOME_RANK = case((Comment.verdict == "reject", 0), (Comment.verdict == "review", 1), else_=2)


@dataclass
class QueueFilters:
    """The queue's tab, order and filters, from validated query parameters."""

    status: str = "pending"
    order: str = "oldest"
    article: str = ""
    reason: str = ""
    lang: str = ""
    verdict: str = ""
    since: date | None = None
    until: date | None = None
    q: str = ""
    offset: int = 0

    @classmethod
    def from_args(cls, args: Mapping[str, Any]) -> QueueFilters:
        """Read the filters; a value the page cannot use is a 400 (``BadQuery``)."""
        data = parse(QueueArgs, args)
        return cls.from_parsed(data)

    @classmethod
    def from_parsed(cls, data: Mapping[str, Any]) -> QueueFilters:
        """The filters from already validated parameters."""
        status = data["status"]
        default_order = "oldest" if status == "pending" else "newest"
        return cls(
            status=status,
            order=data.get("order") or default_order,
            article=data["article"],
            reason=data["reason"],
            lang=data["lang"],
            verdict=data["verdict"],
            since=data["since"],
            until=data["until"],
            q=data["q"].strip(),
            offset=data["offset"],
        )

    @property
    def searching(self) -> bool:
        """Whether any filter narrows the queue (tab counts then count matches)."""
        return bool(self.q or self.article or self.reason or self.lang or self.verdict
                    or self.since or self.until)  # fmt: skip

    def where(self) -> list[Any]:
        """The SQL conditions of the filters (the tab's status not included)."""
        conds: list[Any] = []
        if self.article:
            conds.append(Comment.article_id == self.article)
        if self.reason:
            # Reasons are a JSON list stored as text on both SQLite and PostgreSQL; matching the
            # serialised key works on both without dialect-specific JSON functions.
            pattern = '%"code": "' + self.reason.replace("_", "\\_") + '"%'
            conds.append(cast(Comment.reasons, Text).like(pattern, escape="\\"))
        if self.lang:
            conds.append(Comment.language == self.lang)
        if self.verdict:
            conds.append(Comment.verdict == self.verdict)
        if self.since:
            conds.append(Comment.created_at >= day_start(self.since))
        if self.until:
            conds.append(Comment.created_at < day_end(self.until))
        if self.q:
            conds.append(search_condition(self.q))
        return conds

    def order_by(self) -> list[Any]:
        """The SQL ordering; ties broken by id so pages never overlap."""
        if self.order == "risk":
            return [Comment.risk.desc(), Comment.created_at, Comment.id]
        if self.order == "outcome":
            return [OUTCOME_RANK, Comment.risk.desc(), Comment.created_at, Comment.id]
        if self.order == "newest":
            return [Comment.created_at.desc(), Comment.id.desc()]
        return [Comment.created_at, Comment.id]

    def rows(self, tab: str | None = None):
        """The SELECT of this tab's comments with the filters, in order (not paged)."""
        tab = tab or self.status
        stmt = select(Comment).where(*self.where())
        if tab == "reported":
            sub = open_reports_subquery()
            stmt = stmt.join(sub, sub.c.comment_id == Comment.id)
            if "order" not in request.args:
                # Most reported first: readers agreeing is the strongest signal.
                return stmt.order_by(sub.c.reports.desc(), sub.c.first_report, Comment.id)
        elif tab in STATUSES:
            stmt = stmt.where(Comment.status == tab)
        return stmt.order_by(*self.order_by())


def search_condition(q: str):
    """Text, name and email (as typed, and through the project's normaliser), or ``#id``."""
    found = [
        Comment.body.icontains(q, autoescape=True),
        Comment.name.icontains(q, autoescape=True),
        Comment.email.icontains(q, autoescape=True),
    ]
    normalised = search_text(q)
    if normalised:
        # "حكومه" finds "حكومة", "الانتاج" finds "الإنتاج", "stuuupid" finds "stupid".
        found.append(Comment.search.contains(normalised, autoescape=True))
    m = ID_RE.match(q)
    # Only ids that can exist reach the database: an 11-digit phone number is text, not an id.
    if m and 0 < int(m.group(1)) <= MAX_ID:
        found.append(Comment.id == int(m.group(1)))
    return or_(*found)


def tab_counts(f: QueueFilters) -> dict[str, int]:
    """Comments per tab: every status, Reported (open reports) and All, with the filters."""
    conds = f.where()
    counts = {s: 0 for s in TABS}
    for status, n in db.session.execute(
        select(Comment.status, func.count(Comment.id)).where(*conds).group_by(Comment.status)
    ).all():
        counts[status] = int(n)
    counts["all"] = sum(counts[s] for s in STATUSES)
    sub = open_reports_subquery()
    counts["reported"] = int(
        db.session.scalar(
            select(func.count(Comment.id)).join(sub, sub.c.comment_id == Comment.id).where(*conds)
        )
        or 0
    )
    return counts


@bp.get("/queue")
def queue() -> str:
    """The review queue: one tab per status, filters, search, 50 comments a page."""
    f = QueueFilters.from_args(request.args)
    counts = tab_counts(f)
    total = counts.get(f.status, 0)
    # Comment.article is loaded by a join in this same query: no query per row.
    comments = db.session.scalars(f.rows().limit(PER_PAGE).offset(f.offset)).unique().all()
    articles = db.session.execute(
        select(Article.id, Article.title, func.count(Comment.id))
        .join(Comment, Comment.article_id == Article.id)
        .where(Comment.status == f.status if f.status in STATUSES else true())
        .group_by(Article.id, Article.title)
        .order_by(func.count(Comment.id).desc(), Article.id)
        .limit(100)
    ).all()
    return render_template(
        "dashboard/queue.html",
        f=f,
        comments=comments,
        total=total,
        counts=counts,
        tabs=TABS,
        articles=articles,
        per_page=PER_PAGE,
        prev_offset=max(0, f.offset - PER_PAGE) if f.offset else None,
        next_offset=f.offset + PER_PAGE if f.offset + PER_PAGE < total else None,
        orders=ORDERS,
        filter_codes=FILTER_CODES,
        bulk_form=BulkForm(formdata=None),
        reports=open_report_counts(c.id for c in comments),
        weak=weak_spans(comments),
        latest_id=db.session.scalar(select(func.max(Comment.id))) or 0,
    )
