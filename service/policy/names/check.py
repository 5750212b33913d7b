"""The ``personal_name`` check: the seed policy forbids comments that name public figures.

:class:`PersonalNameCheck` scores the category from these kinds of evidence, strongest first:

1. **watchlist** (0.95): a listed public figure, by name or alias, in either script;
2. **article** (0.9): a person named in the article under discussion, or their family name
   alone, also written in the other script ("el Tarawneh" for "الطراونة"; :mod:`.articles`);
3. **title** (the cue's score, 0.9 for offices, 0.6 for courtesy titles such as Dr./السيد and
   for role nouns of ``roles.tsv`` such as "رئيس الجمعية", "coach"):
   a name right after a title cue ("Minister Lavrov", "الرئيس عباس", "el na2eb Zyoud"), where
   "a name" needs evidence (:mod:`.finder`): the tagger, capitals in mixed-case English, a given
   name, a kunya or a family-name shape in Arabic;
4. **shape** (0.6): an Arabic given name + family name with no title ("عمر المعاني"), and
   (0.85) a family name said to hold an office ("الرواشدة نائب محترم");
5. **tagger** (its probability, capped at :data:`TAGGER_MAX` so the CRF alone sends a comment
   to review but never rejects it).

**Context** raises a courtesy-title, shape or tagger name to :data:`CONTEXT_SCORE` when the same
sentence speaks of a public office ("... كان أحسن وزير", "... when he was mayor") or of the
person's era ("الله يرحم أيام الدكتور فلان").

Not violations: a name inside a place or institution name ("مستشفى الأمير حمزة", "Queen Alia
Airport"; :mod:`.places`); private people ("my son Omar", "ابني يزن", "انا اسمي ..."); the
commenter's own name or signature ("... - Rania").  A name field that impersonates a listed
figure is (reason field ``name``).  Overlapping evidence keeps the strongest.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from functools import lru_cache

from model.normalize import normalize, normalize_text, script_of, tokenize
from service.core import Article, CheckResult, Context, Reason, Span

from .articles import ArticleNames
from .finder import NameFinder, PersonTagger, Tokens, plausible_alone
from .lexicons import (
    LATIN,
    is_given,
    lexicons,
    mixed_case,
    norm_tokens,
    variants,
    watchlist_latin_surnames,
    watchlist_surnames,
)
from .places import in_institution, said_short
from .reference import (
    ARABIZI_VOCATIVE,
    across_scripts,
    addressed,
    closes_call,
    kin,
    plain_given,
    praised,
    self_words,
)
from .titles import Cues, TitleCue, load_roles, load_titles
from .watchlist import Watchlist

WATCHLIST_SCORE = 0.95
ARTICLE_SCORE = 0.9
TAGGER_MIN = 0.5  # tagger-only names below this are not worth a reason
# The tagger alone never rejects: its held-out precision (0.69 on ANERcorp news, 0.34 on WNUT-17
# at the shipped thresholds) and spot checks on dialect comments, where it takes words such as
# "فخور" for names, put even its confident guesses in the review band.
TAGGER_MAX = 0.79
CONTEXT_SCORE = 0.85
ROLE_CUE_SCORE = 0.6
IMPERSONATION_TITLED = 0.95  # "King Abdullah II" as the commenter's name
IMPERSONATION_PLAIN = 0.6  # "Mohamed Salah" may be the commenter's real name: review
_SENTENCE_END = re.compile(r"[.!?؟\n]")
_SIGNATURE_GAP = re.compile(r"[\n\-–—~|]\s*$")
MAX_SIGNATURE_TOKENS = 2


@dataclass(frozen=True, slots=True)
class _Mention:
    start: int  # original-text offsets
    end: int
    first: int  # token range
    last: int
    score: float
    via: str
    lead: int = -1  # where the evidence starts (the title cue), if before ``first``


# Titles readers use bare, in address ("يا دكتور فراس"), that the title list holds only with
# the article (الدكتور): counted only right before an article official's given name.
_BARE_TITLES = frozenset(
    ["دكتور", "دكتوره", "استاذ", "استاذه", "مهندس", "باشا", "معالي", "كابتن", "الكابتن", "coach"]
)
# Ranks count so only for the official the story gives that rank ("يا مقدم وضّاح" for its
# "المقدم وضّاح الربابعة"): a reader's relative has a rank and a common given name as often
# ("ابن عمي مقدم محمد بالسير" under a story whose عقيد is a Mohammad).
_BARE_RANKS = frozenset(["مقدم", "عقيد", "عميد", "ملازم", "نقيب"])


@lru_cache(maxsize=256)
def _ranked(story: str, rank: str, given: str) -> bool:
    """Whether a story's text gives ``rank`` to the person of ``given`` name ("المقدم وضاح")."""
    return f"ال{rank} {given}" in normalize_text(story)


