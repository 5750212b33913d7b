"""Marshmallow schemas of the HTTP contract (they also generate the OpenAPI document).

Form fields carry their reason code as the error message (``name_required`` ...): the API's
error handler turns codes into bilingual reasons, and any other message (a wrong type, a
malformed value) means the body itself is malformed, which is a 400, not a 422.
"""

from __future__ import annotations

from email_validator import EmailNotValidError, validate_email
from marshmallow import EXCLUDE, Schema, ValidationError, fields, pre_load, validate, validates

from service.core import CATEGORIES, OUTCOMES

FORM_CODES = frozenset(
    {
        "name_required",
        "name_too_long",
        "name_invalid",
        "email_invalid",
        "comment_required",
        "comment_too_long",
        "captcha_required",
        "captcha_invalid",
        "captcha_expired",
        "article_unknown",
    }
)


class Text(fields.String):
    """A string that can be stored anywhere: no NUL, no unpaired UTF-16 surrogates.

    PostgreSQL cannot store U+0000 and no driver can encode a lone surrogate (JSON's
    ``"\\ud800"``); both are malformed input (400), refused before anything is consumed.
    """

    def _deserialize(self, value, attr, data, **kwargs):
        text = super()._deserialize(value, attr, data, **kwargs)
        if "\x00" in text:
            raise ValidationError("Text may not contain NUL (U+0000).")
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            raise ValidationError("Text is not valid Unicode (unpaired surrogate).") from None
        return text


