"""Football talk under a story that is not about sport is off-topic by rule; under a sports story,
or in words with other senses, it is not."""

from __future__ import annotations

import numpy as np
import pytest

from model.verdict import Article, Context, Submission
from service.policy.off_topic import (
    CATEGORY,
    READER_QUESTION_P,
    READER_QUESTION_REVIEW_P,
    READER_QUESTION_SCORE,
    OffTopicCheck,
)
from service.policy.off_topic_sports import football_talk, sports_story
from tests.off_topic_support import shipped_relevance
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
    ("shu sar b natayej el dawri mbare7?", BREAD, "el dawri"),
    ("Who won the Faisaly match yesterday?", ROADS, "Faisaly"),
    ("Real Madrid were unreal in the Champions League final", ROADS, "Real Madrid"),
    ("Messi scored twice last night, what a player", ROADS, "Messi"),  # no laugh: football
])
def test_football_under_a_story_not_about_sport_is_found(comment, article, cue):
    span = football_talk(Context(Submission(comment), article))
    assert span is not None and cue.lower() in span.text.lower()
    assert comment[span.start:span.end] == span.text


@pytest.mark.parametrize(("comment", "article"), [
    ("الفيصلي راجع بقوة هالموسم والدوري النا", DERBY),  # a sports story: not this cue's to judge
    ("الحكومة بتلعب فينا متل مباراة شطرنج", BREAD),  # a contest, not football
    ("التقرير الدوري لدائرة الاحصاءات بيحكي عن الخبز", BREAD),  # "periodic"
    ("wa2aft sa3tein bel tabor w lamma ejja dawri khelis el khobz", BREAD),  # "my turn"
    ("My son plays football and his boots cost 50 JD already", ROADS),
    ("الهدف من القرار توفير الدعم لمستحقيه", BREAD),  # "aim"
    ("بدنا مجلس منتخب بيحاسبه الناس", BREAD),  # "elected"
    ("لازم يعلنوا الأسعار بشكل دوري", BREAD),  # "periodic"
    ("دوريات الرقابة لازم تلف عالمخابز", BREAD),  # patrols
    ("The goal of the closure is safety, fair enough", ROADS),
    ("Does the new fee match the damage to our cars?", ROADS),
    # a star's name in a laughing comment: a joke about the story
    ("With these fees Ronaldo would go broke in a week lol", ROADS),
    ("حتى ميسي ما بقدر يشتري خبز بهالاسعار 😂", BREAD),
])
def test_words_with_other_senses_or_a_sports_story_are_no_football_cue(comment, article):
    assert football_talk(Context(Submission(comment), article)) is None


def test_a_sports_story_has_a_sports_word_in_its_title_or_two_in_title_and_opening():
    assert sports_story(DERBY)
    assert not sports_story(BREAD)
    assert sports_story(Article("x", "افتتاح ملعب جديد في اربد", "بكلفة 12 مليون دينار."))
    assert sports_story(Article("x", "Government opens new stadium in Zarqa", "Built in 2 years."))
    # Words with other senses need a second one: "team of doctors", "final decision".
    assert not sports_story(Article("x", "Team of doctors visits Mafraq", "A medical team."))
    assert not sports_story(Article("x", "Final decision on bread subsidy", "The cabinet."))


@pytest.mark.parametrize(("p_off", "outcome"), [(READER_QUESTION_P + 0.05, "reject"),
                                                 (READER_QUESTION_REVIEW_P + 0.01, "review"),
                                                 (READER_QUESTION_REVIEW_P - 0.1, "model")])
def test_the_check_decides_football_talk_by_rule_unless_the_model_is_sure_it_is_on_topic(
        p_off, outcome):
    check = OffTopicCheck(shipped_relevance())
    check.model.predict_proba = lambda texts, arts: np.full(len(texts), p_off)
    result = check(Context(Submission("مبروك للفيصلي الفوز امبارح، أداء عالمي"), BREAD))
    (reason,) = result.reasons
    if outcome == "model":  # the model is sure it is on-topic: no rule overrides it
        assert reason.source == "model" and result.probabilities
        return
    assert reason.source == "rule" and reason.params["football"] == "1"
    expected = READER_QUESTION_SCORE if outcome == "reject" else check.map.review
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
