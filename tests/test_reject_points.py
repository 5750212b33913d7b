"""The reject-point explainer reads the tuner's first step candidate by candidate."""

from __future__ import annotations

import numpy as np
import pytest

from model.verdict import CATEGORIES
from training.reject_points import reject_candidates
from training.tuning_evidence import Evidence


def _evidence(probs, off_topic):
    n, k = len(probs), len(CATEGORIES)
    j = CATEGORIES.index("off_topic")
    gold = np.zeros((n, k), dtype=int)
    gold[:, j] = off_topic
    prob = np.zeros((n, k))
    prob[:, j] = probs
    has_model = np.zeros((n, k), dtype=bool)
    has_model[:, j] = True
    no = np.zeros((n, k), dtype=bool)
    return Evidence(language=np.array(["ar"] * n), gold=gold, rule_reject=no, rule_review=no,
                    hold=np.zeros(n, dtype=bool), banned=np.zeros(n, dtype=bool), prob=prob,
                    has_model=has_model, cap_review=no, cap_reject=no)


def test_an_acceptable_comment_at_the_top_shows_as_the_precision_that_stops_the_search():
    ev = _evidence([0.95, 0.9, 0.85, 0.8, 0.3, 0.2], [0, 1, 1, 1, 0, 0])
    found = reject_candidates(ev, "ar", "off_topic", top=4)
    assert [c.rows for c in found] == [1, 2, 3, 4]
    assert [c.precision for c in found] == pytest.approx([0.0, 0.5, 2 / 3, 0.75])
    # the acceptable comment at 0.95 is rejected at every one of these points (1 of 3)
    assert all(c.false_reject == pytest.approx(1 / 3) for c in found)
    assert found[0].point > 0.9 > found[-1].point


def test_a_clean_top_reaches_full_precision_and_rejects_nothing_acceptable():
    ev = _evidence([0.95, 0.9, 0.3, 0.2], [1, 1, 0, 0])
    first, second = reject_candidates(ev, "ar", "off_topic", top=2)
    assert (first.precision, second.precision) == (1.0, 1.0)
    assert first.false_reject == second.false_reject == 0.0
    assert reject_candidates(ev, "en", "off_topic") == []  # no rows of that language