# Bidi embeddings, overrides, isolates and marks: in a name they only serve to make it display
# as something else ("Admin\u202e nimdA" shows as "Admin Admin").
BIDI_CONTROLS = dict.fromkeys(
    map(ord, "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
)


def strip_bidi(text: str) -> str:
    """``text`` without bidirectional control characters."""
    return text.translate(BIDI_CONTROLS)


class Name(Text):
    """A person's name: bidi controls are removed before it is checked or stored."""

    def _deserialize(self, value, attr, data, **kwargs):
        return strip_bidi(super()._deserialize(value, attr, data, **kwargs))


ARTICLE_ID = validate.Regexp(r"^[A-Za-z0-9._:~-]{1,128}$", error="article_id_invalid")


class _Strict(Schema):
    class Meta:
        # Sites post their whole form (submit buttons, their own CSRF fields): ignore extras.
        unknown = EXCLUDE


class Lenient(fields.Boolean):
    """A checkbox: HTML forms send "on"; JSON sends true; absent means unchecked."""

    truthy = {True, "on", "true", "True", "TRUE", "1", "yes"}
    falsy = {False, "off", "false", "False", "FALSE", "0", "no", ""}


class ArticleIn(_Strict):
    title = Text(required=True, validate=validate.Length(min=1, max=1000))
    body = Text(load_default="", validate=validate.Length(max=200_000))
    url = Text(load_default=None, allow_none=True, validate=validate.Length(max=2048))
    language = Text(load_default=None, allow_none=True, validate=validate.OneOf(["ar", "en"]))


class ArticleOut(Schema):
    id = Text()
    title = Text()
    body = Text()
    url = Text(allow_none=True)
    language = Text(allow_none=True)
    created_at = fields.DateTime()
    updated_at = fields.DateTime()


class CommentIn(_Strict):
    """The site's comment form, JSON or application/x-www-form-urlencoded."""

    article_id = Text(required=True, validate=ARTICLE_ID)
    name = Name(required=True, error_messages={"required": "name_required"})
    # Bounded before the address is parsed (the column holds 320).
    email = Text(
        load_default=None,
        allow_none=True,
        validate=validate.Length(max=320, error="email_invalid"),
    )
    show_email = Lenient(load_default=False)
    comment = Text(required=True, error_messages={"required": "comment_required"})
    captcha_id = Text(load_default=None, allow_none=True, validate=validate.Length(max=64))
    captcha_answer = Text(load_default=None, allow_none=True, validate=validate.Length(max=16))
    lang = Text(load_default=None, allow_none=True)

    @pre_load
    def _blank_to_none(self, data, **_):
        # An empty optional input in an HTML form arrives as "": treat it as absent.
        if hasattr(data, "to_dict"):
            data = data.to_dict()
        elif isinstance(data, dict):
            data = dict(data)
        else:
            return data
        for key in ("email", "captcha_id", "captcha_answer", "lang"):
            if data.get(key) == "":
                data[key] = None
        return data

    @validates("name")
    def _name(self, value: str, **_):
        limit = self.context_limits()["name"]
        if not value.strip():
            raise ValidationError("name_required")
        if len(value) > limit:
            raise ValidationError("name_too_long")
        if not any(ch.isalpha() for ch in value):
            raise ValidationError("name_invalid")

    @validates("email")
    def _email(self, value: str | None, **_):
        if value is None:
            return
        try:
            # Syntax only: a DNS lookup per comment would be slow and fail offline.
            validate_email(value.strip(), check_deliverability=False)
        except EmailNotValidError:
            raise ValidationError("email_invalid") from None

    @validates("comment")
    def _comment(self, value: str, **_):
        limit = self.context_limits()["comment"]
        if not value.strip():
            raise ValidationError("comment_required")
        if len(value) > limit:
            raise ValidationError("comment_too_long")

    def context_limits(self) -> dict[str, int]:
        """Length limits, configurable per app (set by the view through ``limits``)."""
        return getattr(self, "limits", None) or {"name": 100, "comment": 2000}


class ArticleInline(_Strict):
    title = Text(required=True, validate=validate.Length(max=1000))
    body = Text(load_default="", validate=validate.Length(max=200_000))
    language = Text(load_default=None, allow_none=True, validate=validate.OneOf(["ar", "en"]))


class CheckIn(_Strict):
    comment = Text(required=True, error_messages={"required": "comment_required"})
    article_id = Text(load_default=None, allow_none=True, validate=ARTICLE_ID)
    article = fields.Nested(ArticleInline, load_default=None, allow_none=True)
    name = Name(load_default=None, allow_none=True, validate=validate.Length(max=200))
    lang = Text(load_default=None, allow_none=True)

    @validates("comment")
    def _comment(self, value: str, **_):
        if not value.strip():
            raise ValidationError("comment_required")
        limit = (getattr(self, "limits", None) or {"comment": 2000})["comment"]
        if len(value) > limit:
            raise ValidationError("comment_too_long")


class BatchIn(_Strict):
    # Items are validated one by one (a bad item is reported in its own result).
    items = fields.List(fields.Raw(), required=True, metadata={"items": {"type": "object"}})
    lang = Text(load_default=None, allow_none=True)


class SpanOut(Schema):
    start = fields.Integer()
    end = fields.Integer()
    text = Text()


class ReasonOut(Schema):
    code = Text(required=True)
    message = Text(required=True)
    messages = fields.Dict(keys=Text(), values=Text())
    source = Text(validate=validate.OneOf(["rule", "model", "form"]))
    field = Text(allow_none=True)
    score = fields.Float(allow_none=True)
    spans = fields.List(fields.Nested(SpanOut))


class ScoresOut(Schema):
    class Meta:
        fields = CATEGORIES


class VerdictOut(Schema):
    verdict = Text(
        validate=validate.OneOf(OUTCOMES),
        metadata={
            "description": "approve: nothing to report; review: a moderator must look "
            "(reasons say why); reject: the policy is broken (reasons say how)"
        },
    )
    status = Text(
        validate=validate.OneOf(["published", "pending", "rejected"]),
        metadata={
            "description": "where the comment goes under RAQIB_MODE: pre: always pending; "
            "auto: approve published, review pending, reject rejected"
        },
    )
    reasons = fields.List(fields.Nested(ReasonOut))
    scores = fields.Dict(keys=Text(), values=fields.Float())
    language = Text()
    model_version = Text()


class CommentCreatedOut(VerdictOut):
    id = fields.Integer()


class ItemErrorOut(Schema):
    """One batch item's error, in the shape of a whole request's error."""

    code = fields.Integer(metadata={"description": "422 (form reasons) or 400 (malformed item)"})
    status = Text()
    message = Text()
    messages = fields.Dict(keys=Text(), values=Text())
    errors = fields.Raw()
    reasons = fields.List(fields.Dict())
    verdict = Text()


class BatchItemOut(VerdictOut):
    """A verdict (``ok: true``) or the item's error (``ok: false``, ``error``)."""

    ok = fields.Boolean(required=True)
    error = fields.Nested(ItemErrorOut)


class BatchOut(Schema):
    results = fields.List(
        fields.Nested(BatchItemOut),
        metadata={"description": "One result per item, in order: a verdict or an error"},
    )


class DecisionIn(_Strict):
    action = Text(required=True, validate=validate.OneOf(["approve", "reject", "delete"]))
    reason = Text(load_default=None, allow_none=True, validate=validate.Length(max=2000))
    expected_status = Text(
        load_default=None,
        allow_none=True,
        validate=validate.OneOf(["pending", "published", "rejected", "deleted"]),
        metadata={
            "description": "the status the caller saw: if the comment has changed since, nothing "
            "is changed and the answer is 409 with the current state"
        },
    )


class DecisionOut(Schema):
    id = fields.Integer()
    actor = Text()
    automatic = fields.Boolean()
    action = Text()
    from_status = Text(allow_none=True)
    to_status = Text()
    reason = Text(allow_none=True)
    created_at = fields.DateTime()


class CommentOut(Schema):
    """A comment as moderators see it (email included)."""

    id = fields.Integer()
    article_id = Text()
    name = Text()
    email = Text(allow_none=True)
    show_email = fields.Boolean()
    comment = Text(attribute="body")
    language = Text()
    verdict = Text(validate=validate.OneOf(OUTCOMES))
    status = Text(validate=validate.OneOf(["pending", "published", "rejected", "deleted"]))
    scores = fields.Dict(keys=Text(), values=fields.Float())
    reasons = fields.List(fields.Dict())
    model_version = Text()
    created_at = fields.DateTime()
    updated_at = fields.DateTime()
    decisions = fields.List(fields.Nested(DecisionOut))


class PublicCommentOut(Schema):
    """A published comment as the public sees it: email only where its owner ticked the box."""

    id = fields.Integer()
    name = Text()
    email = fields.Method("_email")
    comment = Text(attribute="body")
    created_at = fields.DateTime()

    def _email(self, obj):
        return obj.email if obj.show_email else None


class PublicListOut(Schema):
    article_id = Text()
    language = Text(allow_none=True, metadata={"description": "The article's language, if set"})
    total = fields.Integer()
    comments = fields.List(fields.Nested(PublicCommentOut))


class PageArgs(Schema):
    class Meta:
        unknown = EXCLUDE

    limit = fields.Integer(load_default=50, validate=validate.Range(min=1, max=200))
    offset = fields.Integer(load_default=0, validate=validate.Range(min=0, max=1_000_000))


class PublicPageArgs(PageArgs):
    order = Text(
        load_default="oldest",
        validate=validate.OneOf(["oldest", "newest"]),
        metadata={"description": "oldest first (default) or newest first (the embed's thread)"},
    )


class CaptchaArgs(Schema):
    class Meta:
        unknown = EXCLUDE

    audio = Lenient(load_default=False)


class CaptchaOut(Schema):
    captcha_id = Text()
    image = Text()
    audio = Text()
    expires_in = fields.Integer()


class HealthOut(Schema):
    status = Text()
    model_version = Text()
    database = Text(metadata={"description": "ok, unavailable or not migrated"})
    message = Text(metadata={"description": "What to do when the schema is not migrated"})


class LiveOut(Schema):
    status = Text()
