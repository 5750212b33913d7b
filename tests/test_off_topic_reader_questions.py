"""A question to the other readers is rejected as off-topic only when the model leans that way."""

from __future__ import annotations

import numpy as np
import pytest

from model.verdict import Article, Context, Submission
from service.policy.off_topic import (
    CATEGORY,
    JOKE_MAX_P,
    READER_QUESTION_P,
    READER_QUESTION_REVIEW_P,
    READER_QUESTION_SCORE,
    OffTopicCheck,
    cue_floors,
)
from tests.off_topic_support import shipped_relevance

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
    check = OffTopicCheck(shipped_relevance())
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
    ctx = Context(Submission(comment), article)
    result = _check(cue_floors(ctx.language)[0] / 2)(ctx)
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
        # across languages a cue decides with its own floors (test_twenty_second_session_rules)
    ],
)
def test_no_cue_or_no_question_is_no_reader_question(comment, article):
    result = _check(0.9)(Context(Submission(comment), article))
    assert all(r.source == "model" for r in result.reasons)


OTHER_STORIES = [
    ("يا عمون ليش ما نشرتوا خبر اغلاق شارع الجامعة؟", AR_STORY, "ليش ما نشرتوا"),
    ("ليش لهسا ما نزلتوا نتائج المفاضلة؟؟ كل المواقع نزلتها", AR_STORY,
     "ليش لهسا ما نزلتوا"),
    ("وين صارت قضية الأراضي بالبحر الميت؟", AR_STORY, "وين صارت قضية"),
    ("شو صار بموضوع التعيينات؟ صارلنا سنة", AR_STORY, "شو صار بموضوع"),
    ("wen sarat qadiyyet el Rusaifa? ma 7ada 7aka", AR_STORY, "wen sarat qadiyyet"),
    ("Why didn't you publish anything about the teachers' strike?", EN_STORY,
     "Why didn't you publish"),
    ("Whatever happened to the new bus line they promised?", EN_STORY,
     "Whatever happened to the"),
    ("Any news on the BRT line to Zarqa? They promised it years ago", EN_STORY,
     "Any news on"),
    ("ليش ما حدا بحكي عن الحفريات بشارع الجامعة؟", AR_STORY, "ليش ما حدا بحكي عن"),
    ("Why is there still no news about the admission lists?", EN_STORY,
     "Why is there still no news about"),
    # A request to cover something else needs no question mark.
    ("يا عمون اكتبوا عن الحفريات بشارع الجامعة", AR_STORY, "عمون اكتبوا عن"),
    ("Ammon, please write about the street lights in Wadi Al-Seer", EN_STORY,
     "Ammon, please write about"),
    ("يا عمون بليز اكتبوا عن الحفريات بشارع الجامعة", AR_STORY, "عمون بليز اكتبوا عن"),
    ("Why is nobody talking about the new parking fines in Abdali? 20 JD for 5 minutes",
     EN_STORY, "Why is nobody talking about"),
    # The site by name: why it does not publish about something, why it deleted a story;
    # "write something about".
    ("يا عمون ليش ما بتنشروا عن الشارع المكسر بحي التركمان؟", AR_STORY,
     "عمون ليش ما بتنشروا عن"),
    ("يا عمون ليش حذفتوا خبر الحادث اللي صار امبارح؟", AR_STORY, "عمون ليش حذفتوا خبر"),
    ("Ammon please write something about the sewage leaking on our street", EN_STORY,
     "Ammon please write something about"),
    # "and what became of ...", "why does nobody write about ..."
    ("طب وشو صار بقضية المعلمين اللي اعتصموا؟", AR_STORY, "وشو صار بقضية"),
    ("Why does nobody write about the garbage piling up in Tla' Al-Ali??", EN_STORY,
     "Why does nobody write about"),
]


@pytest.mark.parametrize(("comment", "article", "cue"), OTHER_STORIES)
def test_a_question_about_another_story_the_model_leans_off_topic_on_is_rejected(
    comment, article, cue
):
    result = _check(READER_QUESTION_P + 0.05)(Context(Submission(comment), article))
    assert result.scores[CATEGORY] == READER_QUESTION_SCORE
    (reason,) = result.reasons
    assert reason.source == "rule" and reason.params["other_story"] == "1"
    (span,) = reason.spans
    assert span.text == cue and comment[span.start:span.end] == cue


@pytest.mark.parametrize(("comment", "article", "cue"), QUESTIONS[:2] + OTHER_STORIES[:2])
def test_a_question_cue_just_under_the_reject_probability_goes_to_review(comment, article, cue):
    check = _check((READER_QUESTION_REVIEW_P + READER_QUESTION_P) / 2)
    result = check(Context(Submission(comment), article))
    assert result.scores[CATEGORY] == check.map.review < READER_QUESTION_SCORE
    (reason,) = result.reasons
    assert reason.source == "rule" and reason.spans[0].text == cue


