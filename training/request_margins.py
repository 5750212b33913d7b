"""Where the off-topic request margin should send a question to review or reject it.

Usage::

    python -m training.request_margins

Scores the tuning rows (``training.tune_operating_points.tuning_groups``: the triage sets' ``dev``
splits and the policy case file, each with its own articles as the site's) with the engine the
service builds, the request rule's margins lowered so that every comment reaching it reports its
request margin (``service.policy.off_topic_requests``): the questions that are not generic
reactions, not cross-language, and not already decided by a reader-question cue.  For each margin
it prints, per language, how many of those questions reach it and how many are off-topic, other
violations or acceptable, then lists the acceptable ones at the shipped review margin.  The
``test`` splits are never read.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence

import numpy as np

from model.verdict import Context, Submission
from service.policy.off_topic_requests import REJECT_MARGIN, REVIEW_MARGIN
from training import tune_operating_points as top

MARGINS = (0.2, 0.25, 0.3, 0.35, 0.4, 0.45)


def request_rows(engine) -> list[tuple[dict, str, float]]:
    """(case, engine language, request margin) of every tuning row the request rule sees."""
    check = next(c for c in engine.checks if c.name == "off_topic")
    if check.requests is None:
        raise SystemExit("the semantic layer is off: no request margin")
    shipped = check.requests.review, check.requests.reject
    check.requests.review = check.requests.reject = -np.inf
    out = []
    try:
        for group in top.registered(top.tuning_groups()):
            ctxs = [Context(Submission(c["comment"], name=c.get("name") or None), a)
                    for c, a in group.rows]
            for (case, _), ctx, result in zip(group.rows, ctxs, check.batch(ctxs), strict=True):
                margin = [r.params["request"] for r in result.reasons if "request" in r.params]
                if margin:
                    out.append((case, ctx.language, float(margin[0])))
    finally:
        check.requests.review, check.requests.reject = shipped
    return out


def main(argv: Sequence[str] | None = None) -> int:
    """Print the margin table and the acceptable questions at the review margin."""
    argparse.ArgumentParser(description=__doc__.split("\n", 1)[0]).parse_args(argv)
    rows = request_rows(top.build_engine())
    print(f"shipped: review from {REVIEW_MARGIN}, reject from {REJECT_MARGIN}")
    print("margin  lang  questions  off-topic  other violations  acceptable")
    for m in MARGINS:
        for lang in ("ar", "en"):
            at = [c for c, lg, v in rows if lg == lang and v >= m]
            off = sum(c["labels"]["off_topic"] for c in at)
            bad = sum(any(c["labels"].values()) for c in at)
            ok = len(at) - bad
            print(f"{m:6.2f}  {lang:4}  {len(at):9d}  {off:9d}  {bad - off:16d}  {ok:10d}")
    print(f"acceptable questions from {REVIEW_MARGIN}:")
    for c, _, v in sorted(rows, key=lambda r: -r[2]):
        if v >= REVIEW_MARGIN and not any(c["labels"].values()):
            print(f"  {v:.3f}  {c['id']}  {c['comment'][:90]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
