"""A question to the other readers is rejected as off-topic only when the model leans that way."""

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

AR_STORY = Article("prices", "ارتفاع اسعار البندورة", "ارتفعت اسعار البندورة في السوق المركزي.",
                   "ar")
EN_STORY = Article("fest", "Jerash festival opens", "The festival opens on Friday with music.",
                   "en")

QUESTIONS = [
    ("حدا بيعرف اذا دوام المدارس بكرة عادي ولا في تعطيل؟", AR_STORY, "حدا بيعرف"),
    ("مين عنده خبر عن نتائج القبول الموحد؟ ابني مستني", AR_STORY, "مين عنده خبر"),
    ("لو سمحتوا وين بجدد جواز السفر اونلاين؟", AR_STORY, "لو سمحتوا"),
    ("هل من أحد يعرف متى تفتح الحدود؟", AR_STORY, "أحد يعرف"),
    ("shabab meen bi3raf eza el jam3a btefta7 tasjeel?", AR_STORY, "meen bi3raf"),
    ("law sama7to wen bjadded el jawaz?", AR_STORY, "law sama7to"),
    ("Does anyone know if the Dead Sea highway is open this weekend?", EN_STORY,
     "Does anyone know"),
    ("can someone explain why the internet is so slow in Irbid??", EN_STORY,
     "can someone explain"),
]


def _check(p_off: float) -> OffTopicCheck:
    """The shipped lexical check, its model answering ``p_off`` for every comment."""
    check = OffTopicCheck(RelevanceModel.load())
    check.model.predict_proba = lambda texts, arts: np.full(len(texts), p_off)
    return check


@pytest.mark.parametrize(("comment", "article", "cue"), QUESTIONS)
def test_a_reader_question_the_model_leans_off_topic_on_is_rejected_with_its_cue(
    comment, article, cue
):
    result = _check(READER_QUESTION_P + 0.05)(Context(Submission(comment), article))
    assert result.scores[CATEGORY] == READER_QUESTION_SCORE
    (reason,) = result.reasons
    assert reason.source == "rule" and reason.params["reader_question"] == "1"
    (span,) = reason.spans
    assert span.text == cue and comment[span.start:span.end] == cue
    assert not result.probabilities  # a rule's decision, not a model score to tune


@pytest.mark.parametrize(("comment", "article", "cue"), QUESTIONS)
def test_a_reader_question_about_the_story_stays_with_the_model(comment, article, cue):
    result = _check(READER_QUESTION_P - 0.2)(Context(Submission(comment), article))
    (reason,) = result.reasons
    assert reason.source == "model" and "reader_question" not in reason.params
    assert result.scores[CATEGORY] < READER_QUESTION_SCORE


@pytest.mark.parametrize(
    ("comment", "article"),
    [
        ("حدا بيعرف وين راحت المصاري", AR_STORY),  # no question: a remark
        ("مين بيعرف الحقيقة غير الله", AR_STORY),
        ("Everyone knows the prices went up?", EN_STORY),  # no cue
        ("I asked anyone I know, and nobody could afford it", EN_STORY),
        # across languages there is never enough evidence to reject (the check's cap)
        ("Does anyone know if the border is open?", AR_STORY),
    ],
)
def test_no_cue_no_question_or_another_language_is_no_reader_question(comment, article):
    result = _check(0.9)(Context(Submission(comment), article))
    assert all(r.source == "model" for r in result.reasons)
