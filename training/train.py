"""``raqib train``: fit the offense/strife/spam classifiers, evaluate them honestly, promote.

Usage (also ``python -m training.train``)::

    raqib train --data ../shared/data [--out model/] [--exclude sfu_ctc ...] [--seed N]
                [--from-db [URL]] [--force] [--quick]

Splits (:mod:`training.classifier_splits`): fixed test rows (official held-out splits, else a
hashed stratified 15%), a seeded 10% validation share for calibration and thresholds, the rest
for training; spam negatives are sampled from the sets that do not label spam.  The heads are
NB-LR logistic regressions on hashed n-grams (:mod:`training.classifier_fit`), evaluated on the
held-out rows (:mod:`training.classifier_eval`) and per left-out dataset (:func:`run_lodo`).

The model is trained in a candidate folder (``--candidates``, default a temp dir), evaluated,
and promoted into ``--out`` (artifact copied, ``CURRENT`` updated, the previous artifact
removed, ``MODEL_CARD.md`` and ``plots/`` rewritten) only when no category's held-out macro-F1
drops more than ``--tolerance`` below the current model's on the same rows, unless ``--force``.
Exit status: 0 promoted, 3 trained but not promoted, 2 usage or data error.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import platform
import sys
import tempfile
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from model.artifact import library_versions, model_bytes, save_artifact
from model.classifier import ANY_LANGUAGE, CATEGORIES, RaqibClassifier, feature_pipeline
from training import evaluate as ev
from training.classifier_eval import (
    evaluate_heldout,
    print_figures,
)
from training.classifier_fit import (
    QUICK,
    Config,
    Data,
    Progress,
    _sigmoid,
    calibrate,
    featurize,
    fit_head,
    source_indicators,
)
from training.classifier_promotion import compare_with_current, promote
from training.classifier_splits import (
    OFFICIAL_EVAL,
    TEST_FRACTION,
    TEST_SALT,
    VAL_FRACTION,
    add_spam_negatives,
    assign_roles,
    overlap_count,
    quick_subsample,
    test_digests,
)
from training.dataset_base import Example
from training.dataset_registry import DATASETS, dataset_hashes, licences
from training.datasets import load_all

log = logging.getLogger(__name__)

REPO = Path(__file__).resolve().parent.parent
DEFAULT_OUT = REPO / "model"
DEFAULT_SEED = 20261124
EXIT_NOT_PROMOTED = 3


# --------------------------------------------------------------------------- fitting
# fit_model and run_lodo reach fit_head and calibrate through this module's namespace, so a
# test that replaces ``train.fit_head`` changes every head this command fits.


def fit_model(data: Data, cfg: Config, seed: int, anchors: dict[str, float],
              say: Progress) -> RaqibClassifier:
    """Fit every head on train rows, calibrate and choose thresholds on validation rows."""
    nf = data.X.shape[1]
    coef = np.zeros((nf, len(CATEGORIES)), dtype=np.float32)
    intercept = np.zeros(len(CATEGORIES))
    calibration: dict[str, dict] = {}
    thresholds: dict[str, dict] = {}
    for k, cat in enumerate(CATEGORIES):
        y = data.y[cat]
        train = np.flatnonzero((y >= 0) & (data.roles == "train"))
        val = np.flatnonzero((y >= 0) & (data.roles == "val"))
        if len(train) == 0 or y[train].min() == y[train].max():
            say(f"{cat}: not enough labelled training rows ({len(train)}); head left at zero")
            calibration[cat], thresholds[cat] = {ANY_LANGUAGE: (1.0, 0.0)}, {ANY_LANGUAGE: 0.5}
            continue
        w, b = fit_head(data.X, data.S, y, data.weights, train, alpha=cfg.alpha,
                        epochs=cfg.epochs, seed=seed)
        coef[:, k], intercept[k] = w, b
        z = data.X[val] @ w + b
        calibration[cat], thresholds[cat] = calibrate(z, y[val], data.languages[val])
        shown = ", ".join(f"{lang} {t:.3f}" for lang, t in thresholds[cat].items())
        say(f"{cat}: fitted on {len(train)} rows ({int(y[train].sum())} positive), "
            f"calibrated on {len(val)}; thresholds {shown}")
    features = feature_pipeline(nf)
    features.fit([])
    return RaqibClassifier(features, CATEGORIES, coef, intercept, calibration, thresholds,
                           anchors)


def run_lodo(data: Data, cfg: Config, seed: int, say: Progress,
             keep: dict[tuple[str, str], tuple[np.ndarray, float]] | None = None
             ) -> list[dict[str, Any]]:
    """Leave-one-dataset-out with a cheaper head (plain SGD, fewer epochs) on the same features.

    For each dataset D and category it labels: fit on the other sets' train rows, calibrate and
    pick the threshold on their validation rows of D's language, test on every row of D.
    ``keep`` receives each refitted head by (D, category), for the semantic layer's LODO.
    """
    jobs = []
    for cat in ("offense", "strife"):
        labelled = (data.y[cat] >= 0) & ~data.implicit_spam
        for src in sorted(set(data.sources[labelled])):
            if src == "feedback":
                continue
            ys = data.y[cat][labelled & (data.sources == src)]
            if ys.min() != ys.max():
                jobs.append((src, str(data.languages[data.sources == src][0]), cat))

    def run(src: str, lang: str, cat: str) -> ev.Scored | None:
        y = data.y[cat]
        others = (y >= 0) & (data.sources != src)
        train = np.flatnonzero(others & (data.roles == "train"))
        val = np.flatnonzero(others & (data.roles == "val") & (data.languages == lang))
        test = np.flatnonzero((y >= 0) & (data.sources == src))
        if len(train) == 0 or y[train].min() == y[train].max() or len(val) == 0:
            return None
        w, b = fit_head(data.X, data.S, y, data.weights, train, alpha=cfg.alpha,
                        epochs=cfg.lodo_epochs, seed=seed, averaged=False, nb=False)
        if keep is not None:
            keep[(src, cat)] = (w, b)
        cal, thr = calibrate(data.X[val] @ w + b, y[val], data.languages[val])
        a, c = cal.get(lang, cal[ANY_LANGUAGE])
        p = _sigmoid(a * (data.X[test] @ w + b) + c)
        t = thr.get(lang, thr[ANY_LANGUAGE])
        say(f"LODO {cat} {src}: trained on {len(train)} rows of the other sets")
        return ev.Scored(src, lang, cat, y[test], p, np.full(len(test), t))

    return ev.leave_one_dataset_out(jobs, run)


# --------------------------------------------------------------------------- command


def build_parser() -> argparse.ArgumentParser:
    """The command-line interface of ``raqib train``."""
    p = argparse.ArgumentParser(
        prog="raqib train", description="Train, evaluate and promote the offense/strife/spam "
        "classifiers.", epilog="Exit status: 0 promoted, 3 trained but not promoted (worse "
        "than the current model; use --force), 2 usage or data error.")
    p.add_argument("--data", type=Path, required=True, help="the shared/data folder")
    p.add_argument("--out", type=Path, default=DEFAULT_OUT,
                   help="where the promoted artifact lives (default: model/)")
    p.add_argument("--exclude", nargs="+", default=[], metavar="NAME",
                   help="datasets to leave out (e.g. sfu_ctc, non-commercial licence)")
    p.add_argument("--seed", type=int, default=DEFAULT_SEED, help="random seed (default fixed)")
    p.add_argument("--from-db", nargs="?", const="", default=None, metavar="URL",
                   help="add moderators' decisions from the database (default: "
                   "RAQIB_DATABASE_URL or the app's database)")
    p.add_argument("--feedback-weight", type=float, default=Config.feedback_weight,
                   help="sample weight of database rows (default 3)")
    p.add_argument("--force", action="store_true", help="promote even if worse")
    p.add_argument("--quick", action="store_true", help="subsample and shrink (smoke tests)")
    p.add_argument("--no-lodo", action="store_true", help="skip leave-one-dataset-out")
    p.add_argument("--no-semantic", action="store_true",
                   help="skip the embedding heads (the n-gram model alone)")
    p.add_argument("--embedding-cache", type=Path, default=None, metavar="FILE",
                   help="embeddings of training rows (default ~/.cache/raqib/embeddings.sqlite)")
    p.add_argument("--threads", type=int, default=1, help="encoder threads (default 1)")
    p.add_argument("--encoder", default="use", choices=("use", "e5"),
                   help="sentence encoder of the semantic heads (default use)")
    p.add_argument("--tolerance", type=float, default=0.005,
                   help="allowed macro-F1 drop per category for promotion (default 0.005)")
    p.add_argument("--candidates", type=Path, default=None,
                   help="where candidates are written (default: a temp folder)")
    return p


def load_data(args: argparse.Namespace, cfg: Config, say: Progress) -> Data | None:
    """Load the public sets (and the moderators' decisions), then :func:`prepare` them."""
    try:
        examples = load_all(args.data, exclude=args.exclude)
    except (ValueError, FileNotFoundError) as err:
        print(f"error: {err}", file=sys.stderr)
        return None
    if args.quick:
        examples = quick_subsample(examples)
    weights = [1.0] * len(examples)
    if args.from_db is not None:
        from sqlalchemy.exc import SQLAlchemyError

        from training.feedback import load_feedback

        try:
            fb = load_feedback(args.from_db or None)
        except SQLAlchemyError as err:
            print(f"error: cannot read the moderators' decisions: {err}", file=sys.stderr)
            return None
        say(f"feedback: {len(fb)} labelled comments from the database "
            f"(weight {cfg.feedback_weight})")
        examples += fb
        weights += [cfg.feedback_weight] * len(fb)
    if not examples:
        print(f"error: no labelled examples under {args.data}", file=sys.stderr)
        return None
    return prepare(examples, weights, args.seed, cfg, say)


def prepare(examples: list[Example], weights: Sequence[float], seed: int, cfg: Config,
            say: Progress) -> Data:
    """Split, add spam negatives, normalise and featurise labelled examples."""
    # Roles first: the sampled spam negatives must not move rows between splits.
    roles = assign_roles(examples, seed)
    examples, implicit = add_spam_negatives(examples)
    say(f"loaded {len(examples)} examples from {len(set(e.source for e in examples))} sets: "
        f"{dict(Counter(str(r) for r in roles))}")
    features = feature_pipeline(cfg.n_features).fit([])
    normalized = features.named_steps["normalize"].transform([ex.text for ex in examples])
    say("normalised")
    X = featurize(features, normalized, cfg.chunk)
    say(f"features: {X.shape[0]} x {X.shape[1]}, {X.nnz} non-zeros")
    sources = np.array([ex.source for ex in examples], dtype=object)
    y = {cat: np.array([ex.labels.get(cat, -1) for ex in examples], dtype=np.int64)
         for cat in CATEGORIES}
    return Data(examples=examples, roles=roles, implicit_spam=implicit, normalized=normalized,
                languages=np.array([ex.language for ex in examples], dtype=object),
                sources=sources, weights=np.asarray(weights, dtype=np.float64), X=X,
                S=source_indicators(list(sources)), y=y)


def _anchors() -> dict[str, float]:
    from service.core import DEFAULT_REJECT

    return {cat: float(DEFAULT_REJECT[cat]) for cat in CATEGORIES}


def _db_label(url: str | None) -> str | None:
    if url is None:
        return None
    from training.feedback import default_database_url

    # Only the backend is recorded: URLs can carry credentials.
    return (url or default_database_url()).split(":", 1)[0]


def main(argv: list[str] | None = None) -> int:
    """Train, evaluate and (maybe) promote; see ``--help``."""
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    cfg = QUICK if args.quick else Config()
    cfg = replace(cfg, feedback_weight=args.feedback_weight)
    say = Progress()
    say(f"raqib train: data {args.data}, out {args.out}, seed {args.seed}, "
        f"excluded {args.exclude or 'none'}{', quick' if args.quick else ''}")
    data = load_data(args, cfg, say)
    if data is None:
        return 2
    model = fit_model(data, cfg, args.seed, _anchors(), say)
    version = f"{datetime.now(UTC):%Y.%m.%d}-{hashlib.sha256(model_bytes(model)).hexdigest()[:8]}"
    heldout = evaluate_heldout(model, data, say)
    ngram_lodo: dict[tuple[str, str], tuple[np.ndarray, float]] = {}
    lodo = [] if args.no_lodo else run_lodo(data, cfg, args.seed, say, keep=ngram_lodo)
    semantic = None
    if not args.no_semantic:
        from training.semantic import run_semantic

        semantic = run_semantic(data, model, version, args, ngram_lodo, say)
    used = sorted({s for s in data.sources if s != "feedback"})
    overlap = overlap_count(data.examples, data.roles)
    evaluation = {
        "version": version,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "seed": args.seed,
        "excluded": sorted(args.exclude),
        "quick": args.quick,
        "config": asdict(cfg),
        "heldout": heldout["rows"],
        "pooled_macro_f1": heldout["pooled_macro_f1"],
        "alt_profanity_check": heldout["baseline"],
        "lodo": lodo,
        "lodo_model": f"plain SGD logistic regression without the NB blend, {cfg.lodo_epochs} "
                      "epochs, not averaged",
        "targets": ev.target_report(heldout["rows"]),
        "baseline_summary": ev.baseline_summary(heldout["baseline"]),
        "curves": heldout["curves"],
        "semantic": semantic[1] if semantic else None,
        "thresholds": model.thresholds,
        "anchors": model.anchors,
        "splits": {"test_fraction": TEST_FRACTION, "val_fraction": VAL_FRACTION,
                   "test_salt": TEST_SALT, "official": OFFICIAL_EVAL,
                   "roles": dict(Counter(str(r) for r in data.roles)),
                   "test_digests": test_digests(data.examples, data.roles),
                   "test_rows_also_in_training": overlap},
        "datasets": {name: {"licence": licences([name])[name], "source": DATASETS[name].source,
                            "citation": DATASETS[name].citation,
                            "rows": int((data.sources == name).sum())} for name in used},
    }
    metadata = {
        "version": version,
        "created": evaluation["created"],
        "seed": args.seed,
        "excluded": sorted(args.exclude),
        "quick": args.quick,
        "categories": list(CATEGORIES),
        "thresholds": model.thresholds,
        "calibration": model.calibration,
        "anchors": model.anchors,
        "config": asdict(cfg),
        "dataset_sha256": dataset_hashes(args.data, used),
        "licences": licences(used),
        "feedback": {"rows": int((data.sources == "feedback").sum()),
                     "weight": cfg.feedback_weight, "database": _db_label(args.from_db)},
        "metrics": {"pooled_macro_f1": heldout["pooled_macro_f1"],
                    "targets": evaluation["targets"]},
        "python": platform.python_version(),
        "versions": library_versions(),
    }
    evaluation["dataset_sha256"] = metadata["dataset_sha256"]
    candidates = args.candidates or Path(tempfile.gettempdir()) / "raqib-candidates"
    cand_dir = candidates / version
    cand_dir.mkdir(parents=True, exist_ok=True)
    path = save_artifact(model, metadata, cand_dir / f"raqib-{version}.joblib")
    if semantic is not None:
        semantic[0].save(cand_dir / "semantic.joblib")
    (cand_dir / f"eval-{version}.json").write_text(
        json.dumps(evaluation, ensure_ascii=False, indent=1), encoding="utf-8")
    say(f"candidate {version}: {path} ({path.stat().st_size / 1e6:.1f} MB)")
    print_figures(evaluation)

    previous, current, cand = compare_with_current(model, args.out, data)
    if current is None:
        promoted, lines = True, ["no usable current model: promoting"]
    else:
        promoted, lines = ev.promotion_decision(cand, current, args.tolerance)
    for line in lines:
        print(f"  promotion: {line}", flush=True)
    from training.model_card import write_card

    if promoted or args.force:
        final = promote(cand_dir, version, args.out, previous)
        write_card(evaluation, metadata, args.out)
        say(f"promoted {final.name} into {args.out}{' (forced)' if not promoted else ''}; "
            "run `raqib reload` to switch a running server")
        return 0
    write_card(evaluation, metadata, cand_dir)
    say(f"NOT promoted: the candidate is worse than {previous} on the held-out sets; it stays "
        f"in {cand_dir} (use --force to promote it anyway)")
    return EXIT_NOT_PROMOTED


if __name__ == "__main__":
    sys.exit(main())
