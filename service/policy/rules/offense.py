"""Offense: insults, profanity and vulgarity from the offense lexicon.

A word from the lexicon is an insult when it is *aimed at someone*; the same word meant
literally (الكلاب الضالة، "a stray dog", عالحمير) or as an idiom (حمار الطاحونة) is not.  Each
match is placed from the words around it (``offense_context.tsv``, and the people nouns of
``strife_patterns.tsv``):

* **aimed**: addressed to someone (يا حمار، "you idiot"); said *of* a person, role, institution
  or people named before it, over glue words (الحكم كان حمار، الحكومة كلها حرامية، "the ref
  Omari is a blind donkey"); after a collective noun (شوية كلاب، عصابة لصوص، "a bunch of
  idiots"); right after "this"/"these"/"those" when a person follows ("this clown of a
  spokesman", "these idiots in the ministry"; not for words with a literal sense); after an
  English copula ("whoever did this is a complete idiot"); in an either-or predicate (يا اما غبي
  يا اما ...); a few words after a relative pronoun (اللي كتب هالقانون حمار); right before a
  relative pronoun or a person (حمار اللي قرر، كلاب الحكومة، "stupid people"); coordinated with
  an aimed insult or with another insult (كذاب ونصاب); or as a sentence of its own ("Incompetent
  fool.").  An aimed word is raised one severity level; vocative-only entries (``v``) count only
  when aimed;
* **literal**: an entry with a literal sense (``l``) next to a literal context word (ضال، عضه،
  الطاحونة، شارع، اشتري، "stray", "bite", "farm") or right after a preposition (على الحمير، "on
  a donkey") is dropped, unless addressed or said of a named person (الحكومة كلاب ضالة);
* **self**: said of the writer (انا حمار شغل، "I'm an idiot for believing them") it is dropped;
* **mention**: talked about, not said (``mention`` cues a few words before it: "بكلمة حمار
  وخاين", "calling people 'idiots' is cheap", "someone called the governor an idiot") it is
  dropped unless addressed; a report of who said what is no insult by the writer;
* **denied**: right after a negation ("he's not an idiot", "broke, not stupid", "مش حمار") it is
  dropped unless addressed;
* **disguised**: written with separators inside ("ك.ل.ا.ب", "f*ck") it is raised one level, as
  if aimed: nobody disguises a word meant literally;
* **plain**: anything else keeps the entry's own severity (mostly review).

Two flags narrow "said of someone": things are called garbage as often as people (``o``:
زبالة، زفت، "garbage", "stupid"), so only a named person or institution (or an address) aims
them; criticism words (``c``: فاشل، جبان، "coward") are harsh criticism when said of an
institution ("حكومة فاشلة"), so only a direct address makes them insults.  An English copula
alone aims neither literal-sense words ("it was a big dog") unless an adjective said of people
comes with it ("is a lying dog"), nor any Arabic word.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from model.normalize import Token
from service.core import CheckResult, Context, Reason, Span
from service.policy.lexicon import Lexicon, Match, load
from service.policy.rules.common import (
    SEVERITY_SCORE,
    cached_find,
    name_matches,
    severity_score,
    tokens_of,
)
from service.policy.rules.strife import STRIFE_PATTERN_MATCHES, strife_patterns
from service.policy.rules.strife_cues import reported_ranges

_CLAUSE_BREAK = re.compile(r"[.!?؟\n;؛,،:\"'«»“”()]")
_SENTENCE_BREAK = re.compile(r"[.!?؟\n;؛]")
# Proclitic prepositions: "بالحكومه" is no subject, "عالحمير" / "بالكلاب" are literal.
_PREP_PROCLITICS = ("بال", "لل", "كال", "عال", "فبال", "وبال", "وعال", "ولل", "فلل")
_COORDINATORS = frozenset({"و", "and", "w", "or", "او", "ولا", "&", "wa"})
_REACH = 6  # cue words walked over between the person and the insult
_RELATIVE_REACH = 6  # tokens from a relative pronoun to the insult
_ANALYSED = "_offense_analysed"  # the context key of OffenseRules._analysed
_LITERAL_REACH = 3  # tokens either side in which a literal context word cancels a match
_CONTRACTED = frozenset({"isn", "wasn", "aren", "weren"})
# Heads of a construct whose complement is what they keep: "اصحاب الكلاب", "مربي الحمير".
_OWNERS = frozenset({"اصحاب", "صاحب", "مالك", "ملاك", "مربي", "مربيين", "مربين"})
_DENYING = frozenset({"not", "isnt", "wasnt", "arent", "werent", *_CONTRACTED, "مش", "مو", "موش",
                      "ليس", "ليسوا", "مانه", "مانو", "mesh", "mish", "msh", "mush", "mosh"})
# Separators inside the matched word as written: "ك.ل.ا.ب", "i-d-i-o-t", "s_t_u_p_i_d".
_DISGUISE = re.compile(r"\w[.\-_*·•]+\w")
_MENTION_STOP = re.compile(r"[:,،;؛]")
_MENTION_REACH = 4  # tokens before an insult in which "the word", "called" make it a mention
_EXCLAMATION_MAX = 4  # tokens of a sentence that is only an insult ("Incompetent fool.")
_PASSING = frozenset({"glue", "copula", "adjective"})
_EXISTENTIAL = frozenset({"there", "theres"})
_POINTED_REACH = 3  # tokens after an insult pointed at by "this" in which its person may come
# Positions that name who is insulted; a literal context word near them does not cancel them
# ("الحكومة كلاب ضالة" is still said of the government).
_FIRM = frozenset({"vocative", "target", "collective", "construct"})
_DEFINITE = ("ال", "وال", "فال", "the")  # "والغنم اللي ماتت": and the sheep that died


@lru_cache(maxsize=1)
def offense_lexicon() -> Lexicon:
    """The packaged English and Arabic offense lexicon."""
    return load("offense_en.tsv", "offense_ar.tsv")


@lru_cache(maxsize=1)
def offense_context() -> Lexicon:
    """Words around an insult: persons, glue, collectives, relatives, literal contexts."""
    return load("offense_context.tsv")


class OffenseRules:
    """Insults, profanity and vulgarity from the offense lexicon, in the comment and the name."""

    name = "offense_rules"
    category = "offense"

    def __init__(self, lexicon: Lexicon | None = None, context: Lexicon | None = None):
        self.lexicon = lexicon if lexicon is not None else offense_lexicon()
        self.context = context if context is not None else offense_context()

    def __call__(self, ctx: Context) -> CheckResult:
        """Score the comment and the commenter's name."""
        found: list[tuple[int, str]] = []
        reasons: list[Reason] = []
        for m, span, sev, position in self._analysed(ctx)[0]:
            found.append((sev, m.entry.key))
            params = {"term": span.text, "severity": str(sev)}
            if position != "plain":
                params["aimed"] = position
            reasons.append(
                Reason(
                    code=self.category,
                    source="rule",
                    score=SEVERITY_SCORE[sev],
                    spans=(span,),
                    params=params,
                )
            )
        for m, text in name_matches(self.lexicon, ctx.submission.name):
            sev = min(3, m.entry.severity + m.vocative)
            found.append((sev, m.entry.key))
            reasons.append(
                Reason(
                    code=self.category,
                    source="rule",
                    score=SEVERITY_SCORE[sev],
                    field="name",
                    params={"term": text, "severity": str(sev)},
                )
            )
        if not found:
            return CheckResult()
        return CheckResult(scores={self.category: severity_score(found)}, reasons=reasons)

    def explained_away(self, ctx: Context) -> bool:
        """Whether some insult word is read as said at nobody (literally: الكلاب الضالة; as a
        mention or a retold insult: "بكلمة حمار", "وقاله يا حمار", "calling people 'idiots'";
        denied; of the writer himself) and no other is aimed: at most mild unaimed words remain
        ("والمنظر مقرف ووسخ"), which the rules alone send to review."""
        hits, explained = self._analysed(ctx)
        return bool(explained) and all(sev == 1 and position == "plain"
                                       for _, _, sev, position in hits)

    def _analysed(self, ctx: Context) -> tuple[list[tuple[Match, Span, int, str]], list[Match]]:
        """The comment's hits and the insult words read as said at nobody, computed once per
        comment: the check and the classifier's guard (``explained_away``) both ask."""
        cached = ctx.__dict__.get(_ANALYSED)
        if cached is None or cached[0] is not self:
            explained: list[Match] = []
            cached = (self, self._comment_hits(ctx, explained), explained)
            ctx.__dict__[_ANALYSED] = cached
        return cached[1], cached[2]

    def _comment_hits(self, ctx: Context, explained: list[Match] | None = None
                      ) -> list[tuple[Match, Span, int, str]]:
        tokens = tokens_of(ctx)
        matches = self.lexicon.find(ctx.norm, tokens, unaddressed=True)
        cues = self.context.find(ctx.norm, tokens)
        people = cached_find(ctx, STRIFE_PATTERN_MATCHES, strife_patterns())
        groups = [m for m in people if m.entry.category == "group"]
        scene = _Scene(ctx.norm.text, tokens, cues, groups)
        positions: list[str | None] = []
        for m in matches:
            position = "vocative" if m.vocative else scene.aimed(m) or scene.exclamation(m, matches)
            positions.append(_allowed(position, m.entry.affix, m.entry.language))
        # Coordination: an insult joined by و/"and" to an aimed one is aimed too (الخرابشة
        # حرامي وحمار), and two joined insults, one of them no literal-sense word, name-call
        # someone by themselves (كذاب ونصاب، حرامية وكلاب).
        for _ in range(2):
            for k in range(len(matches) - 1):
                a, b = matches[k], matches[k + 1]
                if not _coordinated(a, b, scene):
                    continue
                pa, pb = positions[k], positions[k + 1]
                both_literal = "l" in a.entry.affix and "l" in b.entry.affix
                if pa is None and pb is None and not both_literal:
                    ea = _allowed("enumeration", a.entry.affix, a.entry.language)
                    eb = _allowed("enumeration", b.entry.affix, b.entry.language)
                    if ea and eb:
                        pa, pb = ea, eb
                positions[k] = pa or _allowed(pb, a.entry.affix, a.entry.language)
                positions[k + 1] = pb or _allowed(pa, b.entry.affix, b.entry.language)
        out: list[tuple[Match, Span, int, str]] = []
        # Quoted after a reporting or naming verb ("calling the suspects 'animals' and 'scum'",
        # the strife check's reported speech): the writer retells the word, he does not say it.
        quoted = reported_ranges(ctx.norm.text)
        for m, position in zip(matches, positions, strict=True):
            affix = m.entry.affix
            if any(a <= m.start < b for a, b in quoted) or _PROOF.match(ctx.norm.text, m.end):
                if explained is not None:
                    explained.append(m)
                continue
            if position is None and m.first >= 0 and _DISGUISE.search(
                    ctx.span(m.start, m.end).text):
                position = "disguised"  # nobody spells a word meant literally "ك.ل.ا.ب"
            if (position == "self" or (
                position != "vocative" and (scene.mentioned(m) or scene.denied(m))
            ) or (position == "vocative" and scene.mentioned(m, ("reported",)))  # retold
                    or (position not in _FIRM and "l" in affix and scene.literal(m))):
                if explained is not None:
                    explained.append(m)
                continue
            if position is None and m.entry.vocative_only:
                continue
            sev = max(1, min(3, m.entry.severity + (position is not None)))
            out.append((m, ctx.span(m.start, m.end), sev, position or "plain"))
        return out + _masked_hits(self.lexicon, ctx, [s for _, s, _, _ in out])


