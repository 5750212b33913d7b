"""A comment that opens by declaring itself off-topic is rejected by that rule."""

from __future__ import annotations

import pytest

from model.verdict import Article, Context, Submission
from service.policy.off_topic import CATEGORY, DECLARED_SCORE, OffTopicCheck
from tests.off_topic_support import shipped_relevance

FESTIVAL = Article("fest", "Jerash festival opens", "The festival opens on Friday with music.",
                   "en")
AR_STORY = Article("prices", "ارتفاع اسعار البندورة", "ارتفعت اسعار البندورة في السوق المركزي.",
                   "ar")


@pytest.fixture(scope="module")
def check() -> OffTopicCheck:
    return OffTopicCheck(shipped_relevance())


@pytest.mark.parametrize(
    ("comment", "article"),
    [
        ("Off topic but is the Jordan Museum open on Fridays?", FESTIVAL),
        ("OT: anyone know a good dentist in Irbid", FESTIVAL),
        ("Sorry, slightly off-topic, but why is the BRT still closed?", FESTIVAL),
        ("Not related to the article but the internet is down again", FESTIVAL),
        ("عذراً خارج الموضوع بس متى بنزل دعم الخبز", AR_STORY),
        ("سؤال خارج الموضوع: وين بجدد الجواز؟", AR_STORY),
        ("بعيد عن الموضوع، مين فاز امبارح؟", AR_STORY),
    ],
)
def test_a_comment_declaring_itself_off_topic_is_rejected_with_the_words_as_evidence(
    check, comment, article
):
    result = check(Context(Submission(comment), article))
    assert result.scores[CATEGORY] == DECLARED_SCORE
    (reason,) = result.reasons
    assert reason.source == "rule" and reason.params == {"declared": "1"}
    span = reason.spans[0]
    assert span.start == 0 and comment[span.start:span.end] == span.text
    assert span.text.rstrip(" :,،-").lower().endswith(("topic", "ot", "article", "but", "بس",
                                                       "الموضوع"))


@pytest.mark.parametrize(
    ("comment", "article"),
    [
        ("This is not off topic at all: the festival's prices matter", FESTIVAL),
        ("The unrelated acts on the programme are the best part", FESTIVAL),
        ("كلام الوزير خارج الموضوع تماما، البندورة صارت بدينار", AR_STORY),
        ("بعيد عن الموضوعية هذا التقرير، الاسعار اعلى", AR_STORY),  # objectivity, not topic
        ("Unrelated people always pay the price for these decisions", FESTIVAL),
        ("Off topic remarks by the minister don't help", FESTIVAL),
        ('"Off topic"? Not at all, the prices are the story', FESTIVAL),  # disputing the charge
        ("خارج الموضوع؟ بالعكس هذا صلب الموضوع", AR_STORY),
    ],
)
def test_off_topic_words_elsewhere_in_a_comment_are_no_declaration(check, comment, article):
    result = check(Context(Submission(comment), article))
    assert not any(r.params.get("declared") for r in result.reasons)
