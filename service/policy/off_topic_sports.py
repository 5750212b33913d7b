"""Football talk under a story that is not about sport: a common way readers leave the subject.

Readers congratulate their club, ask for last night's score or argue about the league under a
story on bread prices or a road closure ("الفيصلي راجع بقوة هالموسم والدوري النا", "shu sar b
natayej el dawri mbare7?").  The relevance model often scores them on-topic: they share no
words with the story, but neither do many on-topic reactions.  The cue is narrow on purpose:
words that mean football and nothing else (a league, a match, a club's name, the clasico),
not words with other senses (هدف "aim", منتخب "elected", دوري "periodic", "goal", "match the
pay", الوحدات the camp, النشامى "the gallant").  A story is about sport when its title and
opening carry two or more sports words (the wider list); under such a story the cue says
nothing (a different match is still football).

On the triage sets' dev rows (``tests/test_off_topic_sports.py`` counts them) every comment it
finds is labelled off-topic, none acceptable.  The cue decides as the reader-question cues do
(``service.policy.off_topic``): reject where the relevance model leans off-topic, else review,
and it comes before the generic-reaction cap ("مبروك للفيصلي" under a price story is a generic
reaction, to another story).
"""

from __future__ import annotations

import re
from functools import lru_cache

from model.normalize import normalize_text
from model.verdict import Article, Context, Span

# Arabic after normalisation (ة -> ه, ى -> ي, أ -> ا), with the proclitics a reader attaches.
_FOOTBALL_AR = re.compile(
    r"(?<!\w)(?:و|ب|ل|ف)?(?:ال|لل)?"
    r"(?:دوري\s+ابطال|ابطال\s+اوروبا|ريال\s+مدريد|كاس\s+العالم|ضربه\s+جزاء|"
    r"(?<=ال)دوري|(?<=لل)دوري|مباراه|مبارات|مباريات|كلاسيكو|برشلونه|ميسي|رونالدو|فيصلي)"
    r"(?!\w)"
)
_FOOTBALL_LATIN = re.compile(
    r"\b(?:el[\s-]?dawri|dawri|mbara|mabara|clasico|classico|barca|real\s+madrid|barcelona|"
    r"messi|ronaldo|faisal[iy]|football|soccer|champions\s+league|world\s+cup)\b",
    re.IGNORECASE,
)
# The wider list for the story: any two of these in the title and opening make it a sports story.


def _words(text: str) -> list[str]:
    return text.split()


_SPORT_WORDS_AR = frozenset(normalize_text(w) for w in _words(
    "دوري الدوري مباراة المباراة مباريات منتخب المنتخب النشامى نادي النادي مدرب المدرب لاعب "
    "اللاعب لاعبين اللاعبين هدف هدفين أهداف ملعب الملعب بطولة البطولة كأس الفيصلي الوحدات "
    "الرمثا الجزيرة الحسين فريق الفريق جماهير الجماهير حكم الحكم كرة القدم السلة الاتحاد "
    "المحترفين الأولمبي تصفيات ودية"
))
_SPORT_WORDS_LATIN = frozenset(_words(
    "league match football soccer coach team club striker stadium cup tournament player players "
    "fans goal goals derby fifa afc jfa olympic basketball qualifier qualifiers transfer"
))
_OPENING = 1500


@lru_cache(maxsize=256)
def _sports_text(title: str, opening: str) -> bool:
    words = re.findall(r"\w+", normalize_text(f"{title} {opening}").lower())
    hits = {w for w in words if w in _SPORT_WORDS_AR or w in _SPORT_WORDS_LATIN}
    return len(hits) >= 2


def sports_story(article: Article) -> bool:
    """Whether a story is about sport: two different sports words in its title and opening."""
    return _sports_text(article.title or "", (article.body or "")[:_OPENING])


def football_talk(ctx: Context) -> Span | None:
    """Where a comment talks football under a story that is not about sport, if it does."""
    if ctx.article is None or sports_story(ctx.article):
        return None
    m = _FOOTBALL_AR.search(ctx.norm.text)
    if m:
        return ctx.span(m.start(), m.end())
    comment = ctx.submission.comment
    m = _FOOTBALL_LATIN.search(comment)
    return Span(m.start(), m.end(), comment[m.start():m.end()]) if m else None
