"""Rule checks: offense, strife, spam, duplicates and the moderators' word lists.

Every check implements :class:`service.core.Check` and reports evidence as spans of the
ORIGINAL comment (``comment[span.start:span.end] == span.text``), mapped back from the
normalised text through ``ctx.span``.  Lexicons live in ``data/*.tsv`` (see
:mod:`service.policy.lexicon` for the columns and affix flags).

Scoring table (the core takes, per category, the maximum over all checks; the default review /
reject thresholds are 0.45 / 0.80 for offense, 0.40 / 0.80 for strife, 0.50 / 0.85 for spam).
"Addressed" means after a vocative or second-person cue (يا، انت، you, ur), which raises a
term one severity level (vocative-only entries such as تافه or "dog" included).

  offense  severity 3 term, or severity 2 addressed .................. 0.95  reject
  offense  severity 2 term, or severity 1 addressed .................. 0.85  reject
  offense  severity 1 term ........................................... 0.55  review
  offense  two / three or more distinct severity-1 terms ............. 0.70 / 0.85
           (distinct by lexicon entry: حمار and الحمير are one term)
  offense  offensive commenter name (Reason.field="name") ............ as the term
  strife   slur of severity 3 / 2 / 1 ................................ 0.95 / 0.85 / 0.55
  strife   group noun + call to harm, expel or curse ................. 0.95  reject
  strife   group noun + dehumanising or generalising predicate ....... 0.90  reject
  strife   the same with an ambiguous group noun (السنه, whites) ..... 0.60  review
  strife   explicit call to harm with no group (اطردوهم, send them back,
           kick them all out, send all of them back),
           or generalising pronoun + predicate (كلهم خونه) ........... 0.60  review
  spam     URL alone, phone number alone ............................. 0.60  review
  spam     shortener or messenger link alone (bit.ly, t.me, wa.me) ... 0.80  review
  spam     e-mail address alone / @handle alone ...................... 0.50 / 0.40
  spam     contact channel + one other cue (promo, contact phrase,
           messenger name, price, shouting) .......................... 0.80  review
  spam     contact channel + two or more such cues (URL + promo) ..... 0.95  reject
  spam     two kinds of contact channel (URL + phone) ................ 0.90  reject
  spam     contact phrase + messenger name (للتواصل واتس) ............ 0.85  reject
  spam     commercial cues worth 2 / 3 / 4+ .......................... 0.50 / 0.60 / 0.85
  spam     commercial cues worth 2+ and a contact phrase ............. 0.85  reject
  spam     contact phrase alone (للتواصل) ............................ 0.40
  spam     letter/emoji/word repetition or ALL CAPS / both ........... 0.45 / 0.55
  spam     link in the commenter's name / phone in the name .......... 0.85 / 0.60
  spam     same text already submitted twice or more recently ........ 0.90  reject
  lists    banned word ............. offense 1.0 and Reason(code="banned_word", score=None)
  lists    suspect word ............ hold=True and Reason(code="suspect_word", score=None)

Commercial cues: a strong promotional phrase ("buy now", اطلب الان) is worth 2, a weak word
("discount", خصم) 1, and prices count 1 in all, because prices are everyday news.

Spaced-out links ("w w w . x . com", "example (dot) com") count as URLs.  "تواصل" (also
"continues") is a contact phrase only next to a channel (واتس، رقم، خاص, a phone), and "رابط"
(link) a promotional word only next to a link.

Harm words that are no call by themselves (verbal nouns: طرد، ترحيل، تهجير، expulsion,
deportation) count as a call to harm only after a call cue (يجب، لازم، نطالب، يا ريت, should,
we need) or before a verdict (هو الحل, is necessary).  Condemnation, opposition or negation in
front of any harm cue (ندين، نرفض، ضد، لا يجب, condemn, oppose, don't) blocks it, so "ندين
تهجير المسيحيين" and "we condemn the expulsion of Christians" are news, not strife.  Singular
predicates (حرامي, "a criminal") need a generalising cue (كل سوري, شعب, every).

Strife patterns fire only when a group noun (a people, sect, religion or nationality) meets a
generalising, dehumanising or harmful cue next to it in the same sentence, so neutral mentions
("Sunni and Shia leaders met", "المسيحيون يحتفلون") never fire on the group noun alone.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from model.normalize import Token, normalize, normalize_text, tokenize
from service.core import CheckResult, Context, Reason, Span
from service.policy.lexicon import Entry, Lexicon, Match, load

SEVERITY_SCORE = {1: 0.55, 2: 0.85, 3: 0.95}
MILD_COMBO_SCORE = {1: 0.55, 2: 0.70}
MILD_COMBO_MAX = 0.85

STRIFE_HARM = 0.95
STRIFE_GENERALISATION = 0.90
STRIFE_AMBIGUOUS = 0.60
STRIFE_ALONE = 0.60

DUPLICATE_SCORE = 0.90

_SENTENCE_BREAK = re.compile(r"[.!?؟\n;؛]")


@lru_cache(maxsize=1)
def offense_lexicon() -> Lexicon:
    """The packaged English and Arabic offense lexicon."""
    return load("offense_en.tsv", "offense_ar.tsv")


@lru_cache(maxsize=1)
def strife_lexicon() -> Lexicon:
    """The packaged sectarian and ethnic slur lexicon."""
    return load("strife.tsv")


@lru_cache(maxsize=1)
def strife_patterns() -> Lexicon:
    """Group nouns, predicates, harm cues and glue words for the strife patterns."""
    return load("strife_patterns.tsv")


@lru_cache(maxsize=1)
def spam_lexicon() -> Lexicon:
    """Promotional, contact and messenger vocabulary in both languages."""
    return load("spam.tsv")


def _tokens(ctx: Context) -> list[Token]:
    # Context has a __dict__ for derived values; the tokens are shared by every rule check
    # so the comment is tokenised once.
    cached = ctx.__dict__.get("_rule_tokens")
    if cached is None:
        cached = tokenize(ctx.norm)
        ctx.__dict__["_rule_tokens"] = cached
    return cached


def _name_matches(lexicon: Lexicon, name: str | None) -> list[tuple[Match, str]]:
    """Matches in a form field with the original text of each."""
    if not name or not name.strip():
        return []
    norm = normalize(name)
    out = []
    for m in lexicon.find(norm):
        start, end = norm.to_original(m.start, m.end)
        out.append((m, name[start:end]))
    return out


def _severity(match: Match) -> int:
    """Entry severity, one level higher when the term is addressed to someone."""
    sev = match.entry.severity
    # Vocative-only entries are raised too: "يا تافه" is as pointed as "انت حمار".
    if match.vocative:
        sev += 1
    return max(1, min(3, sev))


def _severity_score(severities: Sequence[tuple[int, str]]) -> float:
    """Category score from (severity, entry key) pairs: worst term, or several mild ones.

    Mild terms are counted by entry key, so two forms of one word (حمار، الحمير) are one term.
    """
    if not severities:
        return 0.0
    worst = max(s for s, _ in severities)
    score = SEVERITY_SCORE[worst]
    mild = {t for s, t in severities if s == 1}
    if len(mild) >= 2:
        score = max(score, MILD_COMBO_SCORE.get(len(mild), MILD_COMBO_MAX))
    return score


class OffenseRules:
    """Insults, profanity and vulgarity from the offense lexicon, in the comment and the name."""

    name = "offense_rules"
    category = "offense"

    def __init__(self, lexicon: Lexicon | None = None):
        self.lexicon = lexicon if lexicon is not None else offense_lexicon()

    def __call__(self, ctx: Context) -> CheckResult:
        """Score the comment and the commenter's name."""
        return _lexicon_result(self.lexicon, ctx, self.category)


