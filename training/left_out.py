"""Stored left-out-article fits for the tuning rows (``training.tune_operating_points``).

The news heads and the off-topic news refit are fitted on the tuning rows themselves; each
stores, per row, what the fit that left the row's article out gave it, and the tuning reads
those instead of the shipped fits' in-sample scores.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from model.verdict import CATEGORIES

if TYPE_CHECKING:
    from training.tuning_evidence import Evidence, Row


def with_news(rows: list[Row], ev: Evidence, shipped: Mapping[str, Any]) -> Evidence:
    """Model probabilities moved by each row's stored left-out-article news margin."""
    from training import news_heads as nh

    cols = [CATEGORIES.index(c) for c in shipped["categories"]]
    margins = nh.stored_margins(shipped, [c for c, _ in rows])
    prob = ev.prob.copy()
    for k, j in enumerate(cols):
        has = ev.has_model[:, j]
        prob[has, j] = nh.add_margins(ev.prob[has, j], margins[has, k])
    return type(ev)(**{**vars(ev), "prob": prob})


def with_offtopic(engine: Any, rows: list[Row], ev: Evidence) -> Evidence:
    """Off-topic probabilities from the news refit that did not see each row's article.

    ``training.refit_offtopic`` fits the shipped off-topic weights on these rows and stores,
    per row, the probability of the fit without its article; the operating points (the reject
    point's precision above all) are chosen on those, not on in-sample probabilities.
    """
    from training.news_heads import row_key

    check = next((c for c in engine.checks if getattr(c, "name", "") == "off_topic"), None)
    semantic = getattr(check, "semantic", None)
    table = (semantic.metadata.get("left_out") if semantic is not None else None) or {}
    if not table:
        return ev
    j = CATEGORIES.index("off_topic")
    prob = ev.prob.copy()
    for i, (case, _) in enumerate(rows):
        if not ev.has_model[i, j]:
            continue
        key = row_key(case)
        if key not in table:
            raise SystemExit(f"the off-topic refit was fitted on other tuning rows ({case['id']} "
                             "missing): run python -m training.refit_offtopic")
        prob[i, j] = table[key]
    return type(ev)(**{**vars(ev), "prob": prob})
