"""Rule checks: offense, strife, spam, duplicates and the moderators' word lists.

Every check implements :class:`service.core.Check` and reports evidence as spans of the
ORIGINAL comment (``comment[span.start:span.end] == span.text``), mapped back from the
normalised text through ``ctx.span``.  Lexicons live in ``data/*.tsv`` (see
:mod:`service.policy.lexicon` for the columns and affix flags).

Scoring table (the core takes, per category, the maximum over all checks; the default review /
reject thresholds are 0.45 / 0.80 for offense, 0.40 / 0.80 for strife, 0.50 / 0.85 for spam).
"Addressed" means after a vocative or second-person cue (يا، انت، you, ur), which raises a
term one severity level.

  offense  severity 3 term, or severity 2 addressed .................. 0.95  reject
  offense  severity 2 term, or severity 1 addressed .................. 0.85  reject
  offense  severity 1 term ........................................... 0.55  review
  offense  two / three or more distinct severity-1 terms ............. 0.70 / 0.85
  offense  offensive commenter name (Reason.field="name") ............ as the term
  strife   slur of severity 3 / 2 / 1 ................................ 0.95 / 0.85 / 0.55
  strife   group noun + call to harm, expel or curse ................. 0.95  reject
  strife   group noun + dehumanising or generalising predicate ....... 0.90  reject
  strife   the same with an ambiguous group noun (السنه, whites) ..... 0.60  review
  strife   explicit call to harm with no group (اطردوهم, send them back),
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
    if match.vocative and not match.entry.vocative_only:
        sev += 1
    return max(1, min(3, sev))


def _severity_score(severities: Sequence[tuple[int, str]]) -> float:
    """Category score from (severity, term) pairs: worst term, or several mild ones together."""
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
        found.append((sev, m.entry.term))
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
        found.append((sev, m.entry.term))
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
            pred = _predicate_after(g, by_first, sentence)
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
            pred = _predicate_after(p, by_first, sentence)
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


def _sentence_ids(text: str, tokens: Sequence[Token]) -> list[int]:
    ids, current = [], 0
    for k, tok in enumerate(tokens):
        if k and _SENTENCE_BREAK.search(text, tokens[k - 1].end, tok.start):
            current += 1
        ids.append(current)
    return ids


def _predicate_after(head: _Cue, by_first: dict[int, _Cue], sentence: Sequence[int]) -> _Cue | None:
    """A negative predicate after ``head`` with only glue words between (at most four)."""
    j, steps = head.last, 0
    while steps <= 4:
        cue = by_first.get(j)
        if cue is None or sentence[cue.first] != sentence[head.first]:
            return None
        if cue.kind in ("neg", "negpre"):
            return cue
        if cue.kind not in ("glue", "pron"):
            return None
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
        return gap <= 4
    if gap == 0:
        return True
    # A weak cue reaches its group over one quantifier only: "kill all the Jews",
    # "الله يلعن كل ...", never "سبب الموت لدى اللاجئين".
    if gap == 1:
        between = harm.last if group.first > harm.first else group.last
        return tokens[between].text in _QUANTIFIERS
    return False


def _token_range(tokens: Sequence[Token], start: int, end: int) -> tuple[int, int] | None:
    inside = [k for k, t in enumerate(tokens) if t.start < end and t.end > start]
    return (inside[0], inside[-1] + 1) if inside else None


def _regex_harms(text: str, tokens: Sequence[Token]) -> list[_Cue]:
    cues = []
    for rx, weight in ((_EN_MODAL_HARM, 1), (_EN_SEND_BACK, 1)):
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
_BARE_DOMAIN = re.compile(
    r"\b[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}"
    r"[A-Za-z0-9])?)*"
    r"(?:\.(?:com|net|org|info|biz|io|xyz|top|site|online|shop|store|club|app|link|live|jo|sa"
    r"|ae|eg|ru|cn|uk|tk|ml|ga|cf|gq|ws|cc|tv|ir|tr|fr|de|ps|lb|sy|iq|kw|qa|bh|om)\b"
    r"(?:/[^\s<>\"']*)?|\.(?:me|co|us|in|ly|gl|it|to|be|am|do|so)/[^\s<>\"']*)"
)
_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
_HANDLE = re.compile(r"(?<![\w@])@[A-Za-z0-9_][A-Za-z0-9_.]{2,29}")
_PHONE = re.compile(r"(?<![\w+])(?:\+|00)?\d(?:[ \t.\-/()]{0,2}\d){7,14}(?!\w)")
_PRICE = re.compile(
    r"(?i)(?:[$€£]\s?\d[\d,.]*|\d[\d,.]*\s?(?:[$€£]|usd\b|jd\b|jds\b|jod\b|dinars?\b"
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
    for rx in (_URL, _BARE_DOMAIN):
        for m in rx.finditer(plain):
            host = re.sub(r"(?i)^(?:https?://)?(?:www\.)?", "", m.group(0)).split("/")[0].lower()
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
        for m in self.lexicon.find(ctx.norm, _tokens(ctx)):
            cues.append(_SpamCue(m.entry.category, m.entry.severity, ctx.span(m.start, m.end)))
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
    return hashlib.sha1(normalize_text(text).encode("utf-8", "surrogatepass")).hexdigest()  # noqa: S324


class DuplicateRules:
    """The same text submitted again and again: ``seen(fingerprint)`` counts prior copies.

    Short texts ("شكرا", "Good article") are left alone: many honest readers write them, so
    their repetition says nothing about a spammer.
    """

    name = "duplicate_rules"
    category = "spam"

    def __init__(self, seen: Callable[[str], int], min_copies: int = 2, min_chars: int = 20):
        self.seen = seen
        self.min_copies = min_copies
        self.min_chars = min_chars

    def __call__(self, ctx: Context) -> CheckResult:
        """Flag the comment when ``min_copies`` or more copies were already submitted."""
        normalised = ctx.norm.text
        if len(normalised.strip()) < self.min_chars:
            return CheckResult()
        key = hashlib.sha1(normalised.encode("utf-8", "surrogatepass")).hexdigest()  # noqa: S324
        copies = int(self.seen(key))
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
