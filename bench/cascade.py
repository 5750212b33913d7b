"""Could a cascade skip the encoder?  How many news comments the fast stage is already sure of.

    .venv/bin/python bench/cascade.py [--split dev] [--quantile 99]

The semantic layer's issue asks for a cascade: the fast stage (n-gram heads, lexical relevance)
decides what it is sure of and only the rest reaches the encoder.  This prints how large that
"sure" share is on news comments (the triage set's ``--split`` and the policy case file), with the
engine built as the service builds it, so the choice between a cascade and encoding every comment
rests on a figure.  A comment may skip the encoder only when no category could reach its review
point whatever the embedding says:

* offense, strife, spam: the stacked logit ``a1*z_ngram + a2*z_embedding + b`` stays under the
  operating point's review logit with ``z_embedding`` at the ``--quantile`` of the embedding
  head's margins over these rows (the exact bound, ``|w|`` for unit embeddings, is also shown);
* off-topic: the lexical model's probability is under ``t`` (a grid), counting how many comments
  the full model would nevertheless send to review (decisions the cascade would change).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from model.embed import context_embeddings  # noqa: E402
from model.verdict import Context, Submission  # noqa: E402
from training import evaluate_policy as ep  # noqa: E402
from training import triage as tr  # noqa: E402


def _logit(p: float) -> float:
    p = min(max(p, 1e-6), 1 - 1e-6)
    return float(np.log(p / (1 - p)))


def main(argv: list[str] | None = None) -> int:
    """Measure the share of comments a cascade could keep from the encoder."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    # Never the test split: this figure informs a design choice.
    ap.add_argument("--split", choices=("dev",), default="dev")
    ap.add_argument("--quantile", type=float, default=99.0)
    args = ap.parse_args(argv)

    from service import create_app
    from service.extensions import db

    sets = [(ep.load_cases(ep.DEFAULT_CASES), ep.load_articles(ep.DEFAULT_ARTICLES)),
            (ep.select_split(ep.load_cases(tr.TRIAGE_CASES), args.split),
             ep.load_articles(tr.TRIAGE_ARTICLES))]
    with tempfile.TemporaryDirectory(prefix="raqib-cascade-") as instance:
        app = create_app({"DATABASE_URL": "sqlite://", "SECRET_KEY": "bench",
                          "INSTANCE_PATH": instance, "MODE": "auto"})
        with app.app_context():
            db.create_all()
            engine = app.extensions["raqib"]
            ep.register_articles(arts[c["article_id"]] for cases, arts in sets for c in cases)
            checks = {c.name: c for c in engine.checks}
            heads = getattr(checks["classifier"], "inner", checks["classifier"])
            if heads.semantic is None:
                print("the semantic layer is off (RAQIB_SEMANTIC=off or no artifact)")
                return 1
            ctxs = [Context(Submission(c["comment"]), arts[c["article_id"]])
                    for cases, arts in sets for c in cases]
            langs = [c.language for c in ctxs]
            z_ng = heads.model.margins([c.norm.text for c in ctxs])
            z_emb = heads.semantic.margins(context_embeddings(ctxs, heads.encoder))
            topic = checks["off_topic"]
            full = [r.probabilities.get("off_topic") for r in topic.batch(ctxs)]
            lexical = [None if p is None else float(topic.model.predict_proba(
                [c.norm.text], [topic.article_vectors(c.article)[0]])[0])
                for c, p in zip(ctxs, full, strict=True)]
            points = engine.models["operating_points"]

    n = len(ctxs)
    print(f"{n} comments (case file + triage {args.split}); review points from "
          "model/operating_points.json")
    sure_cls = np.ones(n, dtype=bool)
    for j, cat in enumerate(heads.semantic.categories):
        q = float(np.percentile(z_emb[:, j], args.quantile))
        exact = float(heads.semantic.intercepts[j] + np.linalg.norm(heads.semantic.weights[:, j]))
        per = heads.semantic.stackers[cat]
        sure = np.array([
            (per.get(lang) or per["*"])[0] * z_ng[i, j] + (per.get(lang) or per["*"])[1] * q
            + (per.get(lang) or per["*"])[2] < _logit(points.get(cat, lang).review)
            for i, lang in enumerate(langs)])
        sure_cls &= sure
        print(f"  {cat:<9} sure below review: {sure.mean():6.1%}   (embedding margin "
              f"q{args.quantile:g} {q:+.2f}, exact bound {exact:+.2f})")
    print(f"  classifier heads, all three sure: {sure_cls.mean():6.1%}")
    for t in (0.02, 0.05, 0.1, 0.2):
        sure_topic = np.array([p is None or p < t for p in lexical])
        changed = sum(1 for i in range(n) if sure_topic[i] and full[i] is not None
                      and full[i] >= points.get("off_topic", langs[i]).review)
        both = sure_cls & sure_topic
        print(f"  off-topic lexical p < {t:<4}: sure {sure_topic.mean():6.1%}, "
              f"full model would still review {changed}; "
              f"comments that could skip the encoder: {both.mean():6.1%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
