"""Spam cues the story itself explains: its prices and its own commercial words."""

from __future__ import annotations

import pytest

from service.core import Article, Context, Submission
from service.policy.rules import SpamRules

AIRLINE = Article(
    id="airline", language="en", title="Low-cost carrier opens Queen Alia base",
    body="The carrier offers the cheapest fares from JD29 as the departure tax climbs to JD45.",
)
VOTES = Article(
    id="votes", language="ar", title="شراء أصوات في انتخابات الغرفة",
    body="قال مرشحون إن أصواتاً عُرضت للبيع مقابل 100 دينار للصوت.",
)
OTHER = Article(id="other", language="en", title="Rain expected", body="Rain is expected.")


def spam_score(comment: str, article: Article | None) -> float:
    return SpamRules()(Context(Submission(comment), article)).scores.get("spam", 0.0)


@pytest.mark.parametrize(("comment", "article"), [
    ("JD45 to leave the country and they call it the cheap airline era, come on.", AIRLINE),
    ("اجاني واحد عرض علي 100 دينار، قلتله صوتي مش للبيع", VOTES),
])
def test_a_price_or_commercial_word_the_story_uses_is_the_reader_quoting_it(comment, article):
    assert spam_score(comment, article) < 0.5
    # under another story the same words are still an advertiser's
    assert spam_score(comment, OTHER) >= 0.5


@pytest.mark.parametrize("comment", [
    "Cheap flights to Istanbul from JD19 only this week",  # a price of its own
    "Cheap flights, special offer, JD29 only",  # an advert's several commercial words
])
def test_the_storys_word_beside_the_commenters_own_offer_is_still_an_advert(comment):
    assert spam_score(comment, AIRLINE) >= 0.5


def test_a_link_or_phone_counts_whatever_the_story_says():
    advert = "Cheap flights from JD29! book now www.cheap-flights.example or call 0791234567"
    assert spam_score(advert, AIRLINE) >= 0.8


@pytest.mark.parametrize(("comment", "flagged"), [
    # a sum the reader reckons with is no price offered, beside any promotional word
    ("Quick math: 27,000 students, almost JD5 million, minus the 600 free ones", False),
    ("JD2.5bn of debt and they hand out free tablets", False),
    # a price with Arabizi "mn" (from) or a spaced "m" after it is still an advert's
    ("laptop JD 300 mn el wakeel, free delivery", True),
    ("car rental only JD 3 m delivery free", True),
])
def test_a_sum_in_millions_is_no_price(comment, flagged):
    assert (spam_score(comment, OTHER) >= 0.5) is flagged
