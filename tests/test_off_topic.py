"""Off-topic relative to the article: the check, its generic reactions and the score mapping."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from model.normalize import normalize_text
from model.relevance import (
    RelevanceModel,
)
from service.core import Article, Policy, Submission, moderate
from service.policy.off_topic import (
    CROSS_LANGUAGE_CAP,
    GENERIC_PATH,
    GenericReactions,
    OffTopicCheck,
    ScoreMap,
    default_generic,
)
from tests.off_topic_support import ARTICLES, COMMENTS, fit_tiny_model
from tests.off_topic_support import ctx as _ctx
from tests.off_topic_support import score as _score

REJECT = 0.85
REVIEW = 0.60


@pytest.fixture(scope="module")
def tiny_model() -> RelevanceModel:
    """A relevance model fitted inside the test on hand-written pairs (tests/off_topic_support)."""
    return fit_tiny_model()


@pytest.fixture
def check(tiny_model) -> OffTopicCheck:
    return OffTopicCheck(tiny_model)


# --------------------------------------------------------------------------- the check


@pytest.mark.parametrize(
    ("article_id", "off_topic", "on_topic"),
    [
        ("raqqa-en", "Buy cheap football shirts", "ISIS fighters fled Raqqa among the civilians"),
        ("raqqa-ar", "مين بيعرف مطعم منيح بعمان؟", "داعش هربوا من الرقة والتحالف ما عمل شي"),
        ("fuel-ar", "اتفاق قسد مع داعش في الرقة", "البنزين صار غالي كثير والحكومة ترفع الأسعار"),
        ("derby-en", "The coalition evacuated civilians from Raqqa",
         "Faisaly were lucky, the referee helped them"),
    ],
)  # fmt: skip
def test_clearly_off_topic_comment_scores_above_on_topic(check, article_id, off_topic, on_topic):
    article = ARTICLES[article_id]
    assert _score(check, off_topic, article) > _score(check, on_topic, article)


def test_off_topic_reason_is_a_model_reason_without_spans(check):
    result = check(_ctx("Buy cheap winter jackets", ARTICLES["raqqa-en"]))
    (reason,) = result.reasons
    assert reason.code == "off_topic"
    assert reason.source == "model"
    assert reason.spans == ()
    assert reason.score == result.scores["off_topic"]
    assert 0.0 <= float(reason.params["probability"]) <= 1.0


GENERIC = [
    "God have mercy on the victims.",
    "May Allah have mercy on the victims and grant their families patience",
    "Good article",
    "Good article, thanks!",
    "thanks 🙏",
    "Well said!!!",
    "WELL SAID",
    "so true",
    "rest in peace",
    "Thank you very much for sharing",
    "الله يرحمهم",
    "الله يرحمهم ويصبر اهلهم",
    "حسبي الله",
    "حسبي الله ونعم الوكيل",
    "الله يحمي الأردن 🇯🇴",
    "شكراً على الخبر",
    "شكرا على الخبر",
    "كلام صحيح والله",
    "كلام صحيح جدا",
    "يعطيكم العافية",
    "shukran",
    "الله يستر من الجاي 😔",
    "allah yster mn el jay",
]


@pytest.mark.parametrize("comment", GENERIC)
@pytest.mark.parametrize("article_id", sorted(ARTICLES))
def test_generic_reactions_are_never_rejected(check, comment, article_id):
    article = ARTICLES[article_id]
    assert _score(check, comment, article) == 0.0
    verdict = moderate(Submission(comment=comment), article, Policy([check], mode="auto"))
    assert verdict.scores["off_topic"] < REJECT
    assert verdict.status != "rejected"


@pytest.mark.parametrize(
    "comment",
    [
        "thanks, now buy cheap football shirts at my shop",
        "شكرا، مين بيعرف مطعم منيح بعمان؟",
        "good",
        "very very",
        "والله",
        "",
    ],
)
def test_generic_list_does_not_excuse_other_content(comment):
    assert not default_generic().matches(normalize_text(comment))


def test_generic_list_covers_both_languages_with_about_a_hundred_entries():
    rows = GENERIC_PATH.read_text(encoding="utf-8").splitlines()[1:]
    languages = [r.split("\t")[1] for r in rows if r.strip()]
    assert len(languages) >= 100
    assert languages.count("ar") >= 40
    assert languages.count("en") >= 40


def test_generic_phrases_match_after_normalisation_only():
    generic = GenericReactions(["كلام صحيح"])
    assert generic.matches(normalize_text("كـــلام صحيـح!!"))  # tatweel, trailing marks
    assert generic.matches(normalize_text("وكلام صحيح"))  # attached "and"
    assert not generic.matches(normalize_text("كلام"))


@pytest.mark.parametrize("article", [None, Article("empty", "", "")])
def test_no_article_gives_no_score(check, article):
    result = check(_ctx("Buy cheap football shirts", article))
    assert result.scores == {}
    assert result.reasons == []


@pytest.mark.parametrize(
    ("comment", "article_id"),
    [
        # the model's score; a reader's cue may reject (test_twenty_second_session_rules)
        ("في مطعم منيح بعمان اسعاره معقولة", "raqqa-en"),
        ("سواقين التكسي زعلانين", "derby-en"),
        ("Buy cheap football shirts", "fuel-ar"),
        ("Wehdat will win the league", "raqqa-ar"),
    ],
)
def test_cross_language_comments_are_capped_below_reject(check, comment, article_id):
    result = check(_ctx(comment, ARTICLES[article_id]))
    assert result.scores["off_topic"] <= CROSS_LANGUAGE_CAP < REJECT
    assert result.reasons[0].params["cross_language"] == "1"


@pytest.mark.parametrize(
    ("comment", "article_id"),
    [("داعش هربوا من الرقة", "raqqa-en"), ("ISIS fighters left Raqqa", "raqqa-ar")],
)
def test_cross_language_comment_naming_the_articles_places_stays_below_review(
    check, comment, article_id
):
    result = check(_ctx(comment, ARTICLES[article_id]))
    assert result.scores["off_topic"] < REVIEW
    assert set(result.reasons[0].params["shared_names"].split(",")) >= {"raqqa"}


def test_names_every_jordanian_story_shares_do_not_bridge_languages(check):
    article = Article("fuel-en", "Jordan raises fuel prices", "The government in Amman said", "en")
    result = check(_ctx("الحكومة في الأردن ما بتهتم", article))
    assert "shared_names" not in result.reasons[0].params


def test_batch_scores_equal_single_scores(check):
    ctxs = [_ctx(c, ARTICLES[a]) for a, texts in COMMENTS.items() for c in texts[:2]]
    ctxs += [_ctx("Buy cheap winter jackets", ARTICLES["raqqa-en"]), _ctx("thanks", None)]
    batch = check.batch(ctxs)
    single = [check(c) for c in ctxs]
    assert [sorted(b.scores) for b in batch] == [sorted(s.scores) for s in single]
    flat = [v for b in batch for v in b.scores.values()]
    assert flat == pytest.approx([v for s in single for v in s.scores.values()])


def test_article_is_vectorised_once_per_content(tiny_model, monkeypatch):
    check = OffTopicCheck(tiny_model, cache_size=2)
    calls = []
    real = tiny_model.article

    def counting(title, body):
        calls.append(title)
        return real(title, body)

    monkeypatch.setattr(tiny_model, "article", counting)
    raqqa = ARTICLES["raqqa-en"]
    for comment in COMMENTS["raqqa-en"]:
        check(_ctx(comment, raqqa))
    assert len(calls) == 1
    edited = Article(raqqa.id, raqqa.title, raqqa.body + " Updated.", "en")
    check(_ctx("fighters", edited))
    assert len(calls) == 2  # an edited article is vectorised again
    check(_ctx("fighters", ARTICLES["derby-en"]))
    assert check.cache_info() == {"size": 2, "max": 2}


# --------------------------------------------------------------------------- score mapping


@pytest.mark.parametrize(("p_review", "p_reject"), [(0.5, 0.9), (0.4, 0.97), (0.6, 0.7)])
def test_score_map_puts_operating_points_on_the_policy_thresholds(p_review, p_reject):
    m = ScoreMap(p_review, p_reject, review=REVIEW, reject=REJECT)
    assert m(p_review) == pytest.approx(REVIEW)
    assert m(p_reject) == pytest.approx(REJECT)
    assert m(0.0) == 0.0
    assert m(1.0) == 1.0
    assert m(p_review - 0.01) < REVIEW
    assert REVIEW < m((p_review + p_reject) / 2) < REJECT


@given(st.floats(0, 1), st.floats(0, 1))
def test_score_map_is_monotone(a, b):
    m = ScoreMap(0.5, 0.93)
    lo, hi = sorted((a, b))
    assert m(lo) <= m(hi)


def test_uncertain_probabilities_land_in_review_band_not_reject(tiny_model):
    check = OffTopicCheck(tiny_model)
    points = tiny_model.points
    scores = check.map(np.linspace(points.review, points.reject, 20, endpoint=False))
    assert np.all((scores >= REVIEW) & (scores < REJECT))




@pytest.mark.parametrize("comment", ["Thanks Ammon for covering this, nobody else did.",
                                     "So sad. Thank you Ammon for reporting this."])
def test_thanking_the_site_for_covering_a_story_is_a_generic_reaction(comment):
    from model.normalize import normalize_text
    from service.policy.off_topic import GenericReactions

    assert GenericReactions.load().matches(normalize_text(comment))
    assert not GenericReactions.load().matches(normalize_text("Thanks Ammon, now cover the "
                                                              "university fees"))
