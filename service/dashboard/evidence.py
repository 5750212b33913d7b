"""Showing a comment's evidence: highlighted spans, merged reason chips, isolated mixed text.

User text is never marked safe: the comment is sliced at the evidence offsets and every slice is
escaped.  Mixed-direction text (a URL, a handle or an English run inside Arabic, and the other
way round) is wrapped in ``<bdi>`` so that its neighbours and punctuation keep their places.

A classifier cites the words that pushed its score up most, and in a flagged comment that can be
"better" or "المجلس" (about as strong as the others, not strong at all).  A model's span is shown
only when the word *on its own* reaches the category's review threshold in the same classifier,
so a highlight always means "this word is the problem".
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from flask import current_app
from markupsafe import Markup, escape

from service.dashboard.common import reason_label

CODE_RE = re.compile(r"^[a-z_]{1,40}$")
# Runs that read in their own direction inside text of the other script: Latin words, numbers,
# URLs and emails (one run), handles.  Each pattern is a fixed start and one quantified class, so
# matching is linear on any input (no nested or overlapping quantifiers).
_LATIN_RUN = r"[A-Za-z0-9][A-Za-z0-9 .,'’:/_&+@?=%#~-]*[A-Za-z0-9/]|[A-Za-z]"
_HANDLE = r"[@#][A-Za-z0-9_.]+"
_ARABIC_RUN = r"[\u0600-\u06ff][\u0600-\u06ff ]*[\u0600-\u06ff]|[\u0600-\u06ff]"
_IN_ARABIC = re.compile(f"{_HANDLE}|{_LATIN_RUN}")
_IN_LATIN = re.compile(_ARABIC_RUN)
_ARABIC_LETTER = re.compile(r"[\u0600-\u06ff]")
_LATIN_LETTER = re.compile(r"[A-Za-z]")
# Classifier heads whose cited words are weighed (names are evidence by themselves).
WEIGHED = frozenset({"offense", "strife", "spam"})


def direction(text: str) -> str:
    """"rtl" when the text's first strong letter is Arabic, else "ltr" (like ``dir=auto``)."""
    for ch in text:
        if _ARABIC_LETTER.match(ch):
            return "rtl"
        if ch.isalpha():
            return "ltr"
    return "ltr"


def isolate(text: str, base: str | None = None) -> Markup:
    """``text`` escaped, with runs of the other direction (URLs, handles, emails) in ``<bdi>``."""
    if not text:
        return Markup("")
    base = base or direction(text)
    pattern = _IN_ARABIC if base == "rtl" else _IN_LATIN
    out: list[Markup] = []
    last = 0
    for m in pattern.finditer(text):
        run = m.group(0)
        if base == "rtl" and not _LATIN_LETTER.search(run):
            continue  # a bare number keeps the paragraph's order
        out.append(escape(text[last : m.start()]))
        out.append(Markup("<bdi>{}</bdi>").format(run))
        last = m.end()
    out.append(escape(text[last:]))
    return Markup("").join(out)


def highlight(
    text: str, reasons: Iterable[Mapping[str, Any]] | None, hidden: frozenset = frozenset()
) -> Markup:
    """The comment as HTML with evidence spans in ``<mark>``; every piece of it is escaped.

    Spans index the original comment, so it is sliced at their offsets and each slice escaped
    separately; overlapping spans are split at every boundary and a slice inside several
    spans is marked once with all their reason codes.  ``hidden`` holds (start, end, code) of
    model spans that carry no weight of their own (see :func:`weak_spans`).
    """
    n = len(text)
    base = direction(text)
    spans: list[tuple[int, int, str]] = []
    for reason in reasons or ():
        if not isinstance(reason, Mapping):
            continue
        code = str(reason.get("code") or "")
        for span in reason.get("spans") or ():
            try:
                start, end = int(span["start"]), int(span["end"])
            except (KeyError, TypeError, ValueError):
                continue
            quoted = span.get("text")
            if not (0 <= start < end <= n and (quoted is None or text[start:end] == quoted)):
                continue
            if reason.get("source") == "model" and (start, end, code) in hidden:
                continue
            spans.append((start, end, code))
    if not spans:
        return isolate(text, base)
    cuts = sorted({0, n, *(s for s, _, _ in spans), *(e for _, e, _ in spans)})
    out: list[Markup] = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        piece = text[a:b]
        codes = list(dict.fromkeys(c for s, e, c in spans if s <= a and b <= e))
        if not codes:
            out.append(isolate(piece, base))
            continue
        first = codes[0] if CODE_RE.match(codes[0]) else "other"
        out.append(
            Markup('<mark class="ev ev-{}" title="{}">{}</mark>').format(
                first, ", ".join(reason_label(c) for c in codes), isolate(piece, base)
            )
        )
    return Markup("").join(out)


