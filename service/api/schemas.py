"""Marshmallow schemas of the HTTP contract (they also generate the OpenAPI document).

Form fields carry their reason code as the error message (``name_required`` ...): the API's
error handler turns codes into bilingual reasons, and any other message (a wrong type, a
malformed value) means the body itself is malformed, which is a 400, not a 422.
"""

from __future__ import annotations

from email_validator import EmailNotValidError, validate_email
from marshmallow import EXCLUDE, Schema, ValidationError, fields, pre_load, validate, validates

from service.core import CATEGORIES

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
    title = fields.String(required=True, validate=validate.Length(min=1, max=1000))
    body = fields.String(load_default="", validate=validate.Length(max=200_000))
    url = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=2048))
    language = fields.String(
        load_default=None, allow_none=True, validate=validate.OneOf(["ar", "en"])
    )


class ArticleOut(Schema):
    id = fields.String()
    title = fields.String()
    body = fields.String()
    url = fields.String(allow_none=True)
    language = fields.String(allow_none=True)
    created_at = fields.DateTime()
    updated_at = fields.DateTime()


class CommentIn(_Strict):
    """The site's comment form, JSON or application/x-www-form-urlencoded."""

    article_id = fields.String(required=True, validate=ARTICLE_ID)
    name = fields.String(required=True, error_messages={"required": "name_required"})
    email = fields.String(load_default=None, allow_none=True)
    show_email = Lenient(load_default=False)
    comment = fields.String(required=True, error_messages={"required": "comment_required"})
    captcha_id = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=64))
    captcha_answer = fields.String(
        load_default=None, allow_none=True, validate=validate.Length(max=16)
    )
    lang = fields.String(load_default=None, allow_none=True)

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
    title = fields.String(required=True, validate=validate.Length(max=1000))
    body = fields.String(load_default="", validate=validate.Length(max=200_000))
    language = fields.String(
        load_default=None, allow_none=True, validate=validate.OneOf(["ar", "en"])
    )


class CheckIn(_Strict):
    comment = fields.String(required=True, error_messages={"required": "comment_required"})
    article_id = fields.String(load_default=None, allow_none=True, validate=ARTICLE_ID)
    article = fields.Nested(ArticleInline, load_default=None, allow_none=True)
    name = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=200))
    lang = fields.String(load_default=None, allow_none=True)

    @validates("comment")
    def _comment(self, value: str, **_):
        if not value.strip():
            raise ValidationError("comment_required")
        limit = (getattr(self, "limits", None) or {"comment": 2000})["comment"]
        if len(value) > limit:
            raise ValidationError("comment_too_long")


class BatchIn(_Strict):
    items = fields.List(fields.Dict(), required=True)


class SpanOut(Schema):
    start = fields.Integer()
    end = fields.Integer()
    text = fields.String()


class ReasonOut(Schema):
    code = fields.String(required=True)
    message = fields.String(required=True)
    messages = fields.Dict(keys=fields.String(), values=fields.String())
    source = fields.String(validate=validate.OneOf(["rule", "model", "form"]))
    field = fields.String(allow_none=True)
    score = fields.Float(allow_none=True)
    spans = fields.List(fields.Nested(SpanOut))


class ScoresOut(Schema):
    class Meta:
        fields = CATEGORIES


class VerdictOut(Schema):
    verdict = fields.String(validate=validate.OneOf(["approve", "reject"]))
    status = fields.String(validate=validate.OneOf(["published", "pending", "rejected"]))
    reasons = fields.List(fields.Nested(ReasonOut))
    scores = fields.Dict(keys=fields.String(), values=fields.Float())
    language = fields.String()
    model_version = fields.String()


class CommentCreatedOut(VerdictOut):
    id = fields.Integer()


class BatchOut(Schema):
    results = fields.List(fields.Nested(VerdictOut))


class DecisionIn(_Strict):
    action = fields.String(required=True, validate=validate.OneOf(["approve", "reject", "delete"]))
    reason = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=2000))


class DecisionOut(Schema):
    id = fields.Integer()
    actor = fields.String()
    automatic = fields.Boolean()
    action = fields.String()
    from_status = fields.String(allow_none=True)
    to_status = fields.String()
    reason = fields.String(allow_none=True)
    created_at = fields.DateTime()


class CommentOut(Schema):
    """A comment as moderators see it (email included)."""

    id = fields.Integer()
    article_id = fields.String()
    name = fields.String()
    email = fields.String(allow_none=True)
    show_email = fields.Boolean()
    comment = fields.String(attribute="body")
    language = fields.String()
    verdict = fields.String()
    status = fields.String()
    scores = fields.Dict(keys=fields.String(), values=fields.Float())
    reasons = fields.List(fields.Dict())
    model_version = fields.String()
    created_at = fields.DateTime()
    updated_at = fields.DateTime()
    decisions = fields.List(fields.Nested(DecisionOut))


class PublicCommentOut(Schema):
    """A published comment as the public sees it: email only where its owner ticked the box."""

    id = fields.Integer()
    name = fields.String()
    email = fields.Method("_email")
    comment = fields.String(attribute="body")
    created_at = fields.DateTime()

    def _email(self, obj):
        return obj.email if obj.show_email else None


class PublicListOut(Schema):
    article_id = fields.String()
    total = fields.Integer()
    comments = fields.List(fields.Nested(PublicCommentOut))


class PageArgs(Schema):
    class Meta:
        unknown = EXCLUDE

    limit = fields.Integer(load_default=50, validate=validate.Range(min=1, max=200))
    offset = fields.Integer(load_default=0, validate=validate.Range(min=0, max=1_000_000))


class CaptchaArgs(Schema):
    class Meta:
        unknown = EXCLUDE

    audio = Lenient(load_default=False)


class CaptchaOut(Schema):
    captcha_id = fields.String()
    image = fields.String()
    audio = fields.String()
    expires_in = fields.Integer()


class HealthOut(Schema):
    status = fields.String()
    model_version = fields.String()
    database = fields.String()


class LiveOut(Schema):
    status = fields.String()
