"""Query parameters of the dashboard's pages, validated like the API's (marshmallow).

A value the page cannot use is a 400 that names the field and why, never a 500 or a 503: a
date past the calendar's end, an offset beyond any page, a number too large for an id, a
character that only looks like a digit ("²").  Empty values (a form's "Any" option) mean absent.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from marshmallow import (
    EXCLUDE,
    Schema,
    ValidationError,
    fields,
    pre_load,
    validate,
    validates_schema,
)

from service.api.schemas import ARTICLE_ID, Text
from service.core import OUTCOMES
from service.dashboard.common import FILTER_CODES, BadQuery
from service.models import STATUSES, WORD_KINDS
from service.store import ACTIONS, MAX_ID

TABS = (*STATUSES, "reported", "all")
ORDERS = ("oldest", "newest", "risk", "outcome")
AUDIT_ACTIONS = ("verdict", *ACTIONS, "undo")
AUDIT_LOGS = ("decisions", "lists")
STATS_DAYS = (7, 30, 90)
MAX_OFFSET = 1_000_000
# Dates a news desk can mean; beyond them date arithmetic (and some databases) overflow.
FIRST_DAY, LAST_DAY = date(2000, 1, 1), date(2100, 12, 31)


def _day() -> fields.Date:
    return fields.Date(
        load_default=None,
        validate=validate.Range(
            min=FIRST_DAY, max=LAST_DAY, error="Choose a day between 2000-01-01 and 2100-12-31."
        ),
    )


def _offset() -> fields.Integer:
    return fields.Integer(
        load_default=0, strict=False, validate=validate.Range(min=0, max=MAX_OFFSET)
    )


class _Args(Schema):
    class Meta:
        unknown = EXCLUDE  # other parameters (next, a fragment's leftovers) are not filters

    @pre_load
    def _blank_is_absent(self, data, **_):
        return {k: v for k, v in data.items() if v != ""}


class QueueArgs(_Args):
    status = Text(load_default="pending", validate=validate.OneOf(TABS))
    order = Text(load_default=None, validate=validate.OneOf(ORDERS))
    article = Text(load_default="", validate=ARTICLE_ID)
    reason = Text(load_default="", validate=validate.OneOf(FILTER_CODES))
    lang = Text(load_default="", validate=validate.OneOf(("ar", "en")))
    verdict = Text(load_default="", validate=validate.OneOf(OUTCOMES))
    since = _day()
    until = _day()
    q = Text(load_default="", validate=validate.Length(max=200))
    offset = _offset()

    @validates_schema
    def _range(self, data, **_):
        if data.get("since") and data.get("until") and data["since"] > data["until"]:
            raise ValidationError("The first day is after the last one.", "until")


class LiveArgs(QueueArgs):
    after = fields.Integer(load_default=0, validate=validate.Range(min=0, max=MAX_ID))
    ids = fields.List(
        fields.Integer(validate=validate.Range(min=1, max=MAX_ID)),
        load_default=list,
        validate=validate.Length(max=200),
    )
    looking = fields.Integer(load_default=None, validate=validate.Range(min=1, max=MAX_ID))

    @pre_load
    def _split_ids(self, data, **_):
        raw = data.get("ids")
        if isinstance(raw, str):
            data = dict(data)
            data["ids"] = [p for p in raw.split(",") if p]
        return data


class AuditArgs(_Args):
    log = Text(load_default="decisions", validate=validate.OneOf(AUDIT_LOGS))
    actor = Text(load_default="", validate=validate.Length(max=100))
    action = Text(load_default="", validate=validate.OneOf(AUDIT_ACTIONS))
    since = _day()
    until = _day()
    comment = fields.Integer(load_default=None, validate=validate.Range(min=1, max=MAX_ID))
    offset = _offset()


class WordsArgs(_Args):
    q = Text(load_default="", validate=validate.Length(max=200))
    offset = _offset()


class CommentersArgs(_Args):
    kind = Text(load_default="blocked", validate=validate.OneOf(("blocked", "trusted")))
    offset = _offset()


class StatsArgs(_Args):
    days = fields.Integer(load_default=30, validate=validate.OneOf(STATS_DAYS))


def parse(schema: type[Schema], args: Any) -> dict[str, Any]:
    """Validated query parameters, or :class:`BadQuery` (400) naming each bad field."""
    try:
        return schema().load(_plain(args))
    except ValidationError as err:
        messages = err.messages if isinstance(err.messages, dict) else {"_": err.messages}
        raise BadQuery(messages) from None


def _plain(args: Any) -> dict[str, Any]:
    # A MultiDict: the first value of each parameter, except lists that are meant as lists.
    if hasattr(args, "to_dict"):
        return args.to_dict()
    return dict(args)


__all__ = ["AUDIT_ACTIONS", "ORDERS", "STATS_DAYS", "TABS", "WORD_KINDS", "parse"]
