"""Strife: sectarian and ethnic slurs, group generalisations and calls to harm."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from model.normalize import Token
from service.core import CheckResult, Context, Reason
from service.policy.lexicon import Lexicon, load
from service.policy.rules.common import lexicon_result, tokens_of

STRIFE_HARM = 0.95
STRIFE_GENERALISATION = 0.90
STRIFE_AMBIGUOUS = 0.60
STRIFE_ALONE = 0.60

_SENTENCE_BREAK = re.compile(r"[.!?؟\n;؛]")


@lru_cache(maxsize=1)
def strife_lexicon() -> Lexicon:
    """The packaged sectarian and ethnic slur lexicon."""
    return load("strife.tsv")


@lru_cache(maxsize=1)
def strife_patterns() -> Lexicon:
    """Group nouns, predicates, harm cues and glue words for the strife patterns."""
    return load("strife_patterns.tsv")


_EN_MODAL_HARM = re.compile(
    r"\b(?:should|must|need to|needs to|ought to|have to|has to|deserve to|deserves to|gotta)"
    r"\s+(?:all\s+)?(?:be\s+)?(?:killed|deported|expelled|exterminated|gassed|hanged|hung|shot"
    r"|burned|burnt|banned|kicked out|sent back|thrown out|wiped out|eliminated|slaughtered"
    r"|executed|die|burn|rot in hell)\b"
)
_EN_SEND_BACK = re.compile(r"\b(?:send|ship|kick)\s+(?:\w+\s+){1,3}(?:back|out)\b")
# "send all of them back", "kick them all out": an imperative with only pronouns and
# quantifiers before its particle is an explicit call even when no group is named.
_EN_PHRASAL_CALL = re.compile(
    r"\b(?:send|ship|kick|throw|wipe|drive|chase|boot)"
    r"(?:\s+(?:them|em|all|of|those|these|these\s+people|those\s+people)){1,3}"
    r"\s+(?:back|out)\b"
)
_AR_MODAL = re.compile(
    r"(?<!\S)[وف]?(?:يجب|لازم|لازمهم|لا بد من|لابد من|بدهم|بدنا|واجب|ضروري|الواجب)"
    r"\s+(?:ان\s+|انه\s+|يتم\s+|نشوف\s+|كلهم\s+)?(\S+)"
)
_AR_HARM_NOUNS = frozenset(
    ["طرد", "ترحيل", "قتل", "ذبح", "حرق", "اباده", "ابادت", "تهجير", "اعدام", "سحق", "تصفيه",
     "تصفيت", "ابعاد", "نفي", "تسفير"]
)  # fmt: skip
_AR_HARM_VERBS = frozenset(
    ["يطردوا", "ينطردوا", "يتطردوا", "نطرد", "يترحلوا", "يرحلوا", "يتسفروا", "يتهجروا", "يطلعوا",
     "نقتل", "نذبح", "نحرق", "نبيد", "نرحل", "نسفر", "نهجر", "يطردو", "يرحلو", "يطلعو"]
)  # fmt: skip
_AR_DEATH_VERBS = frozenset(
    ["يموتوا", "ينقتلوا", "يتقتلوا", "ينذبحوا", "ينحرقوا", "ينبادوا", "يتبادوا", "ينعدموا"]
)
_QUANTIFIERS = frozenset({"كل", "جميع", "all", "the", "every", "those", "these", "هدول", "هؤلاء"})

# A harm word that is no call by itself (a verbal noun: طرد، تهجير، expulsion) is aimed at a
# group only after a call cue: a modal, a demand or a wish ("يجب طرد", "نطالب بترحيل",
# "يا ريت تهجير", "we need the deportation of"), or a verdict after it ("ترحيلهم هو الحل").
_CALL_BEFORE = frozenset(
    ["يجب", "لازم", "لابد", "لا بد", "ضروري", "واجب", "الواجب", "بدنا", "بدي", "نريد",
     "ريت", "ياريت", "ليت", "نطالب", "يطالب", "اطالب", "نطالبكم", "ندعو", "ادعو", "الحل",
     "خلي", "خلينا", "خلونا", "خلوا", "عسي",
     "should", "must", "need", "needs", "want", "demand", "demands", "urge"]
)  # fmt: skip
_CALL_AFTER = frozenset(
    ["ضروري", "ضروره", "واجب", "الحل", "حل", "مطلوب", "necessary", "needed", "solution",
     "overdue"]
)  # fmt: skip
# Condemnation, opposition or fear before a harm word blocks it ("ندين تهجير المسيحيين",
# "we condemn the expulsion of", "نحن ضد طرد"); negation blocks the call right after it
# ("لا يجب طرد", "مش لازم", "should not").
_BLOCKERS = frozenset(
    ["ندين", "ادين", "يدين", "تدين", "ادان", "ادانت", "ادانه", "ندد", "نندد", "يندد", "تندد",
     "نرفض", "ارفض", "يرفض", "ترفض", "رفض", "رفضت", "رفضوا", "رافض", "رافضين", "ضد",
     "يستنكر", "نستنكر", "استنكر", "استنكرت", "تستنكر", "استنكار", "عدم", "وقف", "ايقاف",
     "منع", "نوقف", "يوقف", "توقف", "يمنع", "نمنع", "تمنع", "جريمه", "جرائم", "ماساه",
     "حذر", "يحذر", "تحذر", "نحذر", "تحذير", "مخاوف", "خوف", "يخشي", "تخشي", "ضحايا",
     "condemn", "condemns", "condemned", "condemning", "condemnation", "denounce",
     "denounces", "denounced", "oppose", "opposes", "opposed", "opposing", "against",
     "reject", "rejects", "rejected", "protest", "protests", "protested", "stop", "stopped",
     "prevent", "prevented", "halt", "halted", "fear", "fears", "feared", "warn", "warns",
     "warned", "crime", "victims", "survivors"]
)  # fmt: skip
_NEGATIONS = frozenset(
    ["لا", "ما", "مش", "مو", "ليس", "لن", "لم", "مب", "not", "no", "never", "t", "dont",
     "shouldnt", "mustnt", "cant", "wont"]
)  # fmt: skip
_CLAUSE_BREAK = re.compile(r"[.!?؟\n;؛,،:]")
_SINGULAR_OK = frozenset({"كل", "جميع", "every", "each", "any", "شعب", "people", "كلهم"})
_CALL_REACH = 3
_BLOCK_REACH = 5


def _ar_harm_weight(word: str) -> int:
    """0 when ``word`` is no harm verb; 2 for explicit ones (with an object or of death)."""
    stem = word[:-2] if word.endswith("هم") else word
    if word in _AR_DEATH_VERBS:
        return 2
    if stem in _AR_HARM_NOUNS or stem in _AR_HARM_VERBS:
        return 2 if stem != word else 1
    return 0


@dataclass(frozen=True, slots=True)
class _Cue:
    kind: str
    weight: int
    first: int
    last: int
    start: int
    end: int


class StrifeRules:
    """Sectarian and ethnic slurs, and group generalisation / call-to-harm patterns."""

    name = "strife_rules"
    category = "strife"

    def __init__(self, slurs: Lexicon | None = None, patterns: Lexicon | None = None):
        self.slurs = slurs if slurs is not None else strife_lexicon()
        self.patterns = patterns if patterns is not None else strife_patterns()

    def __call__(self, ctx: Context) -> CheckResult:
        """Score slurs and patterns in the comment, and slurs in the name."""
        result = lexicon_result(self.slurs, ctx, self.category)
        best = result.scores.get(self.category, 0.0)
        for score, start, end, kind in self._patterns(ctx):
            span = ctx.span(start, end)
            best = max(best, score)
            result.reasons.append(
                Reason(
                    code=self.category,
                    source="rule",
                    score=score,
                    spans=(span,),
                    params={"term": span.text, "pattern": kind},
                )
            )
        if best > 0:
            result.scores[self.category] = best
        return result

    def _patterns(self, ctx: Context) -> list[tuple[float, int, int, str]]:
        norm = ctx.norm
        tokens = tokens_of(ctx)
        if not tokens:
            return []
        cues = [
            _Cue(m.entry.category, m.entry.severity, m.first, m.last, m.start, m.end)
            for m in self.patterns.find(norm, tokens)
        ]
        cues.extend(_regex_harms(norm.text, tokens))
        sentence = _sentence_ids(norm.text, tokens)
        clause = _sentence_ids(norm.text, tokens, _CLAUSE_BREAK)
        texts = [t.text for t in tokens]
        kinds = {k: c.kind for c in cues for k in range(c.first, c.last)}
        cues = [
            _Cue("harm", 1, c.first, c.last, c.start, c.end) if c.kind == "harmword" else c
            for c in cues
            if c.kind != "harmword" or _called(c, texts, clause, kinds)
        ]
        cues = [c for c in cues if c.kind != "harm" or not _blocked(c, texts, clause, kinds)]
        by_first: dict[int, _Cue] = {}
        by_last: dict[int, _Cue] = {}
        for c in cues:
            if c.kind != "harm":
                by_first.setdefault(c.first, c)
                by_last.setdefault(c.last, c)
        groups = [c for c in cues if c.kind == "group"]
        harms = [c for c in cues if c.kind == "harm"]
        hits: list[tuple[float, int, int, str]] = []

        def hit(score: float, a: _Cue, b: _Cue, kind: str) -> None:
            hits.append((score, min(a.start, b.start), max(a.end, b.end), kind))

        for g in groups:
            group_score = STRIFE_GENERALISATION if g.weight >= 2 else STRIFE_AMBIGUOUS
            general = g.first > 0 and _word_in(texts[g.first - 1], _SINGULAR_OK)
            pred = _predicate_after(g, by_first, sentence, texts, general)
            if pred is None:
                pred = _predicate_before(g, by_last, sentence)
            if pred is not None:
                hit(group_score, g, pred, "generalisation")
        for h in harms:
            near = [g for g in groups if _harm_reaches(h, g, tokens, sentence)]
            if near:
                g = max(near, key=lambda c: c.weight)
                hit(STRIFE_HARM if g.weight >= 2 else STRIFE_AMBIGUOUS, h, g, "harm")
            elif h.weight >= 2:
                hits.append((STRIFE_ALONE, h.start, h.end, "harm"))
        for p in (c for c in cues if c.kind == "pron"):
            pred = _predicate_after(p, by_first, sentence, texts)
            if pred is not None:
                hit(STRIFE_ALONE, p, pred, "generalisation")
        return _outermost(hits)


def _outermost(hits: list[tuple[float, int, int, str]]) -> list[tuple[float, int, int, str]]:
    """Drop hits lying inside another hit that scores at least as much (one reason per cue)."""
    kept = []
    for h in hits:
        inside = any(
            o is not h and o[0] >= h[0] and o[1] <= h[1] and h[2] <= o[2] and o[1:3] != h[1:3]
            for o in hits
        )
        duplicate = any(o[:3] == h[:3] for o in kept)
        if not inside and not duplicate:
            kept.append(h)
    return kept


def _sentence_ids(
    text: str, tokens: Sequence[Token], breaks: re.Pattern[str] = _SENTENCE_BREAK
) -> list[int]:
    ids, current = [], 0
    for k, tok in enumerate(tokens):
        if k and breaks.search(text, tokens[k - 1].end, tok.start):
            current += 1
        ids.append(current)
    return ids


def _word_in(word: str, words: frozenset[str]) -> bool:
    """Whether a token is one of ``words``, also after a leading و/ف ("وندين", "فلازم")."""
    return word in words or (word[:1] in ("و", "ف") and len(word) > 3 and word[1:] in words)


def _called(cue: _Cue, texts: Sequence[str], clause: Sequence[int], kinds: dict[int, str]) -> bool:
    """Whether a harm word is a call: a call cue before it or a verdict after its group."""
    for j in range(cue.first - 1, max(cue.first - 1 - _CALL_REACH, -1), -1):
        if clause[j] != clause[cue.first] or _word_in(texts[j], _BLOCKERS):
            return False
        if j and f"{texts[j - 1]} {texts[j]}" in _CALL_BEFORE:  # "لا بد" is no negation
            return not _negated(texts, j - 1)
        if _word_in(texts[j], _CALL_BEFORE):
            return not _negated(texts, j)
    # "ترحيل السوريين هو الحل": the verdict follows the group, past glue words; "ليس الحل",
    # "is not the solution" anywhere on the way denies it.
    for j in range(cue.last, min(cue.last + _CALL_REACH + 2, len(texts))):
        if clause[j] != clause[cue.first]:
            return False
        if _word_in(texts[j], _CALL_AFTER):
            between = range(cue.last, j)
            return any(kinds.get(k) == "group" for k in between) and not any(
                _word_in(texts[k], _NEGATIONS) for k in between
            )
    return False


def _blocked(cue: _Cue, texts: Sequence[str], clause: Sequence[int], kinds: dict[int, str]) -> bool:
    """Whether condemnation or negation governs a harm cue ("ندين طرد", "don't kill")."""
    if _negated(texts, cue.first):
        return True
    for j in range(cue.first - 1, max(cue.first - 1 - _BLOCK_REACH, -1), -1):
        # A group between the two means the blocker is about the group, not the call:
        # "انا ضد السوريين اطردوهم".
        if clause[j] != clause[cue.first] or kinds.get(j) == "group":
            return False
        if _word_in(texts[j], _BLOCKERS):
            return True
        if _word_in(texts[j], _CALL_BEFORE) and _negated(texts, j):
            return True
    return False


def _negated(texts: Sequence[str], j: int) -> bool:
    return j > 0 and _word_in(texts[j - 1], _NEGATIONS)


def _predicate_after(
    head: _Cue,
    by_first: dict[int, _Cue],
    sentence: Sequence[int],
    texts: Sequence[str],
    general: bool = False,
) -> _Cue | None:
    """A negative predicate after ``head`` with only glue words between (at most four).

    A singular predicate ("حرامي", "a criminal") needs a generalising cue, before the group
    or on the way ("كل سوري حرامي", "السوريين شعب متخلف", "every Syrian is a criminal"), so
    "a Muslim terrorist was arrested" stays a report about one person.
    """
    j, steps = head.last, 0
    while steps <= 4:
        cue = by_first.get(j)
        if cue is None or sentence[cue.first] != sentence[head.first]:
            return None
        if cue.kind in ("neg", "negpre") or (cue.kind == "negsg" and general):
            return cue
        if cue.kind not in ("glue", "pron"):
            return None
        general = general or any(
            _word_in(texts[k], _SINGULAR_OK) for k in range(cue.first, cue.last)
        )
        j, steps = cue.last, steps + 1
    return None


def _predicate_before(head: _Cue, by_last: dict[int, _Cue], sentence: Sequence[int]) -> _Cue | None:
    """An adjective or construct head right before the group ("dirty Jews", "كلاب الشيعه")."""
    cue = by_last.get(head.first)
    if cue is not None and cue.kind == "glue":
        cue = by_last.get(cue.first)
    if cue is not None and cue.kind == "negpre" and sentence[cue.first] == sentence[head.first]:
        return cue
    return None


def _harm_reaches(
    harm: _Cue, group: _Cue, tokens: Sequence[Token], sentence: Sequence[int]
) -> bool:
    """Whether a harm cue is close enough to a group noun to be aimed at it."""
    if sentence[harm.first] != sentence[group.first]:
        return False
    gap = max(group.first - harm.last, harm.first - group.last, 0)
    if harm.weight >= 2:
        # An explicit call ("اطردوهم", "kick them all out") is aimed at any group the same
        # sentence names.
        return True
    if gap == 0:
        return True
    # A weak cue reaches its group over quantifiers and "of" only: "kill all the Jews",
    # "الله يلعن كل ...", "the deportation of all Syrians", never "سبب الموت لدى اللاجئين".
    if gap <= 2:
        first = harm.last if group.first > harm.first else group.last
        return all(
            tokens[k].text in _QUANTIFIERS or tokens[k].text == "of"
            for k in range(first, first + gap)
        )
    return False


def _token_range(tokens: Sequence[Token], start: int, end: int) -> tuple[int, int] | None:
    inside = [k for k, t in enumerate(tokens) if t.start < end and t.end > start]
    return (inside[0], inside[-1] + 1) if inside else None


def _regex_harms(text: str, tokens: Sequence[Token]) -> list[_Cue]:
    cues = []
    for rx, weight in ((_EN_MODAL_HARM, 1), (_EN_SEND_BACK, 1), (_EN_PHRASAL_CALL, 2)):
        for m in rx.finditer(text):
            rng = _token_range(tokens, m.start(), m.end())
            if rng:
                cues.append(_Cue("harm", weight, rng[0], rng[1], m.start(), m.end()))
    for m in _AR_MODAL.finditer(text):
        weight = _ar_harm_weight(m.group(1))
        rng = _token_range(tokens, m.start(), m.end())
        if weight and rng:
            cues.append(_Cue("harm", weight, rng[0], rng[1], m.start(), m.end()))
    return cues