@pytest.mark.parametrize(
    ("comment", "article"),
    [
        ("وين صار موضوع الدعم اللي وعدونا فيه", AR_STORY),  # no question mark
        ("ليش الاسعار هيك؟", AR_STORY),  # no cue: a question about the story
        ("What happened at the festival was great?", EN_STORY),
        ("The Ammon report on the budget was misleading", EN_STORY),  # not addressed
        ("The Ammon follow up on the budget was good", EN_STORY),  # not addressed either
        ("Power cut in Marka again. Ammon please follow up on this", EN_STORY),  # this story
        ("Ammon, please report on this every day until it is fixed", EN_STORY),
        ("Ammon please look into the story again, the numbers look wrong", EN_STORY),
        ("Ammon please write something about this, the price is too high", EN_STORY),
        # present tense said to officials, a deletion not asked of the site: this story's
        ("ليش ما بتحكوا الحقيقة للناس؟", AR_STORY),
        ("ليش ما بتنشروا كل التفاصيل؟", AR_STORY),
        ("ليش شلتوا الخبر؟ كان فيه اسم المتهم", AR_STORY),
        ("Anyone know this site https://x.jo/list?page=2 it has the schedule", EN_STORY),
    ],
)
def test_no_question_or_no_cue_is_no_other_story_question(comment, article):
    result = _check(0.9)(Context(Submission(comment), article))
    assert all(r.source == "model" for r in result.reasons)


@pytest.mark.parametrize("comment", [
    OTHER_STORIES[0][0],
    # The same words about the story itself: the model's low P, not the cue, decides.
    "ليش ما حدا بحكي عن الاسعار؟",
    "Ammon, please write about the prices in Irbid too",
])
def test_a_question_cue_with_a_low_probability_is_published_by_the_model(comment):
    article = AR_STORY if not comment.isascii() else EN_STORY
    ctx = Context(Submission(comment), article)
    check = _check(cue_floors(ctx.language)[0] - 0.02)
    result = check(ctx)
    (reason,) = result.reasons
    assert reason.source == "model" and result.scores[CATEGORY] < check.map.review


@pytest.mark.parametrize(("p_off", "english", "arabic"), [
    (0.08, "model", "model"), (0.15, "review", "model"), (0.22, "review", "review"),
    (0.32, "reject", "reject"),
])
def test_an_english_cue_counts_from_a_lower_probability_than_an_arabic_one(p_off, english,
                                                                          arabic):
    # The English relevance fit scores every comment lower: its cue floors are lower too.
    def outcome(comment, article):
        check = _check(p_off)
        result = check(Context(Submission(comment), article))
        (reason,) = result.reasons
        if reason.source == "model":
            return "model"
        return "reject" if result.scores[CATEGORY] == READER_QUESTION_SCORE else "review"

    # (A public service the story never names is decided by its own rule: not asked here.)
    assert outcome("Does anyone know if the downtown bakeries open on Saturday?",
                   EN_STORY) == english
    assert outcome("حدا بيعرف اذا مخابز البلد بتفتح السبت؟", AR_STORY) == arabic


JOKES = [
    ("خلص بطلنا ناكل سلطة، صارت من الكماليات زي اللحمة 😂😂", AR_STORY),
    ("هههههه البندورة صارت بالحبة", AR_STORY),
    ("I need a therapist after that last-minute save lol", EN_STORY),
    ("Great, so the tickets cost more than my rent 🙃", EN_STORY),
]


@pytest.mark.parametrize(("comment", "article"), JOKES)
def test_a_joke_the_model_is_unsure_of_is_not_sent_to_review(comment, article):
    check = _check(JOKE_MAX_P - 0.1)
    result = check(Context(Submission(comment), article))
    assert result.scores[CATEGORY] < check.map.review
    assert result.caps[CATEGORY] == "review" and result.reasons[0].params["joke"] == "1"


@pytest.mark.parametrize(
    ("comment", "p"),
    [
        ("مبروك للنشامى الفوز 😂😂", JOKE_MAX_P + 0.1),  # a confident off-topic joke
        ("حدا بيعرف وين في بندورة رخيصة؟ 😂", READER_QUESTION_P + 0.05),  # a question decides
        ("البندورة صارت بالحبة", JOKE_MAX_P - 0.1),  # no laughter: the model's score
    ],
)
def test_a_confident_score_a_question_or_no_laughter_is_not_a_joke(comment, p):
    result = _check(p)(Context(Submission(comment), AR_STORY))
    assert all("joke" not in r.params for r in result.reasons)
    assert result.caps.get(CATEGORY) != "review"
