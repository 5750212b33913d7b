"""Dashboard statistics: a few aggregate queries and inline SVG charts rendered on the server.

Charts are plain SVG strings built here (no JavaScript, no chart library); every label passes
through :func:`markupsafe.escape`, and colours come from CSS classes in the dashboard's
stylesheet, so the Content-Security-Policy needs no inline styles.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import Any

from flask import render_template, request
from flask_babel import gettext as _
from markupsafe import Markup
from sqlalchemy import func, select

from service.core import OUTCOMES
from service.dashboard import RTL_LOCALES, bp
from service.dashboard.common import (
    OUTCOME_LABELS,
    reason_label,
    site_zone,
    status_label,
    ui_lang,
    zone_label,
)
from service.dashboard.params import STATS_DAYS, StatsArgs, parse
from service.extensions import db
from service.models import STATUSES, Comment, Decision

# What the human decided, in the automatic verdict's terms: deleting is rejecting.
HUMAN_VERDICT = {"approve": "approve", "reject": "reject", "delete": "reject"}
NO_REASON = "none"


def window_start(days: int, today: date | None = None, zone: tzinfo = UTC) -> datetime:
    """Midnight (in ``zone``, the site's time zone) at the start of ``days`` days ending today."""
    today = today or datetime.now(zone).date()
    first = today - timedelta(days=days - 1)
    return datetime(first.year, first.month, first.day, tzinfo=zone)


def _utc_hour(column):
    """The UTC hour of a timestamp as "YYYY-MM-DD HH" text, on SQLite and PostgreSQL."""
    if db.engine.dialect.name == "postgresql":
        return func.to_char(func.timezone("UTC", column), "YYYY-MM-DD HH24")
    # SQLite keeps UTC text (service.models.UTCDateTime).
    return func.strftime("%Y-%m-%d %H", column)


def comments_per_day(days: int, zone: tzinfo = UTC) -> tuple[list[date], dict[str, list[int]]]:
    """Comments received per day (site time zone) by current status, oldest first, zeros filled.

    Counted per UTC hour in SQL and summed into local days here: exact for every zone whose
    offset is whole hours (Asia/Amman, UTC, Europe/...), whatever its daylight-saving rules.
    """
    since = window_start(days, zone=zone)
    hour = _utc_hour(Comment.created_at)
    rows = db.session.execute(
        select(hour, Comment.status, func.count(Comment.id))
        .where(Comment.created_at >= since)
        .group_by(hour, Comment.status)
    ).all()
    dates = [since.date() + timedelta(days=i) for i in range(days)]
    index = {d: i for i, d in enumerate(dates)}
    series = {s: [0] * days for s in STATUSES}
    for raw_hour, status, n in rows:
        try:
            at = datetime.strptime(str(raw_hour), "%Y-%m-%d %H").replace(tzinfo=UTC)
        except ValueError:
            continue
        day = at.astimezone(zone).date()
        if day in index and status in series:
            series[status][index[day]] += int(n)
    return dates, series


def outcome_counts(days: int, zone: tzinfo = UTC) -> Counter[str]:
    """Comments received in the window by automatic verdict (approve, review, reject)."""
    since = window_start(days, zone=zone)
    rows = db.session.execute(
        select(Comment.verdict, func.count(Comment.id))
        .where(Comment.created_at >= since)
        .group_by(Comment.verdict)
    ).all()
    return Counter({verdict: int(n) for verdict, n in rows if verdict in OUTCOMES})


def reason_counts(days: int, zone: tzinfo = UTC) -> Counter[str]:
    """How many comments each reason code was given by the automatic verdict."""
    since = window_start(days, zone=zone)
    # The automatic audit entry's reason is the comma-joined set of reason codes (or the bare
    # verdict when there was none): grouping on it counts in SQL without loading any JSON.
    rows = db.session.execute(
        select(Decision.reason, func.count(Decision.id))
        .where(Decision.automatic.is_(True), Decision.created_at >= since)
        .group_by(Decision.reason)
    ).all()
    counts: Counter[str] = Counter()
    for reason, n in rows:
        for code in (reason or "").split(","):
            code = code.strip()
            if code and code not in OUTCOMES:
                counts[code] += int(n)
    return counts


@dataclass
class Agreement:
    """How often moderators kept the automatic verdict for comments with one reason code."""

    code: str
    reviewed: int = 0
    agreed: int = 0
    to_approve: int = 0  # automatic reject, human approve: a false positive of the machine
    to_reject: int = 0  # automatic approve, human reject or delete: a false negative

    @property
    def overrides(self) -> int:
        """Human decisions that went against the automatic verdict."""
        return self.to_approve + self.to_reject

    @property
    def rate(self) -> float | None:
        """Share of reviewed comments where the human agreed (None when none reviewed)."""
        return self.agreed / self.reviewed if self.reviewed else None


@dataclass
class AgreementReport:
    """Agreement per reason code, overall and per moderator."""

    by_code: list[Agreement] = field(default_factory=list)
    overall: Agreement = field(default_factory=lambda: Agreement("all"))
    by_moderator: list[Agreement] = field(default_factory=list)
    # What moderators finally did with each automatic outcome: {outcome: {approve|reject: n}}.
    by_outcome: dict[str, Counter[str]] = field(default_factory=dict)


def agreement(days: int, zone: tzinfo = UTC) -> AgreementReport:
    """Compare each reviewed comment's automatic verdict with its latest human decision."""
    since = window_start(days, zone=zone)
    latest = (
        select(func.max(Decision.id))
        .where(Decision.automatic.is_(False), Decision.created_at >= since)
        .group_by(Decision.comment_id)
    )
    rows = db.session.execute(
        select(Comment.verdict, Comment.reasons, Decision.action, Decision.actor)
        .join(Decision, Decision.comment_id == Comment.id)
        .where(Decision.id.in_(latest))
    ).all()
    return tally(rows)


def tally(rows: Sequence[tuple[str, Any, str, str]]) -> AgreementReport:
    """Agreement counts from (automatic verdict, reasons, human action, actor) rows."""
    codes: dict[str, Agreement] = {}
    actors: dict[str, Agreement] = {}
    overall = Agreement("all")
    by_outcome: dict[str, Counter[str]] = {o: Counter() for o in OUTCOMES}
    for verdict, reasons, action, actor in rows:
        human = HUMAN_VERDICT.get(action)
        if human is not None and verdict in by_outcome:
            by_outcome[verdict][human] += 1
        # A "review" verdict decided nothing, so there is nothing to agree with.
        if human is None or verdict not in ("approve", "reject"):
            continue
        found = sorted({r.get("code") for r in (reasons or []) if isinstance(r, Mapping)} - {None})
        for key, bucket in (
            *((c, codes) for c in (found or [NO_REASON])),
            (actor, actors),
        ):
            _count(bucket.setdefault(key, Agreement(key)), verdict, human)
        _count(overall, verdict, human)
    return AgreementReport(
        by_code=sorted(codes.values(), key=lambda a: (-a.reviewed, a.code)),
        overall=overall,
        by_moderator=sorted(actors.values(), key=lambda a: (-a.reviewed, a.code)),
        by_outcome=by_outcome,
    )


def _count(bucket: Agreement, verdict: str, human: str) -> None:
    bucket.reviewed += 1
    if verdict == human:
        bucket.agreed += 1
    elif human == "approve":
        bucket.to_approve += 1
    else:
        bucket.to_reject += 1


# -- SVG ----------------------------------------------------------------------------------------
def _nice_max(value: int) -> int:
    """A round axis maximum at or above ``value`` (1, 2, 5 times a power of ten)."""
    if value <= 0:
        return 1
    scale = 1
    while True:
        for step in (1, 2, 5):
            if step * scale >= value:
                return step * scale
        scale *= 10


def stacked_bars(
    dates: Sequence[date],
    series: Mapping[str, Sequence[int]],
    labels: Mapping[str, str],
    title: str,
    width: int = 960,
    height: int = 260,
) -> Markup:
    """A stacked bar chart of counts per day; one CSS class per series (``series-<name>``)."""
    left, right, top, bottom = 40, 10, 10, 30
    plot_w, plot_h = width - left - right, height - top - bottom
    n = max(len(dates), 1)
    totals = [sum(series[s][i] for s in series) for i in range(len(dates))]
    ymax = _nice_max(max(totals, default=0))
    slot = plot_w / n
    bar_w = max(slot * 0.75, 1.0)
    parts = [_svg_open(width, height, title)]
    for frac in (0, 0.5, 1):
        y = top + plot_h * (1 - frac)
        parts.append(
            Markup(
                '<line class="grid" x1="{}" x2="{}" y1="{:.1f}" y2="{:.1f}"/>'
                '<text class="axis" x="{}" y="{:.1f}" text-anchor="end">{}</text>'
            ).format(left, width - right, y, y, left - 6, y + 4, round(ymax * frac))
        )
    label_every = max(1, round(n / 8))
    for i, day in enumerate(dates):
        x = left + i * slot + (slot - bar_w) / 2
        y = top + plot_h
        for name, values in series.items():
            value = values[i]
            if not value:
                continue
            h = plot_h * value / ymax
            y -= h
            parts.append(
                Markup(
                    '<rect class="series-{}" x="{:.1f}" y="{:.1f}" width="{:.1f}" '
                    'height="{:.1f}"><title>{} · {}: {}</title></rect>'
                ).format(name, x, y, bar_w, h, day.isoformat(), labels.get(name, name), value)
            )
        last = i == n - 1 and (n - 1) % label_every >= label_every / 2
        if i % label_every == 0 or last:
            parts.append(
                Markup(
                    '<text class="axis" x="{:.1f}" y="{}" text-anchor="middle">{}</text>'
                ).format(x + bar_w / 2, height - 10, day.strftime("%m-%d"))
            )
    parts.append(Markup("</svg>"))
    return Markup("").join(parts)


def hbars(
    items: Sequence[tuple[str, float, str]],
    title: str,
    *,
    maximum: float | None = None,
    rtl: bool = False,
    css: str = "bar",
    width: int = 960,
    classes: Sequence[str] | None = None,
) -> Markup:
    """Horizontal bars: (label, value, value text) rows; mirrored for right-to-left pages."""
    row_h, label_w, value_w = 26, 200, 110
    height = max(len(items), 1) * row_h + 8
    plot_w = width - label_w - value_w
    top = maximum if maximum is not None else max((v for _, v, _ in items), default=0.0)
    top = top or 1.0
    parts = [_svg_open(width, height, title)]
    for i, (label, value, text) in enumerate(items):
        y = 4 + i * row_h
        w = plot_w * max(0.0, min(value, top)) / top
        if rtl:
            label_x, bar_x = width - 8, width - label_w - w
            value_x, value_anchor = width - label_w - w - 6, "end"
        else:
            label_x, bar_x = label_w - 8, float(label_w)
            value_x, value_anchor = label_w + w + 6, "start"
        parts.append(
            Markup(
                '<text class="label" x="{}" y="{}" text-anchor="end">{}</text>'
                '<rect class="{}" x="{:.1f}" y="{}" width="{:.1f}" height="{}">'
                "<title>{}: {}</title></rect>"
                '<text class="value" x="{:.1f}" y="{}" text-anchor="{}">{}</text>'
            ).format(
                label_x,
                y + 17,
                label,
                classes[i] if classes and i < len(classes) else css,
                bar_x,
                y + 4,
                w,
                row_h - 8,
                label,
                text,
                value_x,
                y + 17,
                value_anchor,
                text,
            )
        )
    parts.append(Markup("</svg>"))
    return Markup("").join(parts)


def _svg_open(width: int, height: int, title: str) -> Markup:
    return Markup(
        '<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" '
        'width="{w}" height="{h}" direction="ltr" role="img" aria-label="{t}">'
        "<title>{t}</title>"
    ).format(w=width, h=height, t=title)


# -- the page -----------------------------------------------------------------------------------
@bp.get("/stats")
def stats_page() -> str:
    """Comments per day, outcomes, reasons, and how often moderators agree with Raqib."""
    days = parse(StatsArgs, request.args)["days"]
    zone = site_zone()
    rtl = ui_lang() in RTL_LOCALES
    dates, series = comments_per_day(days, zone)
    labels = {s: status_label(s) for s in STATUSES}
    per_day = stacked_bars(dates, series, labels, _("Comments per day by status"))
    outcomes = outcome_counts(days, zone)
    outcome_chart = hbars(
        [(str(OUTCOME_LABELS[o]), float(outcomes[o]), str(outcomes[o])) for o in OUTCOMES],
        _("Automatic verdicts"),
        rtl=rtl,
        css="bar",
        classes=[f"bar-{o}" for o in OUTCOMES],
    )
    reasons = reason_counts(days, zone)
    reason_chart = hbars(
        [(reason_label(code), float(n), str(n)) for code, n in reasons.most_common(12)],
        _("Reasons given by the automatic verdict"),
        rtl=rtl,
    )
    report = agreement(days, zone)
    agreement_chart = hbars(
        [
            (reason_label(a.code), a.rate or 0.0, f"{a.rate:.0%} ({a.agreed}/{a.reviewed})")
            for a in report.by_code
            if a.rate is not None
        ],
        _("Agreement of moderators with the automatic verdict"),
        maximum=1.0,
        rtl=rtl,
        css="bar-agree",
    )
    return render_template(
        "dashboard/stats.html",
        days=days,
        choices=STATS_DAYS,
        per_day=per_day,
        series=series,
        totals={s: sum(v) for s, v in series.items()},
        outcomes=outcomes,
        outcome_chart=outcome_chart,
        outcome_order=OUTCOMES,
        reasons=reasons,
        reason_chart=reason_chart,
        report=report,
        agreement_chart=agreement_chart,
        zone=zone_label(),
    )
