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

from model.normalize import normalize_text
from model.relevance_text import stem
from service.core import MAX_ARTICLE_BODY, CheckResult, Context, Reason, Span
from service.policy.lexicon import Lexicon, Match, load
from service.policy.rules.common import (
    SEVERITY_SCORE,
    cached_find,
    name_matches,
    severity_score,
    tokens_of,
)
from service.policy.rules.offense_scene import Scene
from service.policy.rules.strife import STRIFE_PATTERN_MATCHES, strife_patterns
from service.policy.rules.strife_cues import reported_ranges

_COORDINATORS = frozenset({"و", "and", "w", "or", "او", "ولا", "&", "wa"})
_ANALYSED = "_offense_analysed"  # the context key of OffenseRules._analysed
# Separators inside the matched word as written: "ك.ل.ا.ب", "i-d-i-o-t", "s_t_u_p_i_d"
# (spaced-out letters, "ت ي و س", are joined by the normaliser: see ``_disguised``).
_DISGUISE = re.compile(r"\w[.\-_*·•]+\w")
# A word spelled out for a reader, after a colon or a word about spelling, is no disguise.
_SPELLING = re.compile(r":|\bspell|\bletters?\b|تهج|حروف|حرف|تنكتب|بتنكتب|يكتب|نكتب")


def _disguised(m: Match, written: str, before: str) -> bool:
    """Whether a one-word entry was written with separators or spaced out ("ت ي و س"); not
    when it is spelled for a reader ("learning to spell: d o g", "الحيوانات: ب ق ر ه")."""
    if _DISGUISE.search(written):
        return True
    return (" " not in m.text and any(ch.isspace() for ch in written)
            and not _SPELLING.search(before))


# Positions that name who is insulted; a literal context word near them does not cancel them
# ("الحكومة كلاب ضالة" is still said of the government).
_FIRM = frozenset({"vocative", "target", "collective", "construct"})


@lru_cache(maxsize=256)
def _story_words(title: str, body: str) -> frozenset[str]:
    """The light stems (:func:`model.relevance_text.stem`: clitics, suffixes, English plurals)
    of an article's words, its title and the first ``MAX_ARTICLE_BODY`` characters of its
    body."""
    text = normalize_text(f"{title}\n{body[:MAX_ARTICLE_BODY]}").lower()
    return frozenset(stem(w) for w in re.findall(r"\w+", text))


def _story_animal(ctx: Context, word: str) -> bool:
    """Whether a word with a literal sense (كلاب, "dogs") is one the story itself uses: under a
    story about stray dogs "شو مصير الكلاب اللي رح تنمسك" asks about the dogs.  Only where
    :func:`_story_loose` allows ("الحكومة كلاب", "يا كلاب" stay insults under that story)."""
    article = ctx.article
    return article is not None and stem(word) in _story_words(article.title, article.body)


_DEFINITE_PREFIXES = ("ال", "وال", "فال")
_ARTICLES_BEFORE = frozenset({"the", "el", "al", "il"})


def _story_loose(scene: Scene, m: Match, position: str | None) -> bool:
    """Where a story's own animal word may be the animal: aimed at nobody, with no person or
    institution in its clause; or definite right before a relative clause that names none
    ("الكلاب اللي رح تنمسك").  Not indefinite before one ("كلاب اللي قرروا"), after a subject
    clause ("اللي قرروا هالقرار كلاب"), after a copula with an adjective ("are filthy dogs")
    or spelled out ("ك.ل.ا.ب"): a reviewer's probes found those kept their insult."""
    clause = scene.clause[m.first]
    if position is None:
        return not any(kind == "target" and scene.clause[k] == clause
                       for k, kind in scene.kind_at.items())
    if (position != "relative" or m.last >= len(scene.texts)
            or scene.kind_at.get(m.last) != "relative"
            or not (scene.texts[m.first].startswith(_DEFINITE_PREFIXES)
                    or (m.first and scene.texts[m.first - 1] in _ARTICLES_BEFORE))):
        return False
    return not any(scene.kind_at.get(k) == "target" for k in range(m.last, len(scene.texts))
                   if scene.clause[k] == clause)


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
        scene = Scene(ctx.norm.text, tokens, cues, groups)
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
            if position is None and m.first >= 0 and _disguised(
                    m, ctx.span(m.start, m.end).text, ctx.norm.text[max(0, m.start - 40):m.start]):
                position = "disguised"  # nobody spells a word meant literally "ك.ل.ا.ب"
            if (position == "self" or (
                position != "vocative" and (scene.mentioned(m) or scene.denied(m))
            ) or (position == "vocative" and scene.mentioned(m, ("reported",)))  # retold
                    or (position not in _FIRM and "l" in affix and (
                        scene.literal(m) or (_story_loose(scene, m, position)
                                             and _story_animal(ctx, scene.texts[m.first]))))):
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


def _coordinated(a: Match, b: Match, scene: Scene) -> bool:
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