def _era_surnames(texts: list[str]) -> Iterator[int]:
    """Tokens that are a watchlist figure's family name said with a word of their era or
    government: "حكومة الرفاعي", "أيام الخصاونة", "Khasawneh's government", "the Rifai era".

    Alone such a word may be anyone of the family; beside an era it is the office holder.
    """
    era = lexicons()["era"]
    arabic, latin = watchlist_surnames(), watchlist_latin_surnames()
    for k, word in enumerate(texts):
        if word in latin:
            nxt = texts[k + 1] if k + 1 < len(texts) else ""
            if nxt == "s" and k + 2 < len(texts):
                nxt = texts[k + 2]  # "Khasawneh's government"
            if nxt in era or (k >= 2 and texts[k - 1] == "of" and texts[k - 2] in era):
                yield k
        elif any(stem in arabic for stem, _ in variants(word)) and any(
                t in era for t in texts[max(0, k - 2) : k]):
            yield k


class PersonalNameCheck:
    """The ``personal_name`` check: watchlist, article names, title cues, shape and tagger."""

    name = "personal_name"

    def __init__(
        self,
        tagger: PersonTagger | None,
        watchlist: Callable[[], Watchlist],
        titles: Iterable[TitleCue] | None = None,
    ):
        self.tagger = tagger
        self.watchlist = watchlist
        cues = list(load_titles() if titles is None else titles)
        # Role nouns ("رئيس الجمعية X", "coach X") announce a name too, but also private
        # people's (a head of department, a manager): in a comment they only reach review.
        roles = [replace(r, score=min(r.score, ROLE_CUE_SCORE)) for r in load_roles()]
        self._titles = Cues([*cues, *roles])
        self._finder = NameFinder(tagger, self._titles)
        self._articles = ArticleNames(self._finder, cues)
        self._offices = Cues([c for c in (*cues, *load_roles()) if c.score >= ARTICLE_SCORE])

    def extract_article_names(self, article: Article) -> list[tuple[str, str]]:
        """(id, name) for every person named in an article, and (same id, surname) pairs."""
        return self._articles.extract(article)

    def __call__(self, ctx: Context) -> CheckResult:
        """Score one comment."""
        comment = ctx.submission.comment
        norm = ctx.norm
        tokens = tokenize(norm)
        spans = [ctx.span(t.start, t.end) for t in tokens]
        tok = Tokens(comment, [t.text for t in tokens], spans)
        mentions = self._listed(ctx, tok) + self._found(tok)
        mentions = [self._in_context(tok, m) for m in mentions
                    if not self._not_a_figure(tok, m) and not self._story_thing(ctx, tok, m)
                    and not self._story_witness(ctx, tok, m)
                    and not self._story_place(ctx, tok, m)]

        own = self._own_name_tokens(ctx.submission.name)
        result = CheckResult()
        kept: list[_Mention] = []
        for m in sorted(mentions, key=lambda m: (-m.score, m.start)):
            if any(m.start < k.end and k.start < m.end for k in kept):
                continue
            if own and self._is_own(comment[m.start : m.end], own):
                continue
            kept.append(m)
        for m in sorted(kept, key=lambda m: m.start):
            text = comment[m.start : m.end]
            result.reasons.append(
                Reason(
                    code="personal_name",
                    source="model" if m.via == "tagger" else "rule",
                    score=round(m.score, 4),
                    spans=(Span(m.start, m.end, text),),
                    params={"name": text, "via": m.via},
                )
            )
        impersonation = self._impersonation(ctx.submission.name, self.watchlist())
        if impersonation is not None:
            result.reasons.append(impersonation)
        scores = [r.score for r in result.reasons if r.score is not None]
        if scores:
            result.scores["personal_name"] = max(scores)
        if kept and impersonation is None and all(m.via == "tagger" for m in kept):
            # The tagger alone may send a comment to review, never reject it, whatever
            # thresholds an admin sets (the core applies the cap with those in force).
            result.caps["personal_name"] = "reject"
        return result

    # -- evidence -------------------------------------------------------------------------------

    def _listed(self, ctx: Context, tok: Tokens) -> list[_Mention]:
        """Watchlist and article names."""
        comment = tok.original
        mixed = mixed_case(comment)
        arabizi = script_of(comment) == "arabizi"
        seed = self.watchlist().find(ctx.norm, arabizi)
        listed = [(m, WATCHLIST_SCORE, "watchlist") for m in seed]
        if ctx.article is not None:
            found = self._articles.watchlist(ctx.article).find(ctx.norm, arabizi)
            listed += [(m, ARTICLE_SCORE, "article") for m in found]
        out: list[_Mention] = []
        if ctx.article is not None:
            out += self._titled_given_names(ctx.article, tok, ctx.norm.text)
        for m, score, via in listed:
            s = ctx.span(m.start, m.end)
            one_latin_word = m.last - m.first == 1 and LATIN.match(s.text)
            # One lowercase English word in otherwise capitalised text is a common noun or
            # verb ("a trump card"), not the surname; in Arabizi nothing is capitalised.
            if mixed and one_latin_word and s.text[:1].islower() and not arabizi:
                continue
            if m.phonetic and one_latin_word and not (arabizi or s.text[:1].isupper()):
                continue  # "called" is not "الخوالدة" in an English comment
            if (m.phonetic and one_latin_word and m.first and tok.texts[m.first - 1] == "l"
                    and not s.text[:1].isupper()):
                continue  # "l zyadeh" is "the increase", "l Zyoud" the family name
            out.append(_Mention(s.start, s.end, m.first, m.last, score, via))
        return out

    def _titled_given_names(self, article: Article, tok: Tokens,
                            norm: str) -> list[_Mention]:
        """An article's official by title and given name ("يا دكتور فراس", "Dr Firas"), or
        the story's person addressed with praise by the given name ("الله يحفظك يا زيد",
        "Yazan you legend", "congrats Yazan"; an Arabic "يا يزن" for an English story's Yazan).

        A given name alone is any reader's relative; after a title (or an office, with its
        definite complement: "نقيب المعاصر تيسير") it is the person the story names with that
        given name.  Addressed with praise or a blessing it is the story's person too, unless the
        name is an everyday word (كريم، نور) or one of the commonest (محمد، خالد, Ali), or the
        comment names a relative or answers another reader.
        """
        given = self._articles.given_names(article)
        # Praise without a relative or a reply is read once per comment, not per word.
        lauded = praised(tok.texts, norm)
        out: list[_Mention] = []
        for i, word in enumerate(tok.texts):
            story = word in given
            # The other script's spelling: two consonants ("رشا", "Rasha") only after a title.
            other = not story and across_scripts(word, given, shortest=2)
            if not story and not other:
                continue
            # A Latin name is capitalised as a name ("Bravo master!" is no "Master Hatem"); an
            # Arabizi spelling of an Arabic story's name is not, when it closes a call after
            # "ya" ("bravo ya mazen"); a lower-case English story's name may be a word ("ya
            # hala", welcome).
            capital = not LATIN.match(word) or tok.raw(i)[:1].isupper() or (
                other and i > 0 and tok.texts[i - 1] in ARABIZI_VOCATIVE and closes_call(
                    tok.texts, i, tok.original[tok.spans[i].end : tok.spans[i + 1].start]
                    if i + 1 < len(tok.texts) else ""))
            # Not an everyday word (فارس is "knight" and a horse-rider's call, كريم God's
            # name): a draft that counted the story's own such names, called with praise,
            # took replies to readers and riders for the story's فارس (twenty-fifth session).
            usual = plain_given(word) if story else across_scripts(word, given)
            if lauded and capital and usual and addressed(tok.texts, i):
                out.append(self._mention(tok, i, i + 1, ARTICLE_SCORE, "article"))
                continue
            for j in range(max(0, i - 3), i):
                cue = self._titles.at(tok.texts, j)
                bare = tok.texts[j] if cue is None and j == i - 1 else ""
                if bare in _BARE_TITLES or (story and bare in _BARE_RANKS and _ranked(
                        f"{article.title}\n{article.body}", bare, word)):
                    cue = (1, ARTICLE_SCORE)
                # The office's complement may stand between: "نقيب المعاصر تيسير".
                between = tok.texts[j + cue[0]:i] if cue is not None else []
                if cue is not None and j + cue[0] <= i and all(
                        w.startswith("ال") and w not in given for w in between):
                    start, end = tok.spans[j].start, tok.spans[i].end
                    out.append(_Mention(start, end, i, i + 1, ARTICLE_SCORE, "article", lead=j))
                    break
        return out

    def _found(self, tok: Tokens) -> list[_Mention]:
        """Names after title cues, by shape, and from the tagger."""
        comment = tok.original
        tagged = self._finder.tagged(comment, TAGGER_MIN)
        # Title cues need the tagger's wider net (its own, lower threshold); only tag twice
        # when there is a cue to support.
        cued = any(self._titles.at(tok.texts, i) for i in range(len(tok.texts)))
        support = self._finder.tagged(comment) if cued else []
        out: list[_Mention] = []
        for cue, first, last, score in self._finder.after_cues(tok, support):
            out.append(replace(self._mention(tok, first, last, score, "title"), lead=cue))
        for first, last, score in self._finder.shaped(tok):
            out.append(self._mention(tok, first, last, score, "shape"))
        for k in _era_surnames(tok.texts):
            out.append(self._mention(tok, k, k + 1, CONTEXT_SCORE, "context"))
        starts = {s.start: k for k, s in enumerate(tok.spans)}
        for p in tagged:
            trimmed = self._finder.trim(comment, p.start, p.end)
            if trimmed is None or not plausible_alone(comment[trimmed[0] : trimmed[1]]):
                continue
            first = starts.get(trimmed[0])
            if first is None:
                continue
            last = first
            while last < len(tok.spans) and tok.spans[last].start < trimmed[1]:
                last += 1
            score = min(float(p.prob), TAGGER_MAX)
            out.append(_Mention(trimmed[0], trimmed[1], first, last, score, "tagger"))
        return out

    @staticmethod
    def _mention(tok: Tokens, first: int, last: int, score: float, via: str) -> _Mention:
        return _Mention(tok.spans[first].start, tok.spans[last - 1].end, first, last, score, via)

    # -- what is not a personality ------------------------------------------------------------

    def _story_thing(self, ctx: Context, tok: Tokens, m: _Mention) -> bool:
        """A tagger-only single word the article itself capitalises outside any name ("Sanad")."""
        if m.via != "tagger" or m.last - m.first != 1 or ctx.article is None:
            return False
        return tok.texts[m.first] in self._articles.story_things(ctx.article)

    def _story_witness(self, ctx: Context, tok: Tokens, m: _Mention) -> bool:
        """A guessed name ending in the family name of a private person the story quotes
        ("خالد منصور، وهو تاجر"; :mod:`.witnesses`): a reader who names him names no figure."""
        if m.via not in ("tagger", "shape", "title", "context") or ctx.article is None:
            return False
        cue = self._titles.at(tok.texts, m.lead) if m.via == "title" and m.lead >= 0 else None
        if cue is not None and cue[1] >= ARTICLE_SCORE:
            return False  # "الوزير منصور": an office the commenter gives him, not the story
        return tok.texts[m.last - 1] in self._articles.witnesses(ctx.article)

    def _story_place(self, ctx: Context, tok: Tokens, m: _Mention) -> bool:
        """The story's hospital or school named after a royal, said short after "at"/"in"/"عند"
        (:func:`.places.said_short`)."""
        if ctx.article is None:
            return False
        return said_short(tok.texts, m.first, m.last, m.lead, self._titles,
                          self._articles.places(ctx.article))

    def _not_a_figure(self, tok: Tokens, m: _Mention) -> bool:
        """A place or institution name, a private person, or the commenter's signature."""
        if in_institution(tok.texts, tok.spans, tok.original, m.first, m.last, self._titles):
            return True
        return self._private(tok, m) or self._signature(tok, m)

    def _private(self, tok: Tokens, m: _Mention) -> bool:
        """"my son Omar", "ابني يزن", "ابن عمي X", "انا اسمي X", "I'm X"."""
        lex = lexicons()
        k, hopped = m.first, False
        while k > 0 and tok.adjacent(k):
            if tok.texts[k - 1] in lex["kunya"]:
                k -= 1  # "جاري أبو سامي X": the kin word comes before the kunya
            elif (k >= 2 and tok.adjacent(k - 1) and tok.texts[k - 2] in lex["kunya"]
                  and is_given(tok.texts[k - 1]) and m.via != "watchlist"):
                k, hopped = k - 2, True  # "جارنا ابو خالد العتوم": a kunya and a given name
            else:
                break
        if k == 0 or not tok.adjacent(k):
            return False
        before = tok.texts[k - 1]
        if hopped and not self._private_relation(tok, before):
            return False
        if kin(tok.texts, k - 1) or before in self_words():
            return True
        return before == "is" and k >= 3 and tok.texts[k - 3 : k - 1] == ["my", "name"]

    def _private_relation(self, tok: Tokens, word: str) -> bool:
        """Whether a kin word before "kunya + given name + family" makes a private person: a
        neighbour or the writer's own relative ("جارنا", "خالي"), not "our brother/uncle"
        said of a figure in respect ("اخونا ابو محمد العبيدات"), and no office named in the
        comment ("خالي ابو منصور الطراونة مدير المركز")."""
        if any(self._titles.head_of(t) for t in tok.texts):
            return False
        return word.startswith("جار") or not word.endswith("نا")

    def _signature(self, tok: Tokens, m: _Mention) -> bool:
        """A short name closing the comment after a dash or on its own line ("... - Rania")."""
        if m.last != len(tok.texts) or m.last - m.first > MAX_SIGNATURE_TOKENS or m.first == 0:
            return False
        if self._titles.at(tok.texts, m.first) or (
            m.first > 0 and self._titles.head_of(tok.texts[m.first - 1])
        ):
            return False  # "- King Abdullah" signs as the King: that is impersonation
        tail = tok.original[m.end :].strip(" .!")
        gap = tok.original[tok.spans[m.first - 1].end : m.start]
        return not tail and bool(_SIGNATURE_GAP.search(gap))

    def _in_context(self, tok: Tokens, m: _Mention) -> _Mention:
        """Raise a weaker name said beside a public office or the person's era."""
        if not 0.5 < m.score < CONTEXT_SCORE or m.via not in ("title", "shape", "tagger"):
            return m  # already decided, or too weak to be a name at all
        if m.via == "tagger" and not (
            m.last - m.first >= 2 and is_given(tok.texts[m.first])
        ):
            return m  # the tagger's guess needs a given name to be believed at all
        lex = lexicons()
        start, end = self._sentence(tok, m)
        era = m.first > 0 and any(
            t in lex["era"] for t in tok.texts[max(start, m.first - 2) : m.first]
        )
        office = any(
            self._offices.at(tok.texts, k) is not None
            for k in range(start, end)
            if not min(m.first, m.lead if m.lead >= 0 else m.first) <= k < m.last
        )
        if not (era or office):
            return m
        return replace(m, score=CONTEXT_SCORE, via="context")

    @staticmethod
    def _sentence(tok: Tokens, m: _Mention) -> tuple[int, int]:
        """Token range of the sentence around a mention."""
        start = m.first
        while start > 0 and not _SENTENCE_END.search(
            tok.original[tok.spans[start - 1].end : tok.spans[start].start]
        ):
            start -= 1
        end = m.last
        while end < len(tok.texts) and not _SENTENCE_END.search(
            tok.original[tok.spans[end - 1].end : tok.spans[end].start]
        ):
            end += 1
        return start, end

    # -- the commenter's own name -----------------------------------------------------------

    @staticmethod
    def _own_name_tokens(name: str | None) -> frozenset[str]:
        if not name or not name.strip():
            return frozenset()
        return frozenset(norm_tokens(name))

    @staticmethod
    def _is_own(mention: str, own: frozenset[str]) -> bool:
        """Whether every word of the mention is a word of the commenter's own name."""
        toks = norm_tokens(mention)
        return bool(toks) and all(any(v in own for v, _ in variants(t)) for t in toks)

    def _impersonation(self, name: str | None, watchlist: Watchlist) -> Reason | None:
        if not name or not name.strip():
            return None
        norm = normalize(name)
        texts = [t.text for t in tokenize(norm)]
        # A one-word alias inside a longer name ("Ronaldo Haddad") is a namesake, not a pose.
        # A kunya alone ("ابو عمار", "Abu Mazen") is how countless readers sign: a figure known
        # by one is named by it in a comment, but a name field holding it poses as nobody.
        kunya = lexicons()["kunya"]
        hits = [h for h in watchlist.find(norm)
                if (h.last - h.first > 1 or len(texts) == 1)
                and not (h.last - h.first == 2 and texts[h.first] in kunya)]
        if not hits:
            return None
        titled = any(self._titles.at(texts, i) for i in range(len(texts)))
        hit = hits[0]
        start, end = norm.to_original(hit.start, hit.end)
        return Reason(
            code="personal_name",
            source="form",
            score=IMPERSONATION_TITLED if titled else IMPERSONATION_PLAIN,
            field="name",
            params={"name": name[start:end], "via": "watchlist"},
        )

