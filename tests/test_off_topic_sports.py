"""Football talk under a story that is not about sport is off-topic by rule; under a sports story,
or in words with other senses, it is not."""

from __future__ import annotations

import numpy as np
import pytest

from model.relevance import RelevanceModel
from model.verdict import Article, Context, Submission
from service.policy.off_topic import (
    CATEGORY,
    READER_QUESTION_P,
    READER_QUESTION_SCORE,
    OffTopicCheck,
)
from service.policy.off_topic_sports import football_talk, sports_story
from training import evaluate_policy as ep
from training import triage as tr

BREAD = Article("bread", "رفع سعر الخبز المدعوم 5 قروش",
                "قررت الحكومة رفع سعر ربطة الخبز المدعوم خمسة قروش اعتبارا من الشهر المقبل.", "ar")
ROADS = Article("roads", "Airport Road closed for resurfacing",
                "The Greater Amman Municipality closed two lanes of Airport Road for three weeks.",
                "en")
DERBY = Article("derby", "الفيصلي يفوز على الوحدات في قمة الدوري",
                "فاز الفيصلي على الوحدات 2-1 في المباراة التي جمعت الفريقين على ملعب عمان الدولي.",
                "ar")


@pytest.mark.parametrize(("comment", "article", "cue"), [
    ("الفيصلي راجع بقوة هالموسم والدوري النا", BREAD, "الفيصلي"),
    ("مين حضر الكلاسيكو امبارح؟", BREAD, "الكلاسيكو"),
    ("shu sar b natayej el dawri mbare7?", BREAD, "dawri"),
    ("Who won the Faisaly match yesterday?", ROADS, "Faisaly"),
    ("Real Madrid were unreal in the Champions League final", ROADS, "Real Madrid"),
])
def test_football_under_a_story_not_about_sport_is_found(comment, article, cue):
    span = football_talk(Context(Submission(comment), article))
    assert span is not None and cue.lower() in span.text.lower()
    assert comment[span.start:span.end] == span.text


@pytest.mark.parametrize(("comment", "article"), [
    ("الفيصلي راجع بقوة هالموسم والدوري النا", DERBY),  # a sports story: not this cue's to judge
    ("الهدف من القرار توفير الدعم لمستحقيه", BREAD),  # "aim"
    ("بدنا مجلس منتخب بيحاسبه الناس", BREAD),  # "elected"
    ("لازم يعلنوا الأسعار بشكل دوري", BREAD),  # "periodic"
    ("دوريات الرقابة لازم تلف عالمخابز", BREAD),  # patrols
    ("The goal of the closure is safety, fair enough", ROADS),
    ("Does the new fee match the damage to our cars?", ROADS),
])
def test_words_with_other_senses_or_a_sports_story_are_no_football_cue(comment, article):
    assert football_talk(Context(Submission(comment), article)) is None


def test_a_sports_story_needs_two_different_sports_words():
    assert sports_story(DERBY)
    assert not sports_story(BREAD)
    assert not sports_story(Article("x", "Team of doctors visits Mafraq", "A medical team.", "en"))


@pytest.mark.parametrize(("p_off", "score"), [(READER_QUESTION_P + 0.05, READER_QUESTION_SCORE),
                                               (0.0, None)])
def test_the_check_decides_football_talk_by_rule_even_where_the_model_says_on_topic(p_off, score):
    check = OffTopicCheck(RelevanceModel.load())
    check.model.predict_proba = lambda texts, arts: np.full(len(texts), p_off)
    result = check(Context(Submission("مبروك للفيصلي الفوز امبارح، أداء عالمي"), BREAD))
    (reason,) = result.reasons
    assert reason.source == "rule" and reason.params["football"] == "1"
    # Rejected where the model leans off-topic, else sent to review (never published).
    expected = score if score is not None else check.map.review
    assert result.scores[CATEGORY] == expected and not result.probabilities


def test_on_the_triage_dev_rows_every_comment_the_cue_finds_is_off_topic():
    # A regression guard over the labelled dev rows (in-sample: the cue's words were chosen
    # knowing football is the commonest subject readers change to, then checked on these rows).
    found = []
    for cases_path, articles_path in tr.TRIAGE_SETS.values():
        articles = ep.load_articles(articles_path)
        for case in ep.select_split(ep.load_cases(cases_path), "dev"):
            ctx = Context(Submission(case["comment"]), articles[case["article_id"]])
            if football_talk(ctx) is not None:
                found.append(case)
    assert len(found) >= 8
    assert all(c["labels"]["off_topic"] for c in found), [c["id"] for c in found
                                                          if not c["labels"]["off_topic"]]
