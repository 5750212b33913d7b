"""A public body's link or the story's own hotline is no advert for the spam classifier."""

from __future__ import annotations

import pytest

from service.core import Article, CheckResult, Context, Reason, Submission
from service.policy.references import ReferenceGuard, cites_reference
from service.policy.rules import SpamRules

STORY = Article(
    "gas", "طوابير على الغاز في إربد",
    "داعياً المواطنين إلى الإبلاغ عن أي تجاوز عبر الرقم المجاني 080022117.", language="ar")


@pytest.fixture(scope="module")
def rules() -> SpamRules:
    return SpamRules()


class _Fixed:
    """A classifier stand-in answering one spam probability."""

    name = "classifier"

    def __call__(self, c: Context) -> CheckResult:
        return CheckResult(scores={"spam": 0.99, "offense": 0.4},
                           reasons=[Reason(code="spam", source="model", score=0.99)],
                           probabilities={"spam": 0.99, "offense": 0.4})


@pytest.mark.parametrize("comment", [
    "للي بدو يشتكي: الرقم المجاني 080022117 اللي بالخبر شغال، اتصلت امبارح",
    "لمن بده يعرف أكثر: https://www.who.int/news-room/fact-sheets/detail/brucellosis",
    "the forms are on https://moh.gov.jo/Default/Ar if anyone needs them",
    "الرقم ٠٨٠٠٢٢١١٧ شغال",  # Arabic-Indic digits of the story's number
    "the ministry's page moh.gov.jo/forms has it, and https://www.who.int, too.",  # bare, punct.
])
def test_a_reference_or_the_storys_number_caps_the_models_spam(rules, comment):
    ctx = Context(Submission(comment), STORY)
    assert cites_reference(ctx, rules)
    guarded = ReferenceGuard(_Fixed(), rules)(ctx)
    assert guarded.caps == {"spam": "review"}
    assert guarded.reasons[0].params["guard"] == "reference"
    assert ReferenceGuard(_Fixed(), rules).batch([ctx])[0].caps == {"spam": "review"}


@pytest.mark.parametrize("comment", [
    "اطلب جرة الغاز توصيل للبيت 0799123456 واتساب",  # a number the story does not print
    "https://who.int says so, and buy cheap pills at www.pills-jo.example",  # an advert's too
    "تأشيرات عمل لكندا مضمونة، التفاصيل على https://moi.gov.jo وراسلونا ع الانستا",
    "https://cheap-pills.buzz?ref=moh.gov.jo",  # the reference only in the query string
    "best odds at lucky.bet, source moh.gov.jo",  # a host the rules cannot place beside it
    "عروض الغاز 080022117 خصم 20% اتصل الآن",  # the story's number with an advert's words
    "الغاز نار والحكومة نايمة",  # nothing cited
])
def test_an_advert_or_a_comment_citing_nothing_keeps_the_models_spam(rules, comment):
    ctx = Context(Submission(comment), STORY)
    assert not cites_reference(ctx, rules)
    assert ReferenceGuard(_Fixed(), rules)(ctx).caps == {}


@pytest.mark.parametrize(("comment", "untrusted"), [
    ("https://[bad", True),  # a bracket urlsplit refuses: no host to trust, a link all the same
    ("http://a:99999", True),
    ("https://who.int?x=[", False),  # the host is plain; the query does not matter
])
def test_malformed_links_are_read_without_error(rules, comment, untrusted):
    ctx = Context(Submission(comment), STORY)
    assert (rules(ctx).scores.get("spam", 0.0) > 0) is untrusted
    assert cites_reference(ctx, rules) is not untrusted
