"""Why a model has a reject point or none: the tuner's first step, candidate by candidate.

Usage::

    python -m training.reject_points LANG CATEGORY [--top 40]

``training.tune_operating_points`` lowers a model's reject point from the top while the rows at
or above it are at least ``--precision`` (0.9) violations of the category, counted from
``--min-support`` (5) rows on, and stops at the first candidate under it.  This prints, for the
highest candidates of one language and category, how many tuning rows (the dev splits, without
``training.triage.NOT_FOR_POINTS``, scored as the tuner scores them: left-out probabilities)
are at or above each, their precision and the acceptable comments rejected with that point and
the rules (the rules' own false rejections included),
so a "never" in ``model/operating_points.json`` can be read off: e.g. the Arabic off-topic model,
whose highest-scored rows hold acceptable comments.  The ``test`` splits are never read.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from model.operating import NEVER
from model.verdict import CATEGORIES
from training import triage as tr
from training.tune_operating_points import _candidates
from training.tuning_evidence import Evidence, build_engine, collect_tuning, decide, figures


@dataclass(frozen=True)
class Candidate:
    """One candidate reject point and what the rows at or above it are."""

    point: float
    rows: int  # tuning rows of the language at or above it the model may reject
    precision: float  # share of them that are violations of the category
    false_reject: float  # acceptable comments rejected with this point alone set


def reject_candidates(ev: Evidence, lang: str, category: str, top: int = 40) -> list[Candidate]:
    """The ``top`` highest candidate reject points of one model, with step 1's measures."""
    rows = ev.language == lang
    j = CATEGORIES.index(category)
    k = len(CATEGORIES)
    p_review = np.array([_candidates(ev.prob[rows, i])[0] if ev.has_model[rows, i].any()
                         else NEVER for i in range(k)])
    out = []
    for cand in sorted(_candidates(ev.prob[rows, j]), reverse=True):
        if cand >= NEVER:
            continue
        above = rows & ev.has_model[:, j] & ~ev.cap_reject[:, j] & (ev.prob[:, j] >= cand)
        if not above.any():
            continue
        trial = np.full(k, NEVER)
        trial[j] = cand
        outcome = decide(ev, np.broadcast_to(np.minimum(p_review, trial), ev.prob.shape),
                         np.broadcast_to(trial, ev.prob.shape))
        out.append(Candidate(cand, int(above.sum()), float(ev.gold[above, j].mean()),
                             figures(ev, rows, outcome, trial).false_reject))
        if len(out) >= top:
            break
    return out


def main(argv: Sequence[str] | None = None) -> int:
    """Print the candidates of one language's model of one category."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("lang", choices=tr.LANGUAGES)
    ap.add_argument("category", choices=CATEGORIES)
    ap.add_argument("--top", type=int, default=40)
    args = ap.parse_args(argv)
    _, ev = collect_tuning(build_engine(), skip=tr.NOT_FOR_POINTS)
    print("point   rows  precision  acceptable rejected (rules and this point)")
    for c in reject_candidates(ev, args.lang, args.category, args.top):
        print(f"{c.point:.3f}  {c.rows:5d}  {c.precision:9.3f}  {100 * c.false_reject:18.2f}%")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
