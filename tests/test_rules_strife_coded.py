"""Coded strife: loyalty and origin insinuations that name no group outright."""

from __future__ import annotations

import pytest

from model.verdict import Context, Submission
from service.policy.rules.strife import StrifeRules


@pytest.fixture(scope="module")
def strife() -> StrifeRules:
    return StrifeRules()


def score(check: StrifeRules, comment: str) -> float:
    return check(Context(Submission(comment=comment), None)).scores.get("strife", 0.0)


@pytest.mark.parametrize(("comment", "rejected"), [
    ("the companies run by people whose loyalty is across the river get everything, and the "
     "real sons of this land get the crumbs", True),
    ("Farms across the river were flooded too, the real sons of this land deserve better "
     "roads", False),  # one nativist phrase alone asks for review at most
    ("التجار من اصول معينه كلهم حرامية وبيمصوا دم الناس", True),
    ("أصول القهوة معينة بالبرازيل", False),
])
def test_loyalty_across_the_river_and_certain_origins_are_coded_strife(strife, comment, rejected):
    assert (score(strife, comment) >= 0.8) is rejected