def _lexicon_result(lexicon: Lexicon, ctx: Context, category: str) -> CheckResult:
    found: list[tuple[int, str]] = []
    reasons: list[Reason] = []
    hits = [(m, ctx.span(m.start, m.end)) for m in lexicon.find(ctx.norm, _tokens(ctx))]
    comment = ctx.submission.comment
    lowered = comment.lower()
    if len(lowered) == len(comment):  # lower() keeps offsets for all but a few letters
        hits += [
            (m, Span(m.start, m.end, comment[m.start : m.end]))
            for m in lexicon.find_masked(lowered)
            if not any(s.start < m.end and m.start < s.end for _, s in hits)
        ]
    for m, span in hits:
        sev = _severity(m)
        found.append((sev, m.entry.key))
        reasons.append(
            Reason(
                code=category,
                source="rule",
                score=SEVERITY_SCORE[sev],
                spans=(span,),
                params={"term": span.text, "severity": str(sev)},
            )
        )
    for m, text in _name_matches(lexicon, ctx.submission.name):
        sev = _severity(m)
        found.append((sev, m.entry.key))
        reasons.append(
            Reason(
                code=category,
                source="rule",
                score=SEVERITY_SCORE[sev],
                field="name",
                params={"term": text, "severity": str(sev)},
            )
        )
    if not found:
        return CheckResult()
    return CheckResult(scores={category: _severity_score(found)}, reasons=reasons)


