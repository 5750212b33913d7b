"""Word lists (banned, suspect) and the personality watchlist; admins edit, everyone reads."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import func, or_, select
from sqlalchemy.exc import IntegrityError
from werkzeug.wrappers import Response

from service.commenters import record_change
from service.dashboard import bp
from service.dashboard.common import admin_required, commit_lists
from service.dashboard.forms import ActionForm, WordForm
from service.dashboard.params import WordsArgs, parse
from service.extensions import db
from service.models import WORD_KINDS, WordListEntry, search_text

WORDS_PER_PAGE = 100


@bp.get("/words")
def words_index() -> Response:
    """The word lists start with the banned words."""
    return redirect(url_for("dashboard.words", kind="banned"))


@bp.get("/watchlist")
def watchlist() -> Response:
    """The personality watchlist is the word list of kind ``personality``."""
    return redirect(url_for("dashboard.words", kind="personality", **request.args))


def _words_page(kind: str, form: WordForm, status: int = 200) -> tuple[str, int]:
    args = parse(WordsArgs, request.args)
    q, offset = args["q"].strip(), args["offset"]
    conds: list[Any] = [WordListEntry.kind == kind]
    if q:
        found = [
            WordListEntry.term.icontains(q, autoescape=True),
            WordListEntry.aliases.icontains(q, autoescape=True),
        ]
        normalised = search_text(q)
        if normalised:
            # Names, aliases and notes with letter variants folded: "اردوغان" finds "أردوغان".
            found.append(WordListEntry.search.contains(normalised, autoescape=True))
        conds.append(or_(*found))
    total = db.session.scalar(select(func.count(WordListEntry.id)).where(*conds)) or 0
    entries = db.session.scalars(
        select(WordListEntry)
        .where(*conds)
        .order_by(WordListEntry.term, WordListEntry.id)
        .limit(WORDS_PER_PAGE)
        .offset(offset)
    ).all()
    counts = dict(
        db.session.execute(
            select(WordListEntry.kind, func.count(WordListEntry.id)).group_by(WordListEntry.kind)
        ).all()
    )
    html = render_template(
        "dashboard/words.html",
        kind=kind,
        kinds=WORD_KINDS,
        form=form,
        entries=entries,
        total=total,
        counts=counts,
        q=q,
        prev_offset=max(0, offset - WORDS_PER_PAGE) if offset else None,
        next_offset=offset + WORDS_PER_PAGE if offset + WORDS_PER_PAGE < total else None,
    )
    return html, status


def _duplicate(kind: str, names: list[str]) -> WordListEntry | None:
    """An entry of ``kind`` that already covers one of ``names`` after normalisation."""
    from model.normalize import normalize_text

    wanted = {normalize_text(n) for n in names if n.strip()}
    for entry in db.session.scalars(select(WordListEntry).where(WordListEntry.kind == kind)):
        known = [entry.term, *(entry.aliases or "").split("|")]
        if wanted & {normalize_text(k) for k in known if k.strip()}:
            return entry
    return None


@bp.route("/words/<kind>", methods=["GET", "POST"])
def words(kind: str) -> Any:
    """A word list (banned, suspect) or the watchlist; admins add entries here."""
    if kind not in WORD_KINDS:
        abort(404)
    form = WordForm()
    if request.method == "GET":
        return _words_page(kind, form)
    if not g.moderator.is_admin:
        abort(403)
    if not form.validate_on_submit():
        return _words_page(kind, form, 400)
    term = form.term.data.strip()
    aliases = form.alias_list()
    same = _duplicate(kind, [term, *aliases])
    if same is not None:
        form.term.errors.append(_("Already on this list as “%(term)s”.", term=same.term))
        return _words_page(kind, form, 400)
    note = (form.note.data or "").strip() or None
    db.session.add(
        WordListEntry(
            kind=kind,
            term=term,
            aliases="|".join(aliases),
            language=form.language.data or None,
            note=note,
            created_by=g.moderator.username,
        )
    )
    record_change(g.moderator.username, kind, "add", "|".join([term, *aliases]), note)
    try:
        commit_lists()
    except IntegrityError:
        db.session.rollback()
        form.term.errors.append(_("Already on this list."))
        return _words_page(kind, form, 400)
    flash(_("“%(term)s” added; it applies to the next comment.", term=term), "success")
    return redirect(url_for("dashboard.words", kind=kind))


@bp.post("/words/entry/<int:entry_id>/delete")
@admin_required
def word_delete(entry_id: int) -> Response:
    """Remove an entry from a word list or the watchlist."""
    form = ActionForm()
    if not form.validate_on_submit():
        abort(400)
    entry = db.session.get(WordListEntry, entry_id) if entry_id <= 2**31 - 1 else None
    if entry is None:
        abort(404)
    kind, term = entry.kind, entry.term
    record_change(g.moderator.username, kind, "remove", term, None)
    db.session.delete(entry)
    commit_lists()
    flash(_("“%(term)s” removed.", term=term), "success")
    return redirect(url_for("dashboard.words", kind=kind))