# "idiot-proof", "fool-proof": a quality of a thing, not a word said of anyone.
_PROOF = re.compile(r"-(?:proof(?:ed|ing|s)?|resistant)\b")


def _allowed(position: str | None, affix: str, language: str) -> str | None:
    """The position if the entry's flags let it raise the entry, else None.

    ``c`` words are raised by an address only, ``o`` words by an address or a named person.
    A bare English copula, or a sentence that is only the word, aims words without a literal
    sense, or literal-sense words with an adjective said of people ("is a lying dog", "Filthy
    pig!"; a lone "خروف" may be an answer about sheep); Arabic copulas come with a subject.
    """
    if position in (None, "vocative", "self"):
        return position
    if "c" in affix:
        return None
    if "o" in affix and position not in ("target", "construct"):
        return None
    if position in ("copula", "copula-adjective") and language != "en":
        return None
    if position in ("copula", "exclamation", "demonstrative") and "l" in affix:
        return None
    return position


def _coordinated(a: Match, b: Match, scene: _Scene) -> bool:
    """Whether two insults are joined by "و"/"and" with nothing else between."""
    if a.first < 0 or b.first < 0 or scene.clause[a.first] != scene.clause[b.first]:
        return False
    if b.first == a.last:
        return scene.texts[b.first].startswith("و")
    return b.first == a.last + 1 and scene.texts[a.last] in _COORDINATORS