# --- strife -----------------------------------------------------------------------------

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
        result = _lexicon_result(self.slurs, ctx, self.category)
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
        tokens = _tokens(ctx)
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


# --- spam -------------------------------------------------------------------------------

# Arabic-Indic and Persian digits become ASCII one for one, so offsets stay valid.
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_SHORT_LINK = re.compile(
    r"(?i)\b(?:t\.me|wa\.me|bit\.ly|goo\.gl|tinyurl\.com|cutt\.ly|rebrand\.ly|is\.gd|ow\.ly"
    r"|tiny\.cc|shorturl\.at|linktr\.ee|chat\.whatsapp\.com|api\.whatsapp\.com)/[^\s<>\"']*"
)
_URL = re.compile(r"(?i)\b(?:https?://|www\.)[^\s<>\"']+")
# Bare domains: TLDs that are also English words ("in", "me", "us") need a path, so a missing
# space after a full stop ("government.In addition") is not a link; the TLD must be lower case
# for the same reason.
# Each pattern starts only where its match can start (a look-behind instead of \b): a search
# that may start inside a run of its own characters ("a.a.a.…", "1111…") is quadratic.
_BARE_DOMAIN = re.compile(
    r"(?<![A-Za-z0-9-])(?<![A-Za-z0-9-]\.)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}"
    r"[A-Za-z0-9])?)*"
    r"(?:\.(?:com|net|org|info|biz|io|xyz|top|site|online|shop|store|club|app|link|live|jo|sa"
    r"|ae|eg|ru|cn|uk|tk|ml|ga|cf|gq|ws|cc|tv|ir|tr|fr|de|ps|lb|sy|iq|kw|qa|bh|om)\b"
    r"(?:/[^\s<>\"']*)?|\.(?:me|co|us|in|ly|gl|it|to|be|am|do|so)/[^\s<>\"']*)"
)
# Links spelled out to dodge filters: "w w w . x . com", "www . example . com",
# "example (dot) com".  A bare spaced domain needs a lower-case com/net/org so a full stop
# before "Net" or "com" in prose is not a link.
_URL_SEP = r"(?:\s*\.\s*|\s+dot\s+|\s*[(\[]dot[)\]]\s*)"
_SPACED_URL = re.compile(
    rf"(?i)(?<![\w.])w(?:\s*\.?\s*)w(?:\s*\.?\s*)w{_URL_SEP}[a-z0-9-]+(?:{_URL_SEP}[a-z0-9-]+)*"
    rf"{_URL_SEP}(?:com|net|org|info|biz|io|xyz|top|site|online|shop|store|club|app|jo|sa|ae|eg"
    rf"|me|co|us)\b"
)
_SPACED_DOMAIN = re.compile(
    r"(?<![A-Za-z0-9-])[A-Za-z0-9][A-Za-z0-9-]+(?:\s+\.\s*|\.\s+|\s*[(\[][Dd][Oo][Tt][)\]]\s*)(?:com|net|org)\b"
)
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
_HANDLE = re.compile(r"(?<![\w@])@[A-Za-z0-9_][A-Za-z0-9_.]{2,29}")
_PHONE = re.compile(r"(?<![\w+])(?:\+|00)?\d(?:[ \t.\-/()]{0,2}\d){7,14}(?!\w)")
_PRICE = re.compile(
    r"(?i)(?:[$€£]\s?\d[\d,.]*|(?<![\d,.])\d[\d,.]*\s?(?:[$€£]|usd\b|jd\b|jds\b|jod\b|dinars?\b"
    r"|dollars?\b|euros?\b|sar\b|aed\b|دينار|دنانير|ريال|درهم|دولار|جنيه|ليره|ليرة))"
)
_CHAR_RUN = re.compile(r"([^\sه\d.\-_=*])\1{9,}")
_EMOJI = re.compile(
    r"(?:[\U0001F300-\U0001FAFF\u2600-\u27BF\u2B00-\u2BFF][\uFE0F\U0001F3FB-\U0001F3FF]?\s?){6,}"
)
_WORD_RUN = re.compile(r"(?i)\b(\w{2,})(?:\W+\1\b){3,}")
_LATIN_LETTER = re.compile(r"[A-Za-z]")

