"""The scene of one comment for the strife patterns: its cues, filtered, and where they stand.

Split out of :mod:`service.policy.rules.strife`, which scores what the scene finds: the cues of
``strife_patterns.tsv`` and of :mod:`strife_cues` are dropped where a call, a negation, a
condemnation or reported speech takes them back, and group nouns that are the writer's own
people, a state ("the Syrian regime") or the dialect's "wants" (بدو) are not targets.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from model.normalize import Normalized, Token
from service.policy.lexicon import Match
from service.policy.rules.strife_blame import only_know, taking_ours
from service.policy.rules.strife_cues import (
    CALL_BEFORE,
    CLAUSE_BREAK,
    DENIALS,
    EN_MODALS,
    POSITIVE,
    SINGULAR_OK,
    Cue,
    blocked,
    called,
    exclusion_calls,
    negated,
    regex_harms,
    reported_ranges,
    sentence_ids,
    word_in,
)

_SELF = frozenset({"احنا", "نحن", "we", "us", "our", "كلنا", "ihna", "e7na", "i7na"})
# English intensifiers before a singular nationality adjective qualify the noun after it
# ("the bloody Syrian war"), not the people.
_INTENSIFIERS = frozenset({"bloody", "damn", "goddamn", "fucking"})
_DETERMINERS = frozenset(["the", "these", "those", "our", "my", "some", "many", "most"])
_BLAME_REACH = 12  # tokens from a group to the blame predicate said of it
# A cause frame names its people right after it ("كل مصايبنا من اللاجئين", "all our problems
# are because of the refugees"): at most two words (an article, "هدول") between.
_CAUSE_REACH = 2
# A state, not its people: distrust of a regime or a government is criticism, not strife
# (militias stay out: "the Shia militias ..., wipe them all out" speaks of a sect).
_STATES = frozenset(
    ["regime", "government", "governments", "army", "state", "authorities", "embassy",
     "president", "leadership", "نظام", "النظام", "للنظام", "حكومه", "الحكومه", "للحكومه",
     "جيش", "الجيش", "للجيش", "سفاره", "السفاره", "رئيس", "الرئيس"]
)  # fmt: skip

# A vice denied of a people is praise: "الخيانه مش من طبعهم" ("betrayal is not in their
# nature"), while a virtue denied ("الوفا مش من طبعهم") stays a frame.
_VICES = frozenset(
    ["الخيانه", "الغدر", "الكذب", "السرقه", "النصب", "الغش", "الحرمنه", "اللوم", "الظلم",
     "الخبث", "الحقد", "العنصريه", "الجبن", "البخل", "الطمع", "الفتنه", "الاذى", "الخساسه",
     "الكسل", "الطوش", "الزعرنه", "الفوضى", "الرشوه", "التخريب"]
)  # fmt: skip


def _vice_denied(texts: Sequence[str], first: int) -> bool:
    """Whether a vice and a negation stand before the frame ("الغدر مش من طبعهم"); the caller
    keeps the frame when the sentence asks it back ("الخيانه مش من طبعهم؟ اسأل التاريخ")."""
    k = first - 1 if first > 0 and texts[first - 1] == "من" else first
    return k >= 2 and negated(texts, k) and texts[k - 2] in _VICES


def _of_a_state(g: Cue, texts: Sequence[str]) -> bool:
    """Whether the group word qualifies a state next to it ("the Syrian regime", "النظام
    السوري"): criticism of a state is not strife against its people."""
    before = texts[g.first - 1] if g.first else ""
    after = texts[g.last] if g.last < len(texts) else ""
    return after in _STATES or before in _STATES  # "والحكومة" is another subject, not a state


# "بدو" is the Bedouins and, in the dialect, "he wants" ("المالك بدو يطلعنا", "badu y2ajjer");
# bare (no article) and before a verb, a number or a pronoun it is the verb.
_WANTS = frozenset({"بدو", "وبدو", "badu", "bado", "bedu", "bidu"})
# What is wanted: an imperfect verb (يطلعنا، ياخذ، نروح, Arabizi y2ajjer, tshaghel, ye7mi), a
# number or a pronoun; not a definite word ("بدو الجنوب") or a preposition ("بدو بالجنوب").
_IMPERFECT = re.compile(
    r"^(?:[يتن][\u0621-\u064a]{2,}|ا(?!ل)[\u0621-\u064a]{2,}"
    r"|[ytn](?=[a-z]*\d|[bcdfgjklmnpqrstvwxz])[a-z0-9]{2,}|\d+)$"
)


def _wants(g: Cue, texts: Sequence[str]) -> bool:
    """Whether the group word is the dialect's "wants" before what is wanted."""
    if g.last - g.first != 1 or texts[g.first] not in _WANTS or g.last >= len(texts):
        return False
    if g.first and texts[g.first - 1] in ("el", "al", "il"):
        return False  # "el badu": the article makes it the Bedouins
    return bool(_IMPERFECT.match(texts[g.last]))


class Scene:
    """The cues of one comment, filtered for calls, blocks and reported speech."""

    def __init__(self, norm: Normalized, tokens: Sequence[Token], matches: Sequence[Match]):
        text = norm.text
        self.tokens = tokens
        self.texts = [t.text for t in tokens]
        texts = self.texts
        self.sentence = sentence_ids(text, tokens)
        self.questions = {
            self.sentence[k]: bool(re.match(r"\s*[?؟]", text[t.end : t.end + 3]))
            for k, t in enumerate(tokens)
            if k + 1 == len(tokens) or self.sentence[k + 1] != self.sentence[k]
        }
        self.clause = sentence_ids(text, tokens, CLAUSE_BREAK)
        cues = [
            Cue(m.entry.category, m.entry.severity, m.first, m.last, m.start, m.end)
            for m in matches
        ]
        cues.extend(regex_harms(text, tokens))
        cues.extend(exclusion_calls(text, tokens, self.clause))
        cues.extend(taking_ours(text, tokens))
        cues.extend(only_know(text, tokens))
        kinds = {k: c.kind for c in cues for k in range(c.first, c.last)}
        self.blocks = {self.sentence[c.first] for c in cues if c.kind == "block"}
        self.reports = [c.first for c in cues if c.kind == "report"]
        kept = []
        for c in cues:
            if c.kind == "harmword":
                if not called(c, texts, self.clause, kinds):
                    continue
                c = Cue("harm", c.weight, c.first, c.last, c.start, c.end)
            if c.kind == "harm" and blocked(c, texts, self.clause, kinds):
                continue
            if c.kind == "exclude" and (blocked(c, texts, self.clause, kinds) or not self._call(c)):
                continue
            if c.kind in ("frame", "blame", "native", "cause") and (
                negated(texts, c.first) or self.clause[c.first] != self.clause[c.last - 1]
                or (_vice_denied(texts, c.first) and not self.questions[self.sentence[c.first]])
            ):
                continue
            if c.kind in ("native", "frame", "blame", "cause") and blocked(
                c, texts, self.clause, kinds
            ):
                continue
            kept.append(c)
        quoted = reported_ranges(text)
        # A cue that starts inside the quote is the quoted word, even where its phrase runs on
        # past the closing mark ('بانهم "عالة" على البلد').
        kept = [c for c in kept if not any(a <= c.start < b for a, b in quoted)]
        self.cues = kept
        self.groups = [
            c
            for c in kept
            if c.kind == "group"
            and not (c.first and word_in(texts[c.first - 1], _SELF))
            and not _of_a_state(c, texts)
            and not _wants(c, texts)
        ]
        self.by_first: dict[int, Cue] = {}
        self.by_last: dict[int, Cue] = {}
        for c in kept:
            if c.kind not in ("harm", "exclude"):
                self.by_first.setdefault(c.first, c)
                self.by_last.setdefault(c.last, c)

    def _call(self, c: Cue) -> bool:
        """A weight-1 exclusion (third person) is a call only after a call cue in its clause."""
        if c.weight >= 2 or self.texts[c.first] in EN_MODALS:
            return True
        for j in range(c.first - 1, max(c.first - 4, -1), -1):
            if self.clause[j] != self.clause[c.first]:
                return False
            if word_in(self.texts[j], CALL_BEFORE):
                return not negated(self.texts, j)
            if j and f"{self.texts[j - 1]} {self.texts[j]}" in CALL_BEFORE:
                return not negated(self.texts, j - 1)
        return False

    def of_kind(self, kind: str) -> list[Cue]:
        """The kept cues of one kind, in order."""
        return [c for c in self.cues if c.kind == kind]

    def group_before(self, cue: Cue, same_sentence: bool = False) -> Cue | None:
        """The last group noun before ``cue`` (in its sentence, within reach, if asked)."""
        found = None
        for g in self.groups:
            if g.first >= cue.first:
                break
            if same_sentence and (
                self.sentence[g.first] != self.sentence[cue.first]
                or cue.first - g.last > _BLAME_REACH
            ):
                continue
            found = g
        return found

    def group_taken_up(self, cue: Cue) -> Cue | None:
        """The last group of the sentence before, taken up by "they" right before a blame:
        "... the Egyptian workers on their bikes. Dirty, they're all taking our jobs"."""
        sid = self.sentence[cue.first]
        they = next((k for k in range(max(0, cue.first - 3), cue.first)
                     if self.texts[k] == "they" and self.sentence[k] == sid), None)
        # "The owners, they are ruining ...": a subject of its own before "they".
        if sid == 0 or they is None or any(self.texts[k] in _DETERMINERS for k in range(
                they) if self.sentence[k] == sid):
            return None
        g = next((g for g in reversed(self.groups) if self.sentence[g.first] == sid - 1), None)
        return None if g is None or self.texts[g.first].startswith("jordan") else g

    def group_after(self, cue: Cue) -> Cue | None:
        """A group noun right after ``cue`` in its sentence ("كل مصايبنا من السوريين")."""
        for g in self.groups:
            if not (0 <= g.first - cue.last <= _CAUSE_REACH
                    and self.sentence[g.first] == self.sentence[cue.first]):
                continue
            return g
        return None

    def pron_before(self, cue: Cue) -> Cue | None:
        """A generalising pronoun (these people, هدول) earlier in the cue's sentence."""
        return next(
            (
                c
                for c in self.cues
                if c.kind == "pron"
                and c.first < cue.first
                and self.sentence[c.first] == self.sentence[cue.first]
            ),
            None,
        )

    def group_anywhere(self) -> Cue | None:
        """The strongest group noun of the comment, if any."""
        return max(self.groups, key=lambda g: g.weight, default=None)

    def condemned(self, a: Cue, b: Cue) -> bool:
        """Whether the pair is condemned, refuted or turned into praise.

        A sentence of the pair condemns generalising ("racist", "مش كلهم") or reports the claim
        ("some people say"); praise follows in the clause ("كلهم هيك كرماء"); or the claim is a
        question the next sentence denies ("X took our water? No, ...").
        """
        sid = self.sentence[b.first]
        if self.sentence[a.first] in self.blocks or sid in self.blocks:
            return True
        if any(self.sentence[r] == sid and r < min(a.first, b.first) for r in self.reports):
            return True
        # Praise anywhere in a frame's sentence ("Jordanians are generous, it's in their
        # blood"), within three words of a blame predicate.
        lo, hi = max(0, b.first - 3), min(len(self.texts), b.last + 3)
        near = range(lo, hi) if b.kind == "blame" else range(len(self.texts))
        if any(self.texts[k] in POSITIVE and self.sentence[k] == sid
               and not (self.texts[k] == "honest" and k and self.texts[k - 1] == "be")
               and not b.first <= k < b.last  # the frame's own word: "only good for"
               for k in near):
            return True  # "let's be honest" / "to be honest" praises nobody
        if b.last < len(self.texts) and (
            (self.texts[b.last - 1] == "same" and self.texts[b.last] == "as")
            or self.texts[b.last] in ("زينا", "متلنا", "مثلنا")
        ):
            return True  # "they are all the same as us", كلهم هيك زينا
        nxt = next((j for j, s in enumerate(self.sentence) if s == sid + 1), None)
        return nxt is not None and self.questions.get(sid, False) and self.texts[nxt] in DENIALS

    def other_subject(self, g: Cue, b: Cue) -> bool:
        """Whether another subject (the government, the traders) stands between group and blame."""
        return any(c.kind == "subject" and g.last <= c.first < b.first for c in self.cues)


# What opens a clause of its own after a noun: a negation or an imperfect verb (بيسأل، يعرف).
_OWN_VERB = re.compile(r"^(?:ما|مش|لا|بي\w{2,}|بت\w{2,}|بن\w{2,}|ي\w{3,})$")


def predicate_after(
    head: Cue,
    by_first: dict[int, Cue],
    sentence: Sequence[int],
    texts: Sequence[str],
    general: bool = False,
    clause: Sequence[int] | None = None,
) -> Cue | None:
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
            # "ومنهم أردنيين، والفيروس ما بيسأل": after a comma, a noun joined by "و" with a
            # verb of its own is a clause of its own ("السوريين والفيروس واحد" and
            # "السوريين، والحرامية، نفس الشي" stay comparisons)
            joined = (texts[cue.first].startswith("وال") and clause is not None
                      and clause[cue.first] != clause[head.first]
                      and cue.last < len(texts) and _OWN_VERB.match(texts[cue.last]))
            return None if joined else cue
        if cue.kind not in ("glue", "pron"):
            return None
        general = general or any(word_in(texts[k], SINGULAR_OK) for k in range(cue.first, cue.last))
        j, steps = cue.last, steps + 1
    return None


def predicate_before(
    head: Cue, by_last: dict[int, Cue], sentence: Sequence[int], texts: Sequence[str]
) -> Cue | None:
    """An adjective or construct head right before the group ("dirty Jews", "كلاب الشيعه")."""
    cue = by_last.get(head.first)
    if cue is not None and cue.kind == "glue":
        cue = by_last.get(cue.first)
    if cue is None or cue.kind != "negpre" or sentence[cue.first] != sentence[head.first]:
        return None
    singular = not texts[head.last - 1].endswith("s")
    if singular and texts[cue.first] in _INTENSIFIERS:
        return None
    return cue
