"""How often a model's rejections are right, on comments no rule or point was fitted to.

Usage::

    python -m training.model_alone --set 14 --split dev

The verdict issue lets a category's model reject without a rule only where its precision at
that point is at least 0.9 on held-out comments.  The tuner measures precision on the tuning
rows, but the rules were written while reading those rows, so what the models reject there on
their own is no sample of a new story.  A set scored at the commit that froze it (before its rows
joined the tuning) is: run this file against that checkout, for example::

    git worktree add /tmp/wt12 df3958f
    cd /tmp/wt12 && PYTHONPATH=. python /path/to/raqib/training/model_alone.py --set 12

It imports only what every checkout since the fourth triage set has (the evidence collector as
``training.tune_operating_points.collect``, the case loaders, the shipped
``model/operating_points.json`` of that checkout), and prints, per
category and language, the comments the model rejected on its own and those it rejected with a
rule's review cue of the category (the corroborate point): right reason, another violation,
acceptable (a false rejection).
"""

from __future__ import annotations

import argparse
import json
import tempfile
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import numpy as np

KINDS = ("right", "other", "acceptable")
ALONE, CUED = "alone", "with a rule's cue"


def _points(path: Path, categories: Sequence[str], languages: np.ndarray, attr: str) -> np.ndarray:
    points = json.loads(path.read_text())["points"]
    return np.array([[points.get(c, {}).get(str(lang), {}).get(attr, 1.0) for c in categories]
                     for lang in languages])


def model_alone(set_key: str, split: str) -> Counter:
    """(category, language, path, kind) -> comments of one split a model's point rejected."""
    import model
    from model.verdict import CATEGORIES
    from service import create_app
    from service.extensions import db
    from training import evaluate_policy as ep
    from training import triage as tr
    from training.case_scoring import _seed_like_init
    from training.tune_operating_points import collect

    cases_path, articles_path = tr.TRIAGE_SETS[set_key]
    articles = ep.load_articles(articles_path)
    rows = [(c, articles[c["article_id"]]) for c in ep.load_cases(cases_path)
            if c.get("split") == split]
    with tempfile.TemporaryDirectory(prefix="raqib-alone-") as instance:
        app = create_app({"DATABASE_URL": "sqlite://", "SECRET_KEY": "alone",
                          "INSTANCE_PATH": instance, "MODE": "auto"})
        with app.app_context():
            db.create_all()
            _seed_like_init()
            # The site's stories while the set is scored, as evaluate_policy registers them.
            ep.register_articles([*articles.values(), *ep.load_articles().values()],
                                 replace=True)
            ev = collect(app.extensions["raqib"].policy(), rows)
    path = Path(model.__file__).resolve().parent / "operating_points.json"
    return count_rejections(ev, _points(path, CATEGORIES, ev.language, "reject"),
                            _points(path, CATEGORIES, ev.language, "corroborate"), CATEGORIES)


def count_rejections(ev, p_reject: np.ndarray, p_corroborate: np.ndarray,
                     categories: Sequence[str]) -> Counter:
    """(category, language, path, kind) -> rows a model's point rejected and no rule did."""
    uncapped = ev.has_model & ~ev.cap_reject & ~ev.rule_reject
    alone = uncapped & (ev.prob >= p_reject) & (p_reject < 1.0)
    # With a rule's review cue of the same category (checkouts before the corroborate point
    # read 1.0 for it: never).
    cued = uncapped & ~alone & ev.rule_review & (ev.prob >= p_corroborate) & (p_corroborate < 1.0)
    out: Counter = Counter()
    for path_name, mask in ((ALONE, alone), (CUED, cued)):
        for i, j in zip(*np.nonzero(mask), strict=True):
            kind = ("right" if ev.gold[i, j] else "other" if ev.gold[i].any() else "acceptable")
            out[(categories[j], str(ev.language[i]), path_name, kind)] += 1
    return out


def format_counts(counts: Counter) -> list[str]:
    """A table: per category, language and path, the rejections by kind and precision."""
    lines = ["| category | lang | the model rejected | comments | right reason | another "
             "violation | acceptable | share that violates |",
             "|---|---|---|---:|---:|---:|---:|---:|"]
    for cat, lang, path in sorted({key[:3] for key in counts}):
        n = {k: counts[(cat, lang, path, k)] for k in KINDS}
        total = sum(n.values())
        lines.append(f"| {cat} | {lang} | {path} | {total} | {n['right']} | {n['other']} | "
                     f"{n['acceptable']} | {(n['right'] + n['other']) / total:.2f} |")
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    """Print the model-made rejections of the given sets' split."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--set", dest="sets", action="append", required=True)
    ap.add_argument("--split", default="dev", choices=("dev", "test"))
    args = ap.parse_args(argv)
    total: Counter = Counter()
    for key in args.sets:
        counts = model_alone(key, args.split)
        print(f"set {key}, {args.split} split:")
        print("\n".join(format_counts(counts)) if counts else "(none)")
        total.update(counts)
    if len(args.sets) > 1:
        print("all:")
        print("\n".join(format_counts(total)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