def weak_spans(comments: Sequence[Any]) -> dict[int, frozenset]:
    """Per comment id, the model spans whose word alone stays under the review threshold."""
    wanted: list[tuple[int, int, int, str, str, str]] = []
    for c in comments:
        for reason in c.reasons or ():
            code = reason.get("code") if isinstance(reason, Mapping) else None
            if code not in WEIGHED or reason.get("source") != "model":
                continue
            for span in reason.get("spans") or ():
                try:
                    wanted.append((c.id, int(span["start"]), int(span["end"]), code,
                                   str(span["text"]), c.language))  # fmt: skip
                except (KeyError, TypeError, ValueError):
                    continue
    if not wanted:
        return {}
    engine = current_app.extensions.get("raqib")
    artifact = engine.models.get("classifier") if engine is not None else None
    model = getattr(artifact, "model", artifact)
    if model is None or not hasattr(model, "predict_proba"):
        return {}
    words = sorted({(w[4], w[5]) for w in wanted})
    probs = model.predict_proba([w for w, _ in words], [lang for _, lang in words])
    _, review = engine.thresholds()
    alone = {
        (word, lang, cat): float(probs[cat][i])
        for i, (word, lang) in enumerate(words)
        for cat in WEIGHED
        if cat in probs
    }
    out: dict[int, set] = {}
    for cid, start, end, code, word, lang in wanted:
        if alone.get((word, lang, code), 1.0) < review.get(code, 0.5):
            out.setdefault(cid, set()).add((start, end, code))
    return {cid: frozenset(s) for cid, s in out.items()}


@dataclass
class MergedReason:
    """One chip per reason code: the strongest score, every source and the evidence."""

    code: str
    score: float | None = None
    sources: list[str] = field(default_factory=list)
    evidence: list[str] = field(default_factory=list)
    fields: list[str] = field(default_factory=list)
    count: int = 0
    reason: Mapping[str, Any] = field(default_factory=dict)  # the strongest, for its message

    @property
    def css(self) -> str:
        """The chip's colour class."""
        return self.code if CODE_RE.match(self.code) else "other"


def merged_reasons(reasons: Iterable[Mapping[str, Any]] | None, hidden=frozenset()):
    """Reasons grouped by code, strongest first (four spam cues make one "Spam 0.95" chip)."""
    groups: dict[str, MergedReason] = {}
    for r in reasons or ():
        if not isinstance(r, Mapping):
            continue
        code = str(r.get("code") or "other")
        m = groups.setdefault(code, MergedReason(code=code, reason=r))
        m.count += 1
        score = r.get("score")
        if score is not None and (m.score is None or float(score) > m.score):
            m.score, m.reason = float(score), r
        source = str(r.get("source") or "")
        if source and source not in m.sources:
            m.sources.append(source)
        if r.get("field") and r["field"] not in m.fields:
            m.fields.append(str(r["field"]))
        for span in r.get("spans") or ():
            if not isinstance(span, Mapping):
                continue
            key = (span.get("start"), span.get("end"), code)
            text = str(span.get("text") or "")
            if source == "model" and key in hidden:
                continue
            if text and text not in m.evidence and len(m.evidence) < 6:
                m.evidence.append(text)
    return sorted(groups.values(), key=lambda m: (-(m.score if m.score is not None else 1.0),
                                                  m.code))  # fmt: skip
