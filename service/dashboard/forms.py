"""Flask-WTF forms of the dashboard; each carries the session's CSRF token."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    FloatField,
    HiddenField,
    PasswordField,
    SelectField,
    SelectMultipleField,
    StringField,
)
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
    ValidationError,
)

try:
    from wtforms.fields.choices import SelectChoice
except ImportError:  # pragma: no cover - WTForms < 3.3 takes (value, label) pairs

    def SelectChoice(value: str, label: object = None):  # type: ignore[no-redef]  # noqa: N802
        return (value, value if label is None else label)


from service.auth import MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH
from service.core import CATEGORIES
from service.models import ROLES, STATUSES
from service.store import ACTIONS

# Why a moderator rejects: the policy's categories, plus "other" with a note.
REJECT_CODES: tuple[str, ...] = (*CATEGORIES, "other")
# Why a comment is deleted (usually after publication): its own list, not the reject menu's.
DELETE_CODES: tuple[str, ...] = (
    "reader_reports",
    *CATEGORIES,
    "author_request",
    "legal",
    "other",
)
MAX_BULK = 200
ROLE_LABELS = {"moderator": _l("moderator"), "admin": _l("admin")}


class LoginForm(FlaskForm):
    username = StringField(_l("Username"), validators=[DataRequired(), Length(max=100)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=1024)])
    next = HiddenField()


class ActionForm(FlaskForm):
    """A form with nothing but its CSRF token: logout, remove, enable/disable."""


class LanguageForm(FlaskForm):
    lang = SelectField(choices=[SelectChoice("en", "English"), SelectChoice("ar", "العربية")])
    next = HiddenField()


class DecisionForm(FlaskForm):
    action = SelectField(choices=[SelectChoice(a) for a in ACTIONS], validators=[InputRequired()])
    reason_code = SelectField(
        _l("Reason"), choices=[SelectChoice(c) for c in ("", *REJECT_CODES)], default=""
    )
    delete_code = SelectField(
        _l("Why delete"), choices=[SelectChoice(c) for c in ("", *DELETE_CODES)], default=""
    )
    note = StringField(_l("Note"), validators=[Optional(), Length(max=500)])
    # The status the moderator saw: a comment changed since is not decided (409).
    seen = SelectField(choices=[SelectChoice(c) for c in ("", *STATUSES)], default="")
    next = HiddenField()

    def validate_reason_code(self, field) -> None:
        """A rejection always says why: the code is the retraining label."""
        if self.action.data == "reject" and not field.data:
            raise ValidationError(_l("Choose a reason for the rejection."))

    def validate_delete_code(self, field) -> None:
        """Deleting says why too, from its own list (not the row's reject reason)."""
        if self.action.data == "delete" and not field.data:
            raise ValidationError(_l("Choose a reason for deleting."))

    def reason_text(self) -> str | None:
        """The audit log's reason: the code, then the moderator's note."""
        # Approving needs no code: the row's reason menu is preselected for rejections.
        action = self.action.data
        code = {"reject": self.reason_code.data, "delete": self.delete_code.data}.get(action, "")
        parts = [p for p in (code, (self.note.data or "").strip()) if p]
        return ": ".join(parts) or None

    def expected(self) -> str | None:
        """The status the moderator saw, if the form says."""
        return self.seen.data or None


class BulkForm(DecisionForm):
    ids = SelectMultipleField(
        coerce=int,
        validate_choice=False,
        validators=[DataRequired(message=_l("Select at least one comment."))],
    )
    # "id:status" for every row on the page: what the moderator saw of each.
    seen_rows = SelectMultipleField(validate_choice=False)
    include_flagged = BooleanField(_l("Also approve comments Raqib flagged"))

    def validate_ids(self, field) -> None:
        """Bound the work of one request."""
        if len(field.data or ()) > MAX_BULK:
            raise ValidationError(_l("At most %(n)d comments at once.", n=MAX_BULK))

    def seen_map(self) -> dict[int, str]:
        """What the moderator saw of each row: id -> status."""
        out: dict[int, str] = {}
        for item in self.seen_rows.data or ():
            cid, _, status = str(item).partition(":")
            if cid.isascii() and cid.isdigit() and status in STATUSES:
                out[int(cid)] = status
        return out


class CommenterForm(FlaskForm):
    """Block or trust a commenter: by email or by address (hashed before it is stored)."""

    kind = SelectField(
        _l("List"),
        choices=[SelectChoice("blocked", _l("Blocked")), SelectChoice("trusted", _l("Trusted"))],
    )
    field = SelectField(
        _l("By"),
        choices=[
            SelectChoice("email", _l("Email")),
            SelectChoice("ip", _l("IP address")),
            SelectChoice("ip_hash", _l("IP hash (from a comment)")),
        ],
    )
    value = StringField(_l("Email or address"), validators=[DataRequired(), Length(max=320)])
    note = StringField(_l("Note"), validators=[Optional(), Length(max=500)])
    next = HiddenField()


class RejectPendingForm(FlaskForm):
    """Reject every pending comment of one commenter."""

    reason_code = SelectField(
        _l("Reason"), choices=[SelectChoice(c) for c in REJECT_CODES], default="other"
    )


class WordForm(FlaskForm):
    term = StringField(_l("Word or name"), validators=[DataRequired(), Length(max=200)])
    aliases = StringField(_l("Aliases"), validators=[Optional(), Length(max=2000)])
    language = SelectField(
        _l("Language"),
        choices=[
            SelectChoice("", _l("Any")),
            SelectChoice("ar", _l("Arabic")),
            SelectChoice("en", _l("English")),
        ],
        default="",
    )
    note = StringField(_l("Note"), validators=[Optional(), Length(max=500)])

    def alias_list(self) -> list[str]:
        """Aliases from the field: separated by "|" or new lines, trimmed, no repeats."""
        raw = (self.aliases.data or "").replace("\n", "|")
        seen: list[str] = []
        term = (self.term.data or "").strip()
        for alias in raw.split("|"):
            alias = alias.strip()
            if alias and alias != term and alias not in seen:
                seen.append(alias)
        return seen


class ModeratorForm(FlaskForm):
    username = StringField(
        _l("Username"),
        validators=[
            DataRequired(),
            Length(max=100),
            Regexp(r"^[\w.@+-]+$", message=_l("Letters, digits and . @ + - _ only.")),
        ],
    )
    password = PasswordField(
        _l("Password"),
        validators=[DataRequired(), Length(min=MIN_PASSWORD_LENGTH, max=MAX_PASSWORD_LENGTH)],
    )
    role = SelectField(
        _l("Role"), choices=[SelectChoice(r, ROLE_LABELS[r]) for r in ROLES], default="moderator"
    )


def _threshold() -> FloatField:
    return FloatField(validators=[InputRequired(), NumberRange(min=0.0, max=1.0)])


class ThresholdsForm(FlaskForm):
    """Reject and review thresholds per category; fields ``reject_<cat>``, ``review_<cat>``."""

    def validate(self, extra_validators=None) -> bool:  # type: ignore[override]
        """Each category's review threshold must not exceed its reject threshold."""
        ok = super().validate(extra_validators)
        for category in CATEGORIES:
            reject, review = self.pair(category)
            if ok and review.data > reject.data:
                review.errors.append(_l("The review threshold must not exceed the reject one."))
                ok = False
        return ok

    def pair(self, category: str):
        """The (reject, review) fields of one category."""
        return self[f"reject_{category}"], self[f"review_{category}"]

    def values(self) -> dict[str, dict[str, float]]:
        """The submitted thresholds in the ``settings`` shape."""
        return {
            "reject": {c: round(float(self.pair(c)[0].data), 4) for c in CATEGORIES},
            "review": {c: round(float(self.pair(c)[1].data), 4) for c in CATEGORIES},
        }


for _category in CATEGORIES:
    setattr(ThresholdsForm, f"reject_{_category}", _threshold())
    setattr(ThresholdsForm, f"review_{_category}", _threshold())
