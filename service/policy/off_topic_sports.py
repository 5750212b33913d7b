"""Football talk under a story that is not about sport: a common way readers leave the subject.

Readers congratulate their club, ask for last night's score or argue about the league under a
story on bread prices or a road closure ("الفيصلي راجع بقوة هالموسم والدوري النا", "shu sar b
natayej el dawri mbare7?").  The relevance model often scores them on-topic: they share no
words with the story, but neither do many on-topic reactions.  The cue is narrow on purpose:
words that mean football and nothing else (the league, a club's name, the clasico, Messi), not
words with other senses (مباراة a chess or Quran contest too, هدف "aim", منتخب "elected", دوري
"periodic" after a definite noun, Arabizi "dawri" "my turn", "goal", "football" of a child's
boots, الوحدات the camp, النشامى "the gallant").  A story is about sport when its title has a
sports word or its title and opening two (the wider list, stadiums and finals included); under
such a story the cue says nothing (a different match is still football).

On the triage sets' dev rows (``tests/test_off_topic_sports.py`` counts them) every comment it
finds is labelled off-topic, none acceptable.  The cue decides as the reader-question cues do
(``service.policy.off_topic``): only where the relevance model gives at least
``READER_QUESTION_REVIEW_P`` (a comment it is sure is on-topic stays with it), reject where it
leans off-topic, else review; and it comes before the generic-reaction cap ("مبروك للفيصلي"
under a price story is a generic reaction, to another story).
"""

from __future__ import annotations

import re
from functools import lru_cache

from model.normalize import normalize_text
from model.verdict import Article, Context, Span
from service.policy.off_topic_cues import laughing

# Arabic after normalisation (ة -> ه, ى -> ي, أ -> ا), with the proclitics a reader attaches.
# Not مباراة (a chess, speech or Quran contest too), not a bare "dawri" (Arabizi "my turn").
_FOOTBALL_AR = re.compile(
    r"(?<!\w)(?:و|ب|ل|ف)?(?:ال|لل)?"
    r"(?:دوري\s+ابطال|ابطال\s+اوروبا|ريال\s+مدريد|كاس\s+العالم|ضربه\s+جزاء|"
    r"(?<=ال)دوري|(?<=لل)دوري|كلاسيكو|برشلونه|ميسي|رونالدو|فيصلي)"
    r"(?!\w)"
)
# "الفحص الدوري", "التقرير الدوري": after a definite noun الدوري is "periodic", not the league.
_PERIODIC = re.compile(r"(?<!\w)(?:ال|لل|بال|وال)\w+\s+$")
_CLUBS_LATIN = r"(?:wa7dat|wehdat|wihdat|faisal[iy]|ramtha|jazeera|jazira)"
_FOOTBALL_LATIN = re.compile(
    r"\b(?:el[\s-]?dawri|clasico|classico|barca|real\s+madrid|barcelona|messi|ronaldo|"
    r"faisal[iy]|champions\s+league|world\s+cup"
    # Arabizi congratulations on a win, to a club ("mabrook lal wa7dat el fooz") or with a score
    # or a goal after it ("mabrook lal Ramtha el fooz ... 2-0"): "el fooz" is an election's too
    r"|mabro+k\s+(?:la?l|la|il)\s+(?:wa7dat|faisal[iy]|ramtha|real|barca|madrid|liverpool|city"
    r"|united)\s+(?:el|3al|3ala|bel|b)\s*fo+z"
    r"|mabro+k\s+(?:la?l|la|il)\s+\w+\s+(?:el|3al|3ala|bel|b)\s*fo+z(?=.*(?:\d\s*-\s*\d"
    r"|\bgo+a?l\b))"
    # Arabizi "the match of" a league club ("7ada shaf mubarat el wehdat w el ramtha?") or "the
    # result of" two clubs ("natijet el wa7dat w el ramtha"): el wehdat alone is the camp too
    # ("natijet el wehdat fil tawjihi", the quarter's exam results)
    r"|(?:mubarat|mbarat|mobarat|mubaret)\s+(?:el\s+|al\s+|il\s+)?" + _CLUBS_LATIN +
    r"|(?:natijet|nateejet|natijat)\s+(?:el\s+|al\s+|il\s+)?" + _CLUBS_LATIN +
    r"\s+(?:w|wel|we|and)\s*(?:el\s+|al\s+|il\s+)?" + _CLUBS_LATIN + r")\b",
    re.IGNORECASE,
)


