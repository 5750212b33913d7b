"""Scoring the off-topic relevance model: grouped cross-validation, operating points, metrics.

The LR's C is chosen by grouped 5-fold cross-validation on the training pairs; the out-of-fold
predictions also set the operating points (review/reject thresholds on P(off-topic)).  The
metrics treat off-topic as the positive class.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np
from sklearn.metrics import average_precision_score, f1_score, log_loss, roc_auc_score
from sklearn.model_selection import GroupKFold

from model.relevance import OperatingPoints, Scorer
from training.relevance_data import Pair

C_GRID = (0.01, 0.03, 0.1, 0.3, 1.0, 3.0)
FOLDS = 5
# "Reject only when confident": the reject threshold is the lowest P(off-topic) at which the
# out-of-fold off-topic precision is at least this with 95% confidence (Wilson lower bound).
REJECT_PRECISION = 0.90
MIN_REJECT_SUPPORT = 100
MIN_SOURCE_SUPPORT = 20
NEVER_REJECT = 0.99
REVIEW_P = 0.5


def _ece(y: np.ndarray, p: np.ndarray, bins: int = 10) -> float:
    edges = np.linspace(0, 1, bins + 1)
    idx = np.clip(np.digitize(p, edges[1:-1]), 0, bins - 1)
    err = 0.0
    for b in range(bins):
        mask = idx == b
        if mask.any():
            err += mask.mean() * abs(p[mask].mean() - y[mask].mean())
    return err


def scores(off: np.ndarray, p: np.ndarray, points: OperatingPoints) -> dict[str, Any]:
    """ROC AUC, PR AUC (off-topic = positive), F1 at 0.5 and the policy bands."""
    out: dict[str, Any] = {"pairs": int(len(off)), "off_topic": int(off.sum())}
    if len(set(off.tolist())) < 2:
        return out
    reject = p >= points.reject
    review = (p >= points.review) & ~reject
    out.update({
        "roc_auc": round(float(roc_auc_score(off, p)), 4),
        "pr_auc": round(float(average_precision_score(off, p)), 4),
        "f1_at_0.5": round(float(f1_score(off, p >= 0.5)), 4),
        "brier": round(float(np.mean((p - off) ** 2)), 4),
        "ece": round(_ece(off, p), 4),
        "reject_band": {
            "share": round(float(reject.mean()), 4),
            "precision": round(float(off[reject].mean()), 4) if reject.any() else None,
            "recall": round(float(reject[off == 1].mean()), 4),
        },
        "review_band": {
            "share": round(float(review.mean()), 4),
            "off_topic_rate": round(float(off[review].mean()), 4) if review.any() else None,
        },
        "on_topic_rejected": round(float(reject[off == 0].mean()), 4),
    })
    return out


def wilson_lower(hits: int, n: int, z: float = 1.96) -> float:
    """Wilson lower bound of a proportion (95% two-sided; 0 when there is no data)."""
    if n == 0:
        return 0.0
    p = hits / n
    centre = p + z * z / (2 * n)
    margin = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return (centre - margin) / (1 + z * z / n)


def reject_threshold(off: np.ndarray, p: np.ndarray, sources: np.ndarray) -> tuple[float, dict]:
    """Lowest P(off-topic) at which off-topic precision is confidently high (out-of-fold).

    Confident = at least :data:`MIN_REJECT_SUPPORT` pairs above the threshold, the 95% lower bound
    of their precision is at least :data:`REJECT_PRECISION`, and no training source with enough
    pairs above it falls short of that precision.  When no threshold qualifies the model never
    rejects (0.99).
    """
    grid = np.round(np.arange(REVIEW_P, 0.995, 0.01), 2)
    table = {}
    chosen = None
    for t in grid:
        sel = p >= t
        n, hits = int(sel.sum()), int(off[sel].sum())
        lower = wilson_lower(hits, n)
        per_source_ok = all(
            off[sel & (sources == s)].mean() >= REJECT_PRECISION
            for s in np.unique(sources)
            if (sel & (sources == s)).sum() >= MIN_SOURCE_SUPPORT
        )
        table[f"{t:.2f}"] = {
            "pairs": n,
            "precision": round(hits / n, 4) if n else None,
            "precision_lower_95": round(lower, 4),
            "recall": round(float(sel[off == 1].mean()), 4),
        }
        enough = n >= MIN_REJECT_SUPPORT
        if chosen is None and enough and lower >= REJECT_PRECISION and per_source_ok:
            chosen = float(t)
    return (chosen if chosen is not None else NEVER_REJECT), table


def cross_validate(
    x: np.ndarray, off: np.ndarray, groups: np.ndarray
) -> tuple[float, dict, np.ndarray]:
    """Grouped k-fold over C; returns the best C, the log-loss table and its OOF predictions."""
    folds = list(GroupKFold(n_splits=FOLDS).split(x, off, groups))
    table: dict[str, float] = {}
    best: tuple[float, float, np.ndarray] | None = None
    for c in C_GRID:
        oof = np.zeros(len(off))
        for tr, te in folds:
            oof[te] = Scorer.fit(x[tr], off[tr], c=c).proba(x[te])
        loss = float(log_loss(off, np.clip(oof, 1e-6, 1 - 1e-6)))
        table[str(c)] = round(loss, 5)
        if best is None or loss < best[1]:
            best = (c, loss, oof)
    assert best is not None
    return best[0], table, best[2]


def by_source(pairs: Sequence[Pair], off: np.ndarray, p: np.ndarray,
              points: OperatingPoints) -> dict[str, Any]:
    """Per-source scores."""
    src = np.array([q.source for q in pairs])
    return {s: scores(off[src == s], p[src == s], points) for s in sorted(set(src.tolist()))}

