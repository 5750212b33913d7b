"""Strife: sectarian and ethnic slurs, group generalisations, exclusion and calls to harm.

Cues come from ``strife_patterns.tsv`` (kinds below) and from the regular expressions of
:mod:`service.policy.rules.strife_cues`; a cue alone never fires, except slurs, explicit calls
and exclusion calls.  What the check combines:

* a **group** noun (a people, sect, religion, nationality or origin; weight 2, or 1 where the
  word is ambiguous or political) with a negative predicate after it or a dehumanising word
  before it in its sentence (the generalisation patterns), or with a harm cue (calls to kill,
  expel or curse);
* a group with a **frame** after it anywhere in the comment: a phrase that says something of
  a whole people ("that's who they are", "in their blood", كلهم هيك، شعب ما بعرف غير،
  عمرهم ما وقفوا معنا، مشروع الوطن البديل);
* a group with a **blame** predicate after it in the same sentence, with no other subject
  (the government, the traders) between them (خربوا السوق، سبب الغلاء، على حساب الاردنيين،
  "steal our jobs");
* an **exclusion** call that sends people back to their origin (رجعوهم لبلادهم، ارجعوا
  عالمخيمات، "go back where you came from", "the camps where they belong"): the destination
  says the people meant are foreigners or of another origin, so an imperative rejects with no
  group named; a third-person form after a call cue (لازم يرجعوا لبلدهم) or an English modal
  is reviewed, unless another strife cue joins it;
* a nativist slogan ("Jordan for Jordanians", البلد لاهلها مش للضيوف) or coded language that
  points at a people without naming it (من اياهم، مش من ملتنا، "everyone knows who"), reviewed
  alone, rejected with a group or with a second such phrase when one is unambiguous.

A group noun preceded by the writer's own "we" (احنا الاردنيين) is not a target.  Frames, blame
and generalisations are blocked by a negation right before them and by words that condemn the
generalisation in the same sentence (عنصرية، تعميم، مش كلهم، racist, "not all", "stop
blaming"); every cue inside a quotation after a reporting verb ("the one saying 'send them
back'") is dropped.  Two different kinds of strife cue in one comment that names a group
(a call and a generalisation, a slogan and a frame) are rejected together.
"""

from __future__ import annotations

from functools import lru_cache

from service.core import CheckResult, Context, Reason
from service.policy.lexicon import Lexicon, load
from service.policy.rules.common import cached_find, lexicon_result, tokens_of
from service.policy.rules.strife_cues import (
    SINGULAR_OK,
    Cue,
    harm_reaches,
    word_in,
)
from service.policy.rules.strife_origins import origin_contrast
from service.policy.rules.strife_scene import Scene, predicate_after, predicate_before

STRIFE_HARM = 0.95
STRIFE_GENERALISATION = 0.90
STRIFE_AMBIGUOUS = 0.60
STRIFE_ALONE = 0.60
STRIFE_EXCLUSION = 0.90
STRIFE_COMBINED = 0.90
# Context key of the strife-pattern matches, shared with the offense check (people nouns).
STRIFE_PATTERN_MATCHES = "_strife_pattern_matches"

# Blessing verbs right after "الله" (not "الله لا يحميهم", a curse).
BLESS = frozenset(["يوفقهم", "يحميهم", "يسعدهم", "يعينهم", "يرزقهم", "يحفظهم", "يكرمهم",
                   "يسهل", "يسهلها", "يسر", "ييسر"])
_GROUP_KINDS = ("generalisation", "harm", "exclusion", "frame", "blame", "slogan")


@lru_cache(maxsize=1)
def strife_lexicon() -> Lexicon:
    """The packaged sectarian and ethnic slur lexicon."""
    return load("strife.tsv")


@lru_cache(maxsize=1)
def strife_patterns() -> Lexicon:
    """Group nouns, predicates, frames, harm cues and glue words for the strife patterns."""
    return load("strife_patterns.tsv")


