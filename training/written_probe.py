"""How the engine and the strife news head fare on the written training comments.

Usage::

    python -m training.written_probe --data ../shared/data [--written FILE]

Two figures quoted in the README ("Semantic layer") and docs/written_training.md:

1. the verdicts the shipped engine gives the written comments (no article, ``auto`` mode), per
   language and label: how many strife comments it approves, reviews or rejects as strife.
   Once the shipped heads have learnt from these rows this is an in-sample figure;
2. the ROC AUC of the strife probability on the written comments, two folds (each half scored
   by news heads fitted without it), for written-row weights 0 (the tuning rows' news heads
   only), 1 and 2: what the written rows teach about wordings no rule was written for.
"""

from __future__ import annotations

import argparse
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from sklearn.metrics import roc_auc_score

from model.verdict import CATEGORIES, Submission
from training import news_heads as nh
from training import tune_operating_points as top

DEFAULT_WRITTEN = top.REPO / "training" / "data" / "written_strife.jsonl"
SEED = 0


def verdict_counts(engine, rows) -> Counter:
    """(language, strife label, outcome) counts; outcome "reject-strife" when strife rejects."""
    out: Counter = Counter()
    for r in rows:
        v = engine.moderate(Submission(comment=r["comment"], name="x"), None)
        strife = any(x.code == "strife" and x.score >= engine.config["REJECT"]["strife"]
                     for x in v.reasons)
        out[(r["language"], r["strife"],
             "reject-strife" if v.verdict == "reject" and strife else v.verdict)] += 1
    return out


def two_fold_auc(engine, rows, data: Path, weights: Sequence[float]) -> dict[float, dict]:
    """Strife ROC AUC on the written rows, each half scored by heads fitted without it."""
    tuning, ev = top.collect_tuning(engine, news=False)
    cols = [CATEGORIES.index(c) for c in nh.NEWS_CATEGORIES]
    E, Y = nh.row_embeddings(engine, tuning), ev.gold[:, cols]
    public = nh.PublicRows(data, engine).validation()
    Ew, Yw = nh.written_rows(engine, rows)
    heads = engine.models["semantic"]
    shipped, heads.news = heads.news, None
    try:  # the stacked probability without any news head
        base = top.collect(engine.policy(), [({"comment": r["comment"], "labels": dict.fromkeys(
            CATEGORIES, 0)}, None) for r in rows])
    finally:
        heads.news = shipped
    j, k = CATEGORIES.index("strife"), nh.NEWS_CATEGORIES.index("strife")
    langs = np.array([r["language"] for r in rows])
    fold = np.random.default_rng(SEED).integers(0, 2, len(rows))
    out = {}
    for w in weights:
        margin = np.zeros(len(rows))
        for f in (0, 1):
            W, b = nh.fit_mixed(E, Y, public, (Ew[fold != f], Yw[fold != f]), written_weight=w)
            margin[fold == f] = nh.SCALE * (Ew[fold == f] @ W[:, k] + b[k])
        p = nh.add_margins(base.prob[:, j], margin)
        out[w] = {lang: round(float(roc_auc_score(Yw[langs == lang, k], p[langs == lang])), 3)
                  for lang in ("ar", "en")}
    out["without news heads"] = {
        lang: round(float(roc_auc_score(Yw[langs == lang, k], base.prob[langs == lang, j])), 3)
        for lang in ("ar", "en")}
    return out


def service_engine():
    """The engine as the service runs it, shipped operating points included."""
    import tempfile

    from service import create_app
    from service.extensions import db

    app = create_app({"DATABASE_URL": "sqlite://", "SECRET_KEY": "probe", "MODE": "auto",
                      "INSTANCE_PATH": tempfile.mkdtemp(prefix="raqib-probe-")})
    app.app_context().push()
    db.create_all()
    return app.extensions["raqib"]


def main(argv: Sequence[str] | None = None) -> int:
    """Print both figures."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--data", type=Path, required=True, help="the shared public datasets")
    ap.add_argument("--written", type=Path, default=DEFAULT_WRITTEN)
    args = ap.parse_args(argv)
    rows = nh.load_written([args.written])
    for key, n in sorted(verdict_counts(service_engine(), rows).items()):
        print("verdicts", *key, n)
    engine = top.build_engine()
    for w, auc in two_fold_auc(engine, rows, args.data, (0.0, 1.0, 2.0)).items():
        print("strife AUC, written weight", w, auc)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