# Shouting or letter runs alone are a quality signal more than spam: just under the default
# review band (0.50), so they show up only where a site lowers it or another cue joins them.
SHAPE_SCORE = {1: 0.45, 2: 0.55}
CHANNEL_SCORE = {"url": 0.60, "link": 0.80, "phone": 0.60, "email": 0.50, "handle": 0.40}


def _phone_ok(raw: str) -> bool:
    """Whether a digit run looks like a phone number rather than a year list or an amount."""
    digits = re.sub(r"\D", "", raw)
    if raw.startswith(("+", "00")):
        return 8 <= len(digits) <= 15
    if digits.startswith("9627") and len(digits) == 12:
        return True
    if digits.startswith("07") and len(digits) == 10:
        return True
    if len(digits) == 9 and digits[:2] in ("77", "78", "79"):
        return True
    return digits.startswith("0") and 10 <= len(digits) <= 13


@dataclass(frozen=True, slots=True)
class _SpamCue:
    kind: str  # url, link, phone, email, handle, promo, contact, platform, price, repeat, caps
    weight: int
    span: Span


def _spam_cues(text: str, allowed_domains: frozenset[str]) -> list[_SpamCue]:
    """Channel, price and shape cues found by regular expressions in an original text."""
    cues: list[_SpamCue] = []
    plain = text.translate(_DIGITS)
    taken: list[tuple[int, int]] = []

    def add(kind: str, start: int, end: int, weight: int = 1) -> None:
        if any(s < end and start < e for s, e in taken):
            return
        taken.append((start, end))
        cues.append(_SpamCue(kind, weight, Span(start, end, text[start:end])))

    for m in _EMAIL.finditer(plain):
        add("email", m.start(), m.end())
    for m in _SHORT_LINK.finditer(plain):
        add("link", m.start(), m.end())
    for rx in (_URL, _BARE_DOMAIN, _SPACED_URL, _SPACED_DOMAIN):
        for m in rx.finditer(plain):
            link = re.sub(r"(?i)\s*(?:[(\[]dot[)\]]|\bdot\b)\s*", ".", m.group(0))
            link = re.sub(r"\s+", "", link)
            host = re.sub(r"(?i)^(?:https?://)?(?:w\.?w\.?w\.)?", "", link).split("/")[0].lower()
            if host.rstrip(".") in allowed_domains:
                continue
            add("url", m.start(), m.end())
    for m in _HANDLE.finditer(plain):
        add("handle", m.start(), m.end())
    for m in _PHONE.finditer(plain):
        if _phone_ok(m.group(0)):
            add("phone", m.start(), m.end())
    for m in _PRICE.finditer(plain):
        add("price", m.start(), m.end())
    for rx in (_CHAR_RUN, _EMOJI, _WORD_RUN):
        for m in rx.finditer(text):
            add("repeat", m.start(), m.end())
    letters = _LATIN_LETTER.findall(text)
    if len(letters) >= 12 and sum(c.isupper() for c in letters) >= 0.7 * len(letters):
        first = next(i for i, c in enumerate(text) if c.isascii() and c.isalpha())
        last = max(i for i, c in enumerate(text) if c.isascii() and c.isalpha()) + 1
        cues.append(_SpamCue("caps", 1, Span(first, last, text[first:last])))
    return cues


# Words that are neutral alone: "تواصل" (also "continues": تواصل الاحتجاجات) is a contact phrase
# only next to a channel, "رابط" (link) a promotional word only next to an actual link.
_NEAR_TOKENS = 2
_NEAR_CHARS = 25


def _word_cues(
    matches: Sequence[Match], regex_cues: Sequence[_SpamCue], ctx: Context
) -> list[_SpamCue]:
    """Lexicon cues, with channel-dependent words kept only next to their channel."""

    def near_words(m: Match, kinds: tuple[str, ...]) -> bool:
        return any(
            o is not m
            and o.entry.category in kinds
            and o.first - m.last < _NEAR_TOKENS
            and m.first - o.last < _NEAR_TOKENS
            for o in matches
        )

    def near_channel(span: Span, kinds: frozenset[str]) -> bool:
        return any(
            c.kind in kinds
            and c.span.start - span.end <= _NEAR_CHARS
            and span.start - c.span.end <= _NEAR_CHARS
            for c in regex_cues
        )

    out = []
    for m in matches:
        kind, span = m.entry.category, ctx.span(m.start, m.end)
        if kind == "channelword":
            continue
        if kind == "weakcontact":
            if not (
                near_words(m, ("platform", "channelword"))
                or near_channel(span, frozenset(CHANNEL_SCORE))
            ):
                continue
            kind = "contact"
        elif kind == "linkword":
            if not near_channel(span, frozenset({"url", "link"})):
                continue
            kind = "promo"
        out.append(_SpamCue(kind, m.entry.severity, span))
    return out


