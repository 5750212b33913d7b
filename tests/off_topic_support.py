"""Shared fixtures of the off-topic tests: hand-written articles and comments, a tiny model."""

from __future__ import annotations

import copy
from functools import lru_cache

import numpy as np

from model.relevance import OperatingPoints, RelevanceModel
from service.core import Article, Context, Submission
from service.policy.off_topic import OffTopicCheck

ARTICLES = {
    "raqqa-en": Article(
        "raqqa-en",
        "International coalition: 300 ISIS fighters might have fled from Raqqa",
        "The coalition said dozens of foreign fighters could have hidden among civilians and "
        "escaped Raqqa during the evacuation. Its spokesman said about 300 militants were "
        "identified as potential ISIS fighters. The Syrian Democratic Forces reached an agreement "
        "with ISIS on the exit of civilians from the city.",
        "en",
    ),
    "derby-en": Article(
        "derby-en",
        "Faisaly beat Wehdat 2-1 in the league derby",
        "Faisaly scored twice in the second half to beat Wehdat in front of a full stadium. The "
        "referee sent off a Wehdat defender, and the coach blamed the pitch. Faisaly now lead the "
        "football league by three points.",
        "en",
    ),
    "raqqa-ar": Article(
        "raqqa-ar",
        "التحالف الدولي: 300 مقاتل من داعش ربما فروا من الرقة",
        "قال التحالف الدولي إن عشرات المقاتلين الأجانب ربما اختبأوا بين المدنيين وفروا من "
        "الرقة خلال عملية الإجلاء. وأضاف المتحدث باسم التحالف أن نحو 300 مسلح صنفوا مقاتلين "
        "محتملين في تنظيم داعش، وأن قوات سوريا الديمقراطية توصلت إلى اتفاق مع التنظيم.",
        "ar",
    ),
    "fuel-ar": Article(
        "fuel-ar",
        "رفع أسعار المحروقات في الأردن للشهر الثالث على التوالي",
        "قررت لجنة تسعير المشتقات النفطية رفع سعر البنزين والديزل للشهر الثالث، وسط غضب "
        "سائقي التكسي والمواطنين. وقالت الحكومة إن الأسعار العالمية للنفط ارتفعت، فيما طالب "
        "نواب بتخفيض الضريبة على المحروقات.",
        "ar",
    ),
}
COMMENTS = {
    "raqqa-en": [
        "How did 300 ISIS fighters escape from Raqqa with the civilians?",
        "The coalition should have inspected every man leaving the city",
        "Foreign fighters will go back home and cause trouble there",
        "The SDF agreement with ISIS was a huge mistake",
        "So the militants just walked out of Raqqa during the evacuation",
    ],
    "derby-en": [
        "What a second half, Faisaly deserved the win",
        "Wehdat defence was terrible and the red card killed them",
        "The referee ruined the derby again",
        "The stadium was full and the fans were loud all game",
        "Wehdat will still win the league, three points is nothing",
    ],
    "raqqa-ar": [
        "كيف هرب 300 مقاتل من داعش من الرقة؟",
        "التحالف كان لازم يفتش كل المدنيين اللي طلعوا من المدينة",
        "المقاتلين الأجانب رح يرجعوا على بلادهم ويعملوا مشاكل",
        "اتفاق قسد مع داعش كان غلطة كبيرة",
        "يعني المسلحين طلعوا من الرقة مع الإجلاء عادي",
    ],
    "fuel-ar": [
        "الأسعار نار وما حدا قادر يعبي بنزين",
        "الحكومة لازم توقف رفع المحروقات كل شهر",
        "سواقين التكسي أكثر ناس متضررين من رفع البنزين والديزل",
        "كل شهر رفع أسعار والرواتب نفسها",
        "خفضوا الضريبة على المحروقات بدل ما ترفعوا الأسعار",
    ],
}
BACKGROUND = [
    "The match ended in a draw after a late goal",
    "The government announced a new budget for schools",
    "Heavy rain is expected in Amman this weekend",
    "أمطار غزيرة متوقعة في عمان نهاية الأسبوع",
    "افتتاح مطعم جديد في عمان يقدم المنسف",
    "الحكومة تعلن موازنة جديدة للمدارس",
]


def tiny_pairs() -> tuple[list[str], list[str], list[str], list[int]]:
    """(comments, titles, bodies, on-topic labels): each comment against each article."""
    comments, titles, bodies, labels = [], [], [], []
    for home, texts in COMMENTS.items():
        lang = ARTICLES[home].language
        for text in texts:
            for aid, article in ARTICLES.items():
                if article.language != lang:
                    continue
                comments.append(text)
                titles.append(article.title)
                bodies.append(article.body)
                labels.append(int(aid == home))
    return comments, titles, bodies, labels



@lru_cache(maxsize=1)
def _shipped() -> RelevanceModel:
    return RelevanceModel.load()


def shipped_relevance() -> RelevanceModel:
    """The shipped relevance model, read once per test process (about a second each time).

    A shallow copy per call: tests replace ``predict_proba`` on it without touching the others.
    """
    return copy.copy(_shipped())


def fit_tiny_model() -> RelevanceModel:
    """A relevance model fitted on the hand-written pairs above (seconds, no data needed)."""
    comments, titles, bodies, labels = tiny_pairs()
    corpus = [f"{a.title}\n{a.body}" for a in ARTICLES.values()] + comments + BACKGROUND
    return RelevanceModel.fit(
        corpus, comments, titles, bodies, labels,
        c=1.0, points=OperatingPoints(review=0.5, reject=0.9),
        n_components=6, word_min_df=1, char_min_df=1,
    )  # fmt: skip


def ctx(comment: str, article: Article | None) -> Context:
    """A check context for a comment under an article."""
    return Context(Submission(comment=comment), article)


def score(check: OffTopicCheck, comment: str, article: Article | None) -> float | None:
    """The off-topic score the check gives, or None when it gives none."""
    return check(ctx(comment, article)).scores.get("off_topic")


def off_topic_at(p: float) -> OffTopicCheck:
    """The off-topic check with a semantic model that gives every comment P(off-topic) = p."""
    from model.semantic_relevance import FEATURES, SemanticRelevance
    from service.policy.off_topic import GenericReactions
    from tests.test_semantic import FakeEncoder

    enc = FakeEncoder()
    semantic = SemanticRelevance(np.zeros(len(FEATURES)), float(np.log(p / (1 - p))),
                                 enc.embed(["thanks"]), enc.version)
    return OffTopicCheck(shipped_relevance(), semantic=semantic, encoder=enc,
                         generic=GenericReactions([]), request_prototypes=[])