class StrifeRules:
    """Sectarian and ethnic slurs, and group generalisation / exclusion / call-to-harm patterns."""

    name = "strife_rules"
    category = "strife"

    def __init__(self, slurs: Lexicon | None = None, patterns: Lexicon | None = None):
        self.slurs = slurs if slurs is not None else strife_lexicon()
        self.patterns = patterns if patterns is not None else strife_patterns()

    def __call__(self, ctx: Context) -> CheckResult:
        """Score slurs and patterns in the comment, and slurs in the name."""
        result = lexicon_result(self.slurs, ctx, self.category)
        best = result.scores.get(self.category, 0.0)
        for score, start, end, kind in self._patterns(ctx, slurs=best > 0):
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

    def _patterns(self, ctx: Context, slurs: bool = False) -> list[tuple[float, int, int, str]]:
        tokens = tokens_of(ctx)
        if not tokens:
            return []
        if self.patterns is strife_patterns():
            matches = cached_find(ctx, STRIFE_PATTERN_MATCHES, self.patterns)
        else:
            matches = self.patterns.find(ctx.norm, tokens)
        s = Scene(ctx.norm, tokens, matches)
        hits: list[tuple[float, int, int, str]] = []

        def hit(score: float, a: Cue, b: Cue, kind: str) -> None:
            hits.append((score, min(a.start, b.start), max(a.end, b.end), kind))

        for g in s.groups:
            general = g.first > 0 and word_in(s.texts[g.first - 1], SINGULAR_OK)
            pred = predicate_after(g, s.by_first, s.sentence, s.texts, general, s.clause)
            if pred is None:
                pred = predicate_before(g, s.by_last, s.sentence, s.texts)
            if pred is not None and not s.condemned(g, pred):
                hit(_group_score(g), g, pred, "generalisation")
        for h in s.of_kind("harm"):
            near = [g for g in s.groups if harm_reaches(h, g, s.tokens, s.sentence)]
            if near:
                g = max(near, key=lambda c: c.weight)
                hit(STRIFE_HARM if g.weight >= 2 else STRIFE_AMBIGUOUS, h, g, "harm")
            elif h.weight >= 2:
                hits.append((STRIFE_ALONE, h.start, h.end, "harm"))
        for p in s.of_kind("pron"):
            pred = predicate_after(p, s.by_first, s.sentence, s.texts, clause=s.clause)
            if pred is not None and not s.condemned(p, pred):
                hit(STRIFE_ALONE, p, pred, "generalisation")
        for e in s.of_kind("exclude"):
            g = s.group_before(e) or s.group_anywhere()
            if e.weight >= 2:
                score = STRIFE_HARM if g is not None and g.weight >= 2 else STRIFE_EXCLUSION
            else:
                score = STRIFE_ALONE
            hit(score, e, g or e, "exclusion")
        orphans: set[str] = set()
        for f in s.of_kind("frame"):
            if f.first >= 2 and s.texts[f.first - 2] == "الله" and s.texts[f.first - 1] in BLESS:
                continue  # "الله يوفقهم وين ما راحوا": a blessing wherever they go
            g = s.group_before(f)
            if g is None:
                p = s.pron_before(f)
                if p is not None and not s.condemned(p, f):
                    hit(STRIFE_ALONE, p, f, "frame")
                elif not s.condemned(f, f):
                    orphans.add("frame")
            elif not s.condemned(g, f):
                strong = g.weight >= 2 or f.weight >= 2
                hit(STRIFE_GENERALISATION if strong else STRIFE_AMBIGUOUS, g, f, "frame")
        for b in s.of_kind("blame"):
            g = s.group_before(b, same_sentence=True) or s.group_taken_up(b)
            if g is not None and not s.condemned(g, b) and not s.other_subject(g, b):
                hit(_group_score(g), g, b, "blame")
        for c in s.of_kind("cause"):
            g = s.group_after(c)
            if g is not None and not s.condemned(c, g):
                hit(_group_score(g), c, g, "blame")
        strong_group = any(g.weight >= 2 for g in s.groups)
        slogans = [n for n in s.of_kind("native") if not s.condemned(n, n)]
        # Two different slogans or coded phrases, one of them unambiguous ("من اياهم ...
        # البلد لأهلها"), point at the same unnamed people: as strong as one with a group.
        coded = len({n.first for n in slogans}) >= 2 and sum(n.weight for n in slogans) >= 3
        for n in slogans:
            strong = (strong_group or coded) and n.weight >= 2
            score = STRIFE_GENERALISATION if strong else STRIFE_ALONE
            hits.append((score, n.start, n.end, "slogan"))
            orphans.add("slogan")
        # Both sides of the origin divide named: review alone (a reader's family, a minister's
        # visits, unity not spelled as we expect); with another strife cue, reject.
        contrast = None if s.blocks else origin_contrast(ctx.norm.text)
        if contrast is not None:
            hits.append((STRIFE_ALONE, *contrast, "origin_contrast"))
        kinds = {k for score, _, _, k in hits if score >= STRIFE_ALONE}
        if slurs:
            kinds.add("slur")
        calls = {k for score, _, _, k in hits if k in ("harm", "exclusion") and score >= 0.6}
        # An explicit call with a frame or a slogan and no group named: "send them all back,
        # they're only here for the aid" says both of the same people.
        named = strong_group or contrast is not None
        if (named and len(kinds & {*_GROUP_KINDS, "slur", "origin_contrast"}) >= 2) or (
                calls and orphans):
            best = max(hits, key=lambda h: h[0], default=None)
            if best is not None and best[0] < STRIFE_COMBINED:
                hits.append((STRIFE_COMBINED, best[1], best[2], "combined"))
        return _outermost(hits)


def _group_score(g: Cue) -> float:
    return STRIFE_GENERALISATION if g.weight >= 2 else STRIFE_AMBIGUOUS


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