def spam_score(cues: Sequence[_SpamCue]) -> float:
    """Combine spam cues into one score following the module's scoring table."""
    kinds = {c.kind for c in cues}
    channels = kinds & set(CHANNEL_SCORE)
    seen: dict[tuple[str, str], int] = {}
    for c in cues:
        key = (c.kind, c.span.text.casefold())
        seen[key] = max(seen.get(key, 0), c.weight)
    # Prices are everyday news ("the price of fuel rose to 1.3 JD"): however many, one point.
    commercial = sum(w for (k, _), w in seen.items() if k == "promo") + ("price" in kinds)
    contact = sum(w for (k, _), w in seen.items() if k == "contact")
    platform = sum(1 for (k, _) in seen if k == "platform")
    shape_points = len(kinds & {"repeat", "caps"})
    invitation = commercial + contact + platform + shape_points
    candidates = [0.0]
    candidates += [CHANNEL_SCORE[k] for k in channels]
    if channels and invitation >= 2:
        candidates.append(0.95)
    elif channels and invitation == 1:
        candidates.append(0.80)
    if len(channels) >= 2:
        candidates.append(0.90)
    if contact >= 2 and platform:
        candidates.append(0.85)
    elif contact >= 2:
        candidates.append(0.40)
    if commercial >= 2 and contact:
        candidates.append(0.85)
    if commercial >= 4:
        candidates.append(0.85)
    elif commercial == 3:
        candidates.append(0.60)
    elif commercial == 2:
        candidates.append(0.50)
    shape = len(kinds & {"repeat", "caps"})
    if shape:
        candidates.append(SHAPE_SCORE[shape])
    return max(candidates)


class SpamRules:
    """Links, phone numbers, handles, prices, promotional words, repetition and shouting."""

    name = "spam_rules"
    category = "spam"

    def __init__(self, allowed_domains: Iterable[str] = (), lexicon: Lexicon | None = None):
        self.allowed_domains = frozenset(d.lower().removeprefix("www.") for d in allowed_domains)
        self.lexicon = lexicon if lexicon is not None else spam_lexicon()

    def __call__(self, ctx: Context) -> CheckResult:
        """Score the comment's spam cues together; links or phones in the name count too."""
        cues = _spam_cues(ctx.submission.comment, self.allowed_domains)
        cues.extend(_word_cues(self.lexicon.find(ctx.norm, _tokens(ctx)), cues, ctx))
        score = spam_score(cues)
        reasons = (
            [
                Reason(
                    code=self.category,
                    source="rule",
                    score=score,
                    spans=(c.span,),
                    params={"term": c.span.text, "cue": c.kind},
                )
                for c in sorted(cues, key=lambda c: c.span.start)
            ]
            if score > 0
            else []
        )
        name = ctx.submission.name or ""
        name_cues = [c for c in _spam_cues(name, self.allowed_domains) if c.kind in CHANNEL_SCORE]
        if name_cues:
            # A link as the commenter's name is the classic SEO spam signature.
            name_score = 0.85 if any(c.kind in ("url", "link") for c in name_cues) else 0.60
            score = max(score, name_score)
            reasons.extend(
                Reason(
                    code=self.category,
                    source="rule",
                    score=name_score,
                    field="name",
                    params={"term": c.span.text, "cue": c.kind},
                )
                for c in name_cues
            )
        if score <= 0:
            return CheckResult()
        return CheckResult(scores={self.category: score}, reasons=reasons)


# --- duplicates -------------------------------------------------------------------------


def fingerprint(text: str) -> str:
    """The key of "the same text": sha1 of the normalised text (matches what the store keeps)."""
    return fingerprint_normalized(normalize_text(text))


def fingerprint_normalized(normalised: str) -> str:
    """:func:`fingerprint` of a text already normalised (``ctx.norm.text``)."""
    return hashlib.sha1(normalised.encode("utf-8", "surrogatepass")).hexdigest()  # noqa: S324