_STARS = re.compile(r"ميسي|رونالدو|messi|ronaldo", re.IGNORECASE)
# A star named in a comparison is a figure of speech about the story: "landlords charge like
# they're renting to Messi", "بدهم راتب زي رونالدو".
_LIKE = re.compile(r"(?:\blike\b|\bas\s+if\b|(?<!\w)(?:زي|مثل|متل|كانه|كانهم|كانك)(?!\w))"
                   r"(?:\W+\w+){0,4}\W*$", re.IGNORECASE)


def _simile(text: str, start: int) -> bool:
    """Whether a star's name at ``start`` closes a comparison begun a few words before."""
    return bool(_LIKE.search(text[max(0, start - 40):start]))


def _words(text: str) -> list[str]:
    return text.split()


# The wider list for the story: one of these in the title, or two different ones in the title
# and opening, make it a sports story (the cue is then silent: a stadium opened, a final the
# prime minister attended, a riot at a match).
_SPORT_WORDS_AR = frozenset(normalize_text(w) for w in _words(
    "دوري الدوري مباراة المباراة مباريات منتخب المنتخب النشامى نادي النادي مدرب المدرب لاعب "
    "اللاعب لاعبين اللاعبين هدف هدفين أهداف بطولة البطولة كأس الفيصلي الوحدات "
    "الرمثا الجزيرة الحسين فريق الفريق جماهير الجماهير حكم الحكم كرة القدم السلة الاتحاد "
    "المحترفين الأولمبي تصفيات ودية ستاد استاد نهائي النهائي رياضة الرياضة رياضي الرياضي "
    "الرياضية مشجعين المشجعين"
))
_SPORT_STEMS = tuple(normalize_text(w) for w in ("ملعب", "ملاعب", "الملعب", "الملاعب", "stadium"))
# In a title one is enough, but only a word with no other sense ("final decision", "team of
# doctors", "حكم المحكمة" are no sport).
_TITLE_WORDS = frozenset(normalize_text(w) for w in _words(
    "دوري الدوري مباراة المباراة مباريات النشامى بطولة البطولة كأس الفيصلي الوحدات ستاد استاد "
    "league football soccer derby tournament fifa afc jfa olympic basketball stadium"
))
_SPORT_WORDS_LATIN = frozenset(_words(
    "league match matches football soccer coach team club striker stadium cup tournament player "
    "players fans goal goals derby fifa afc jfa olympic basketball qualifier qualifiers transfer "
    "sport sports final"
))
_OPENING = 1500


def _sport_words(text: str) -> set[str]:
    words = re.findall(r"\w+", normalize_text(text).lower())
    return {w for w in words if w in _SPORT_WORDS_AR or w in _SPORT_WORDS_LATIN
            or w.startswith(_SPORT_STEMS)}


@lru_cache(maxsize=256)
def _sports_text(title: str, opening: str) -> bool:
    in_title = _sport_words(title)
    strong = {w for w in in_title if w in _TITLE_WORDS or w.startswith(_SPORT_STEMS)}
    return bool(strong) or len(in_title | _sport_words(opening)) >= 2


def sports_story(article: Article) -> bool:
    """Whether a story is about sport: an unambiguous sports word in its title, or two sports
    words in its title and opening."""
    return _sports_text(article.title or "", (article.body or "")[:_OPENING])


def football_talk(ctx: Context) -> Span | None:
    """Where a comment talks football under a story that is not about sport, if it does."""
    if ctx.article is None or sports_story(ctx.article):
        return None
    # A star's name in a laughing comment is a joke about the story ("With these rules Ronaldo
    # would lose his licence in a week lol" under a traffic story), not football talk; so is
    # one in a comparison (``_simile``).
    joke = laughing(ctx.submission.comment)
    text = ctx.norm.text
    for m in _FOOTBALL_AR.finditer(text):
        if "دوري" in m.group() and _PERIODIC.search(text[max(0, m.start() - 30):m.start()]):
            continue
        if (joke or _simile(text, m.start())) and _STARS.search(m.group()):
            continue
        return ctx.span(m.start(), m.end())
    comment = ctx.submission.comment
    for m in _FOOTBALL_LATIN.finditer(comment):
        if (joke or _simile(comment, m.start())) and _STARS.search(m.group()):
            continue
        return Span(m.start(), m.end(), comment[m.start():m.end()])
    return None
