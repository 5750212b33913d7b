"""Helpful references: a public body's link or the story's own hotline is no advert.

The site's guidelines say a link or a number that is part of the discussion is not spam ("a
ministry hotline mentioned helpfully").  The spam rules already skip such links
(``REFERENCE_DOMAINS`` and the site's own ``SITE_DOMAINS``) and read no phone in a toll-free or
short hotline number, but the spam classifier learned from adverts that any URL or long digit
run is one, and scores "the free number in the story works, I called it yesterday" or a WHO
fact sheet 0.9-0.99.  (A mobile number the story prints is still a phone cue for the rules, so
the guard never applies to it.)

:class:`ReferenceGuard` wraps the classifier check and caps its spam score under the review
threshold (``caps["spam"] = "review"``) when the comment cites a reference (a link to one of
those domains, with no other link or host-shaped word beside it, or a number of five digits or
more that the article itself prints) and the spam
rules find nothing anywhere in it (no other link, handle, phone, price, messenger or
advertiser's word).  On the tuning rows of the tenth session (a throwaway script over
``collect_tuning``'s evidence) the classifier scored four such comments at 0.91-0.998, all
acceptable.  The guard is as safe as the rules' recall: an advert
citing a ministry link in words the spam lexicon lacks is published.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from service.core import CheckResult, Context
from service.policy.guard import CheckGuard
from service.policy.rules.spam import SpamRules, ascii_digits, is_reference_link, written_links

CATEGORY = "spam"
_DIGIT_RUN = re.compile(r"\d[\d \-]{3,}\d")
MIN_DIGITS = 5


def _numbers(text: str) -> set[str]:
    plain = ascii_digits(text)
    runs = (re.sub(r"\D", "", m.group()) for m in _DIGIT_RUN.finditer(plain))
    return {r for r in runs if len(r) >= MIN_DIGITS}


@lru_cache(maxsize=256)
def _story_numbers(title: str, body: str) -> frozenset[str]:
    return frozenset(_numbers(f"{title}\n{body}"))


def cites_reference(ctx: Context, spam_rules: SpamRules) -> bool:
    """Whether the comment cites a public reference or the story's own number, with no spam cue."""
    text = ctx.submission.comment
    allowed = spam_rules.allowed_domains
    links = written_links(text)
    if not all(is_reference_link(link, allowed) for link in links):
        return False  # a link or host it cannot place: no comment that has one is vouched for
    cited = bool(links)
    if not cited and ctx.article is not None:
        mine = _numbers(text)  # the comment's first: most have none, and the story is long
        cited = bool(mine) and bool(mine & _story_numbers(ctx.article.title, ctx.article.body))
    return cited and not spam_rules(ctx).scores.get(CATEGORY, 0.0)


class ReferenceGuard(CheckGuard):
    """Wraps the classifier check; caps its spam score on comments that cite a reference."""

    def __init__(self, inner, spam_rules: SpamRules):
        super().__init__(inner)
        self.spam_rules = spam_rules

    def _guard(self, ctx: Context, result: CheckResult) -> CheckResult:
        if CATEGORY not in result.probabilities or not cites_reference(ctx, self.spam_rules):
            return result
        reasons = [replace(r, params={"guard": "reference", **r.params})
                   if r.code == CATEGORY else r for r in result.reasons]
        return replace(result, reasons=reasons, caps={**result.caps, CATEGORY: "review"})