class DuplicateRules:
    """The same text submitted again and again: ``seen(fingerprint)`` counts prior copies.

    Short texts ("شكرا", "Good article") are left alone: many honest readers write them, so
    their repetition says nothing about a spammer.
    """

    name = "duplicate_rules"
    category = "spam"

    def __init__(
        self,
        seen: Callable[[str], int],
        min_copies: int = 2,
        min_chars: int = 20,
        seen_many: Callable[[Sequence[str]], dict[str, int]] | None = None,
    ):
        self.seen = seen
        self.seen_many = seen_many
        self.min_copies = min_copies
        self.min_chars = min_chars

    def _key(self, ctx: Context) -> str | None:
        normalised = ctx.norm.text
        if len(normalised.strip()) < self.min_chars:
            return None
        return fingerprint_normalized(normalised)

    def __call__(self, ctx: Context) -> CheckResult:
        """Flag the comment when ``min_copies`` or more copies were already submitted."""
        key = self._key(ctx)
        return CheckResult() if key is None else self._result(int(self.seen(key)))

    def batch(self, ctxs: Sequence[Context]) -> list[CheckResult]:
        """The same for many comments, with one lookup for the whole batch when possible."""
        keys = [self._key(c) for c in ctxs]
        if self.seen_many is None:
            counts = {k: int(self.seen(k)) for k in set(keys) if k is not None}
        else:
            counts = self.seen_many([k for k in set(keys) if k is not None])
        return [CheckResult() if k is None else self._result(counts.get(k, 0)) for k in keys]

    def _result(self, copies: int) -> CheckResult:
        if copies < self.min_copies:
            return CheckResult()
        return CheckResult(
            scores={self.category: DUPLICATE_SCORE},
            reasons=[
                Reason(
                    code=self.category,
                    source="rule",
                    score=DUPLICATE_SCORE,
                    params={"cue": "duplicate", "copies": str(copies)},
                )
            ],
        )


# --- moderators' word lists -------------------------------------------------------------

_ARABIC_SCRIPT = re.compile(r"[\u0600-\u06ff]")


def _word_entry(kind: str, term: str) -> Entry | None:
    term = term.strip()
    affix = ""
    if term.endswith("*"):
        term, affix = term.rstrip("*").strip(), "*"
    if not term:
        return None
    arabic = bool(_ARABIC_SCRIPT.search(term))
    # Moderators write the base word; its everyday attached and plural forms should match too.
    affix += "ps" if arabic else "s"
    return Entry(term, 3, "ar" if arabic else "en", kind, "moderator", affix)


@dataclass(frozen=True, slots=True)
class WordLists:
    """The moderators' banned (reject) and suspect (hold for review) words, compiled."""

    banned: Lexicon
    suspect: Lexicon

    @classmethod
    def build(cls, entries: Iterable[tuple[str, str]]) -> WordLists:
        """Compile ``(kind, term)`` pairs; kinds other than banned/suspect are ignored.

        A trailing ``*`` makes a prefix ("scam*" matches "scammers").
        """
        banned: list[Entry] = []
        suspect: list[Entry] = []
        for kind, term in entries:
            target = {"banned": banned, "suspect": suspect}.get(kind)
            entry = _word_entry(kind, term) if target is not None else None
            if entry is not None:
                target.append(entry)
        return cls(Lexicon(banned), Lexicon(suspect))

    @classmethod
    def empty(cls) -> WordLists:
        """No words at all."""
        return cls(Lexicon(()), Lexicon(()))


class WordListCheck:
    """Banned words reject, suspect words hold the comment for a moderator."""

    name = "word_lists"

    def __init__(self, provider: Callable[[], WordLists]):
        self.provider = provider

    def __call__(self, ctx: Context) -> CheckResult:
        """Look the comment and the name up in the current word lists."""
        lists = self.provider()
        result = CheckResult()
        for lexicon, code in ((lists.banned, "banned_word"), (lists.suspect, "suspect_word")):
            if not len(lexicon):
                continue
            for m in lexicon.find(ctx.norm, _tokens(ctx)):
                span = ctx.span(m.start, m.end)
                result.reasons.append(
                    Reason(code=code, source="rule", spans=(span,), params={"term": span.text})
                )
            for _, text in _name_matches(lexicon, ctx.submission.name):
                result.reasons.append(
                    Reason(code=code, source="rule", field="name", params={"term": text})
                )
        codes = {r.code for r in result.reasons}
        if "banned_word" in codes:
            result.scores["offense"] = 1.0
        if "suspect_word" in codes:
            result.hold = True
        return result