def _masked_hits(
    lexicon: Lexicon, ctx: Context, taken: Sequence[Span]
) -> list[tuple[Match, Span, int, str]]:
    """Starred words ("f*ck", "a**hole") found on the comment as submitted."""
    comment = ctx.submission.comment
    lowered = comment.lower()
    if len(lowered) != len(comment):  # lower() keeps offsets for all but a few letters
        return []
    out = []
    quoted = reported_ranges(lowered)  # retold, as in the comment's other words
    for m in lexicon.find_masked(lowered):
        if any(s.start < m.end and m.start < s.end for s in taken) or any(
                a <= m.start < b for a, b in quoted):
            continue
        # Nobody disguises a word meant literally ("ك.ل.ا.ب", "f*ck"): the disguise aims it.
        sev = max(1, min(3, m.entry.severity + 1 + m.vocative))
        span = Span(m.start, m.end, comment[m.start : m.end])
        out.append((m, span, sev, "vocative" if m.vocative else "disguised"))
    return out


class _Scene:
    """The tokens of one comment with the context cues found in them."""

    def __init__(self, text: str, tokens: Sequence[Token], cues: list[Match], groups: list[Match]):
        self.texts = [t.text for t in tokens]
        self.clause = _break_ids(text, tokens, _CLAUSE_BREAK)
        self.sentence = _break_ids(text, tokens, _SENTENCE_BREAK)
        self.by_last: dict[int, tuple[str, Match]] = {}
        self.by_first: dict[int, tuple[str, Match]] = {}
        self.kind_at: dict[int, str] = {}
        # Tokens right after a colon or a comma: a mention cue does not reach over them
        # (quotes it does: "calling people 'idiots'").
        self.stop_before = {k for k, t in enumerate(tokens) if _MENTION_STOP.search(text[
            (tokens[k - 1].end if k else 0):t.start])}
        taken: set[int] = set()
        for kind, c in [(c.entry.category, c) for c in cues] + [("target", g) for g in groups]:
            if any(k in taken for k in range(c.first, c.last)):
                continue
            taken.update(range(c.first, c.last))
            self.by_last[c.last] = (kind, c)
            self.by_first[c.first] = (kind, c)
            for k in range(c.first, c.last):
                self.kind_at[k] = kind

    def aimed(self, m: Match) -> str | None:
        """Who or what the insult is said of, from the cue words around it in its clause."""
        if m.first < 0:
            return None
        return self._before(m) or self._after(m) or self._relative(m)

    def _before(self, m: Match) -> str | None:
        j, copula, skipped, adjective = m.first, None, False, False
        if j > 0 and self.texts[j - 1] == "ال":
            j -= 1  # "هالوزير الـ ح م ا ر": the article written apart belongs to the insult
        for _ in range(_REACH):
            kind, cue = self.by_last.get(j, (None, None))
            if cue is None and not skipped and self._complement(j):
                # A person's definite complement: "تجار الذهب حرامية", "سواقين الشاحنات كلاب".
                skipped, j = True, j - 1
                kind, cue = self.by_last.get(j, (None, None))
            if cue is None and copula is not None and not skipped and j > 1:
                # One unknown word, a name, may stand after the person: "the ref Omari is".
                skipped, j = True, j - 1
                kind, cue = self.by_last.get(j, (None, None))
                if kind != "target":
                    break
            if cue is None or self.clause[cue.first] != self.clause[m.first]:
                break
            if kind == "self":
                return "self"
            if kind == "target":
                if self.texts[cue.first].startswith(_PREP_PROCLITICS):
                    break
                if (cue.last == m.first and "l" in m.entry.affix
                        and self.texts[cue.first] in _OWNERS
                        and self.texts[m.first].startswith(("ال", "هال"))):
                    break  # a construct: the animals the person keeps (اصحاب الكلاب)
                return "target"
            if kind in ("collective", "either"):
                return kind
            if kind == "demonstrative":
                return kind if cue.last == m.first and self._pointed(m) else None
            if kind == "copula":
                copula = cue.first
            elif kind == "adjective":
                adjective = True
            elif kind != "glue":
                break
            j = cue.first
        if copula is None or (copula and self.texts[copula - 1] in _EXISTENTIAL):
            return None  # "there are parasites in the water": existence, said of no one
        return "copula-adjective" if adjective else "copula"

    def _pointed(self, m: Match) -> bool:
        """Whether an insult after "this"/"these" is said of a person: "this clown of a
        spokesman", "these clowns who ...", "these idiots in the ministry", not "this clown at
        the party"."""
        k = m.last
        if k < len(self.texts) and self.texts[k] == "who":
            return True
        if k + 1 < len(self.texts) and self.texts[k] == "of" and self.texts[k + 1] in (
                "a", "an", "the"):
            return True
        return any(self.kind_at.get(j) == "target" and self.clause[j] == self.clause[m.first]
                   for j in range(k, min(k + _POINTED_REACH, len(self.texts))))

    def _complement(self, j: int) -> bool:
        """Whether the token before ``j`` (an end index) is a definite noun right after a person
        word: "تجار الذهب", "اصحاب هالمطاعم" (the dialect's "these" is definite too)."""
        if j < 2 or not self.texts[j - 1].startswith(("ال", "هال")) or len(self.texts[j - 1]) < 4:
            return False
        kind, cue = self.by_last.get(j - 1, (None, None))
        return (kind == "target" and cue is not None
                and self.clause[cue.first] == self.clause[j - 1]
                and not self.texts[cue.first].startswith(("ال", "لل", "وال")))

    def _after(self, m: Match) -> str | None:
        """An insult right before a relative pronoun or a person (حمار اللي قرر، كلاب الحكومه).

        Vocative-only words before a noun modify it ("puppet government", عملاء الحكومة), and
        an English word must stand as a noun phrase ("what an idiot whoever ..."), not a verb
        ("might fool the guy who ...").
        """
        kind, cue = self.by_first.get(m.last, (None, None))
        if cue is None or self.clause[cue.first] != self.clause[m.first]:
            return None
        if m.entry.vocative_only and kind == "target":
            return None
        same_clause = m.first > 0 and self.clause[m.first - 1] == self.clause[m.first]
        if m.entry.language == "en" and same_clause:
            before, _ = self.by_last.get(m.first, (None, None))
            if before not in ("glue", "adjective"):
                return None
        if kind == "relative":
            # A definite vocative-only word before a relative describes a thing ("الخروف اللي
            # وزنه 50 كيلو", the sheep that weighs 50 kilos); "خروف اللي صدقهم" calls someone one.
            if m.entry.vocative_only and self.texts[m.first].startswith(_DEFINITE):
                return None
            return "relative"
        # كلاب الحكومه, "stupid people"; a pronoun after the word is its own subject.
        word = self.texts[cue.first]
        if (
            kind == "target"
            and not word.startswith(_PREP_PROCLITICS)
            and (cue.entry.language == "en" or word.startswith("ال"))
        ):
            return "construct"
        return None

    def _relative(self, m: Match) -> str | None:
        """A relative clause a few words before the insult is its subject (اللي كتبه حمار).

        The relative pronoun must open the clause (after glue such as بس) or follow a person
        (الهنود اللي بالمستشفى وسخين); one inside a narrative ("مسخ الذين تكلموا ...") is not.
        """
        for j in range(m.first - 1, max(-1, m.first - 1 - _RELATIVE_REACH), -1):
            if self.clause[j] != self.clause[m.first]:
                return None
            if self.kind_at.get(j) != "relative":
                continue
            k = j - 1
            while k >= 0 and self.clause[k] == self.clause[j] and self.kind_at.get(k) == "glue":
                k -= 1
            if k < 0 or self.clause[k] != self.clause[j] or self.kind_at.get(k) == "target":
                return "relative"
            return None
        return None

    def exclamation(self, m: Match, matches: Sequence[Match]) -> str | None:
        """A sentence that is nothing but adjectives and this insult ("Incompetent fool.")."""
        if m.first < 0:
            return None
        sid = self.sentence[m.first]
        span = [k for k, s in enumerate(self.sentence) if s == sid]
        if len(span) > _EXCLAMATION_MAX:
            return None
        insult = {k for x in matches for k in range(x.first, x.last)}
        # "the clown" names someone in a story; "Incompetent fool." calls someone one.
        if all(
            k in insult or (self.kind_at.get(k) in _PASSING and self.texts[k] != "the")
            for k in span
        ):
            adjective = any(self.kind_at.get(k) == "adjective" for k in span)
            return "exclamation-adjective" if adjective else "exclamation"
        return None

    def denied(self, m: Match) -> bool:
        """Whether a negation stands right before the word ("he's not an idiot", "broke, not
        stupid", "مش حمار"): the writer denies the insult."""
        k = m.first - 1
        while k >= 0 and self.texts[k] in ("a", "an", "the", "واحد") and k + 1 not in (
                self.stop_before):
            k -= 1
        if k >= 1 and self.texts[k] == "t" and self.texts[k - 1] in _CONTRACTED:
            k -= 1  # "isn't" is tokenised "isn", "t"
        return (k >= 0 and self.texts[k] in _DENYING and self.sentence[k] == self.sentence[m.first]
                and k + 1 not in self.stop_before)

    def mentioned(self, m: Match, kinds: tuple[str, ...] = ("mention", "reported")) -> bool:
        """Whether the word is talked about rather than said: a mention cue a few words before
        it in its sentence ("بكلمة حمار وخاين", "calling people 'idiots'", "called the governor
        an idiot", "قاله يا حرامي"), with no colon or comma between (after "كلمة حق:" the
        writer speaks)."""
        if m.first < 0:
            return False
        for k in range(m.first - 1, max(-1, m.first - 1 - _MENTION_REACH), -1):
            if self.sentence[k] != self.sentence[m.first] or k + 1 in self.stop_before:
                return False
            if self.kind_at.get(k) in kinds:
                return True
        return False

    def literal(self, m: Match) -> bool:
        """Whether a literal context word or a preposition sits next to the word."""
        if m.first < 0:
            return False
        if self.texts[m.first].startswith(_PREP_PROCLITICS):
            return True
        kind, cue = self.by_last.get(m.first, (None, None))
        if cue is not None and self.texts[cue.first] in ("a", "an", "the", "el", "il"):
            # "like a donkey", Arabizi's article on its own: "zay el kalb mn el ta3ab"
            kind, _ = self.by_last.get(cue.first, (None, None))
        # الي is also "to" (إلى): "مسخهم الى قردة" is no relative clause.
        if kind == "prep" or (m.first and self.texts[m.first - 1] == "الي"):
            return True
        lo = max(0, m.first - _LITERAL_REACH)
        hi = min(len(self.texts), m.last + _LITERAL_REACH)
        return any(
            self.kind_at.get(k) == "literal" and self.clause[k] == self.clause[m.first]
            for k in range(lo, hi)
        )


def _break_ids(text: str, tokens: Sequence[Token], breaks: re.Pattern[str]) -> list[int]:
    ids, current = [], 0
    for k, tok in enumerate(tokens):
        gap = text[tokens[k - 1].end : tok.start] if k else ""
        # An apostrophe inside a word ("I'm", "she's") is no quotation mark.
        if k and gap not in ("'", "’") and breaks.search(gap):
            current += 1
        ids.append(current)
    return ids
