"""The words around an insult in one comment: who or what it is said of (:mod:`.offense`)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from model.normalize import Token
from service.policy.lexicon import Match

_CLAUSE_BREAK = re.compile(r"[.!?؟\n;؛,،:\"'«»“”()]")
_SENTENCE_BREAK = re.compile(r"[.!?؟\n;؛]")
# Proclitic prepositions: "بالحكومه" is no subject, "عالحمير" / "بالكلاب" are literal.
_PREP_PROCLITICS = ("بال", "لل", "كال", "عال", "فبال", "وبال", "وعال", "ولل", "فلل")
_ARTICLES_APART = frozenset({"ال", "el", "al", "il"})
_REACH = 6  # cue words walked over between the person and the insult
_RELATIVE_REACH = 6  # tokens from a relative pronoun to the insult
_LITERAL_REACH = 3  # tokens either side in which a literal context word cancels a match
_CONTRACTED = frozenset({"isn", "wasn", "aren", "weren"})
# Heads of a construct whose complement is what they keep: "اصحاب الكلاب", "مربي الحمير".
_OWNERS = frozenset({"اصحاب", "صاحب", "مالك", "ملاك", "مربي", "مربيين", "مربين"})
_DENYING = frozenset({"not", "isnt", "wasnt", "arent", "werent", *_CONTRACTED, "مش", "مو", "موش",
                      "ليس", "ليسوا", "مانه", "مانو", "mesh", "mish", "msh", "mush", "mosh"})
_MENTION_STOP = re.compile(r"[:,،;؛]")
_MENTION_REACH = 4  # tokens before an insult in which "the word", "called" make it a mention
_EXCLAMATION_MAX = 4  # tokens of a sentence that is only an insult ("Incompetent fool.")
_PASSING = frozenset({"glue", "copula", "adjective"})
_EXISTENTIAL = frozenset({"there", "theres"})
_CLAUSE_OPENERS = frozenset({"and", "but", "so", "honestly", "well", "because", "since", "if",
                             "when", "now", "oh", "yes", "no", "also", "coz", "cause"})
_POINTED_REACH = 3  # tokens after an insult pointed at by "this" in which its person may come
_DEFINITE = ("ال", "وال", "فال", "the")  # "والغنم اللي ماتت": and the sheep that died


class Scene:
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
        if j > 1 and self.texts[j - 1] in _ARTICLES_APART and self._article_apart(m):
            # "هالوزير الـ ح م ا ر", Arabizi "hal 7akam el 7mar": the article written apart
            # belongs to the insult
            j -= 1
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
        if copula is None or self._existential(copula):
            return None  # "there are parasites in the water": existence, said of no one
        return "copula-adjective" if adjective else "copula"

    def _article_apart(self, m: Match) -> bool:
        """Whether an article written apart before the insult ("ال", Arabizi "el", "al", "il")
        joins a person to it.

        Only after a person ("هالوزير الـ حمار", "el 7akam el 7mar"), not after an owner ("اصحاب
        الـ كلاب") and not before a definite adjective ("الـ كلاب الضالة", "el klab el shared"):
        those read the animal, as the joined words do.
        """
        kind, cue = self.by_last.get(m.first - 1, (None, None))
        if kind != "target" or self.texts[cue.first] in _OWNERS:
            return False
        return not (m.last < len(self.texts) and (self.texts[m.last].startswith("ال")
                                                  or self.texts[m.last] in _ARTICLES_APART))

    def _existential(self, copula: int) -> bool:
        """Whether the copula is "there is/are" opening its clause ("there are parasites").

        "The people who live there are ..." and "over there is ..." keep their subject.
        """
        k = copula - 1
        if k < 0 or self.texts[k] not in _EXISTENTIAL:
            return False
        return (k == 0 or self.clause[k - 1] != self.clause[k]
                or self.texts[k - 1] in _CLAUSE_OPENERS)

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
            if self.kind_at.get(k) in kinds and not self._so_called(k):
                return True
        return False

    def _so_called(self, k: int) -> bool:
        """"these so-called artists are idiots": an adjective of scorn, not a naming verb."""
        return self.texts[k] == "called" and k > 0 and self.texts[k - 1] == "so"

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
