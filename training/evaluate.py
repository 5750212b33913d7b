"""Metrics for the classifiers: held-out tables, leave-one-dataset-out, baseline comparison.

Nothing here fits a model on the rows it scores: callers pass predictions for rows that were
never used for fitting or for choosing thresholds (see ``training/classifier_splits.py``).
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from sklearn.metrics import (
    average_precision_score,
    precision_recall_curve,
    precision_recall_fscore_support,
    roc_auc_score,
)

log = logging.getLogger(__name__)

# The targets: (dataset or "all-<language>", category, metric, minimum); a minimum of
# None means "report the figure" (strife F1 per language has no number attached).
TARGETS: tuple[tuple[str, str, str, float | None], ...] = (
    ("osact2020", "offense", "macro_f1", 0.85),
    ("olid", "offense", "macro_f1", 0.78),
    ("lhsab", "offense", "macro_f1", 0.85),
    ("all-ar", "strife", "f1", None),
    ("all-en", "strife", "f1", None),
)
CURVE_POINTS = 60


def _round(x: float | None) -> float | None:
    return None if x is None or (isinstance(x, float) and math.isnan(x)) else round(float(x), 4)


def binary_metrics(y: Sequence[int], p: Sequence[float], threshold: float) -> dict[str, Any]:
    """Precision/recall/F1 of the positive class, macro-F1, ROC AUC and PR AUC at ``threshold``.

    AUCs are None when the rows hold a single class (they are undefined there).
    """
    y = np.asarray(y, dtype=int)
    p = np.asarray(p, dtype=float)
    pred = (p >= threshold).astype(int)
    prec, rec, f1, _ = precision_recall_fscore_support(y, pred, labels=[0, 1], zero_division=0)
    both = 0 < y.sum() < len(y)
    return {
        "n": int(len(y)),
        "positives": int(y.sum()),
        "threshold": _round(threshold),
        "precision": _round(prec[1]),
        "recall": _round(rec[1]),
        "f1": _round(f1[1]),
        "macro_f1": _round((f1[0] + f1[1]) / 2) if both else None,
        "roc_auc": _round(roc_auc_score(y, p)) if both else None,
        "pr_auc": _round(average_precision_score(y, p)) if both else None,
    }


def best_threshold(y: Sequence[int], p: Sequence[float], default: float = 0.5) -> float:
    """The threshold maximising macro-F1 on ``(y, p)`` (``default`` without both classes).

    Macro-F1 rather than the positive class's F1: it is the figure the targets are set in, and
    it does not push the threshold down on sets where positives are rare.
    """
    y = np.asarray(y, dtype=int)
    p = np.asarray(p, dtype=float)
    n, pos = len(y), int(y.sum())
    if not 0 < pos < n:
        return default
    order = np.argsort(-p, kind="stable")
    ps, ys = p[order], y[order]
    tp = np.cumsum(ys)
    fp = np.cumsum(1 - ys)
    fn, tn = pos - tp, n - pos - fp
    macro = (tp / np.maximum(2 * tp + fp + fn, 1) + tn / np.maximum(2 * tn + fn + fp, 1))
    # Only cut where the score changes: tied rows fall on the same side of a threshold.
    cut = np.r_[ps[1:] != ps[:-1], True]
    best = int(np.flatnonzero(cut)[np.argmax(macro[cut])])
    return float(ps[best])


def pr_curve(y: Sequence[int], p: Sequence[float], points: int = CURVE_POINTS) -> dict | None:
    """A downsampled precision-recall curve (for the model card's plots), None if one class."""
    y = np.asarray(y, dtype=int)
    if not 0 < y.sum() < len(y):
        return None
    precision, recall, _ = precision_recall_curve(y, np.asarray(p, dtype=float))
    keep = np.unique(np.linspace(0, len(recall) - 1, min(points, len(recall))).astype(int))
    return {"recall": [round(float(r), 4) for r in recall[keep]],
            "precision": [round(float(v), 4) for v in precision[keep]]}


@dataclass(frozen=True, slots=True)
class Scored:
    """Held-out predictions of one category for one group of rows."""

    group: str  # dataset name, or "all-<language>"
    language: str
    category: str
    y: np.ndarray
    p: np.ndarray
    threshold: np.ndarray  # per row (the threshold of the row's language)


def metrics_row(s: Scored, **extra: Any) -> dict[str, Any]:
    """One table row: group, language, category and :func:`binary_metrics` (per-row thresholds)."""
    pred_at = (s.p >= s.threshold).astype(float)
    # binary_metrics thresholds a single value; per-row thresholds are applied beforehand.
    row = binary_metrics(s.y, pred_at, 0.5)
    auc = binary_metrics(s.y, s.p, 0.5)
    row.update(roc_auc=auc["roc_auc"], pr_auc=auc["pr_auc"])
    ts = np.unique(s.threshold)
    row["threshold"] = _round(float(ts[0])) if len(ts) == 1 else "per language"
    return {"group": s.group, "language": s.language, "category": s.category, **row, **extra}


def group_scores(
    groups: Iterable[tuple[str, str, str, np.ndarray]],
    y: Mapping[str, np.ndarray],
    p: Mapping[str, np.ndarray],
    thresholds: Mapping[str, np.ndarray],
) -> list[Scored]:
    """Cut per-category prediction arrays into :class:`Scored` groups (group, lang, cat, idx)."""
    return [Scored(g, lang, cat, y[cat][idx], p[cat][idx], thresholds[cat][idx])
            for g, lang, cat, idx in groups]


def target_report(rows: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Each target with the figure reached (None when the set was not evaluated)."""
    out = []
    for group, category, metric, minimum in TARGETS:
        hit = next((r for r in rows if r["group"] == group and r["category"] == category), None)
        value = hit.get(metric) if hit else None
        met = None if minimum is None else (value is not None and value >= minimum)
        out.append({"group": group, "category": category, "metric": metric, "target": minimum,
                    "value": value, "met": met})
    return out


def profanity_check_probabilities(texts: Sequence[str]) -> np.ndarray | None:
    """alt-profanity-check's probabilities (None when the package is not installed)."""
    try:
        from profanity_check import predict_prob
    except ImportError:
        log.warning("alt-profanity-check is not installed: baseline comparison skipped")
        return None
    if not texts:
        return np.zeros(0)
    return np.asarray(predict_prob(list(texts)), dtype=float)


def compare_with_baseline(
    ours: Sequence[Scored], baseline: Mapping[tuple[str, str], np.ndarray]
) -> list[dict[str, Any]]:
    """Side-by-side rows: our model at its thresholds, the baseline at its default 0.5."""
    rows = []
    for s in ours:
        base_p = baseline.get((s.group, s.category))
        if base_p is None:
            continue
        mine = metrics_row(s)
        theirs = binary_metrics(s.y, base_p, 0.5)
        better = (mine["macro_f1"] is not None and theirs["macro_f1"] is not None
                  and mine["macro_f1"] > theirs["macro_f1"])
        rows.append({"group": s.group, "language": s.language, "category": s.category,
                     "n": mine["n"], "positives": mine["positives"],
                     "raqib": {k: mine[k] for k in ("precision", "recall", "f1", "macro_f1",
                                                   "roc_auc", "pr_auc")},
                     "alt_profanity_check": {k: theirs[k] for k in ("precision", "recall", "f1",
                                                                   "macro_f1", "roc_auc",
                                                                   "pr_auc")},
                     "raqib_better_macro_f1": better})
    return rows


def baseline_summary(rows: Sequence[Mapping[str, Any]]) -> dict[str, list[str]]:
    """English offense sets where Raqib's macro-F1 beats alt-profanity-check, and where not."""
    offense = [r for r in rows if r["category"] == "offense" and not r["group"].startswith("all-")]
    return {"better": [r["group"] for r in offense if r["raqib_better_macro_f1"]],
            "not_better": [r["group"] for r in offense if not r["raqib_better_macro_f1"]]}


def promotion_decision(
    candidate: Mapping[str, float | None],
    current: Mapping[str, float | None],
    tolerance: float = 0.005,
) -> tuple[bool, list[str]]:
    """Promote unless some category's macro-F1 drops by more than ``tolerance``.

    Both mappings are category -> macro-F1 on the same evaluation rows.  Returns the decision and
    one line per category explaining it.
    """
    ok = True
    lines = []
    for cat in sorted(set(candidate) | set(current)):
        new, old = candidate.get(cat), current.get(cat)
        if new is None or old is None:
            lines.append(f"{cat}: candidate {new}, current {old} (not comparable, ignored)")
            continue
        worse = new < old - tolerance
        ok = ok and not worse
        verdict = "WORSE" if worse else "ok"
        lines.append(f"{cat}: candidate {new:.4f} vs current {old:.4f} ({verdict}, "
                     f"tolerance {tolerance})")
    return ok, lines


def leave_one_dataset_out(
    datasets: Sequence[tuple[str, str, str]],
    run: Callable[[str, str, str], Scored | None],
) -> list[dict[str, Any]]:
    """Run ``run(dataset, language, category)`` for each held-out dataset and tabulate it."""
    rows = []
    for name, language, category in datasets:
        scored = run(name, language, category)
        if scored is None:
            continue
        rows.append(metrics_row(scored))
    return rows
