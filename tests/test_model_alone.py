"""training.model_alone: which rejections the models made, counted by path and kind."""

from __future__ import annotations

import numpy as np

from model.verdict import CATEGORIES
from training import tune_operating_points as top
from training.model_alone import ALONE, CUED, count_rejections, format_counts


def _evidence(prob, gold, rule_reject=None, rule_review=None, cap_reject=None):
    n = len(prob)
    shape = (n, len(CATEGORIES))
    none = np.zeros(shape, dtype=bool)
    return top.Evidence(
        language=np.array(["ar"] * n), gold=np.array(gold), hold=np.zeros(n, bool),
        banned=np.zeros(n, bool), prob=np.array(prob), has_model=np.ones(shape, dtype=bool),
        rule_reject=none if rule_reject is None else np.array(rule_reject),
        rule_review=none if rule_review is None else np.array(rule_review),
        cap_review=none, cap_reject=none if cap_reject is None else np.array(cap_reject))


def _row(offense=0.0, strife=0.0):
    row = [0.0] * len(CATEGORIES)
    row[CATEGORIES.index("offense")], row[CATEGORIES.index("strife")] = offense, strife
    return row


def test_rejections_are_counted_by_path_and_by_what_the_comment_was():
    off = CATEGORIES.index("offense")
    prob = [_row(offense=0.95), _row(offense=0.95), _row(offense=0.95, strife=0.6),
            _row(offense=0.7), _row(offense=0.95), _row(offense=0.95)]
    gold = [_row(offense=1), _row(), _row(strife=1), _row(offense=1), _row(offense=1),
            _row(offense=1)]
    review = np.zeros((6, len(CATEGORIES)), dtype=bool)
    review[3, off] = True  # a rule's review cue with the model at 0.7: corroborated
    rule_reject = np.zeros_like(review)
    rule_reject[4, off] = True  # a rule rejects it anyway: not the model's doing
    cap = np.zeros_like(review)
    cap[5, off] = True  # the model was capped: it could not reject
    ev = _evidence(prob, gold, rule_reject=rule_reject, rule_review=review, cap_reject=cap)
    p_reject = np.full(ev.prob.shape, 1.0)
    p_reject[:, off] = 0.9
    p_corr = np.full(ev.prob.shape, 1.0)
    p_corr[:, off] = 0.6
    counts = count_rejections(ev, p_reject, p_corr, CATEGORIES)
    assert counts == {("offense", "ar", ALONE, "right"): 1,
                      ("offense", "ar", ALONE, "acceptable"): 1,
                      ("offense", "ar", ALONE, "other"): 1,
                      ("offense", "ar", CUED, "right"): 1}
    table = format_counts(counts)
    alone_row = next(line for line in table if f"| {ALONE} |" in line)
    assert alone_row.endswith("| 3 | 1 | 1 | 1 | 0.67 |")
