"""News heads: offense, strife and spam learned from labelled news comments, on the embeddings.

Usage::

    python -m training.news_heads --data ../shared/data [--written FILE ...]
        [--categories offense strife spam] [--out model/semantic.joblib]

The classifier's heads (n-gram and embedding, ``raqib train``) learn from public sets, nearly all
tweets.  Strife on a Jordanian site reads otherwise ("لازم يترحلوا كلهم", "everyone knows these
parties are a way for them to take over"), and those heads rank it worse on news comments than
on the tweets they were fitted on.  This command fits, per category, a class-weighted logistic
regression on the sentence embeddings of the rows the operating points are tuned on (the triage
sets' ``dev`` splits and the policy case file; never a ``test`` split), each weighted
``NEWS_WEIGHT``, together with the public validation rows that ``training.semantic`` encodes
(they keep the head from forgetting what the public sets teach), and stores it in the semantic
artifact as its news heads: their margin, times ``SCALE``, is added to the stacked logit
(``model.semantic.SemanticHeads.combine``).

It reports, per language, the ROC AUC on the tuning rows of the shipped probability without and
with the news heads, each row's news margin coming from a fit that never saw its article
(leave-one-article-out: what to expect on a new story), and per public dataset the ROC AUC of
the encoded held-out rows without and with them, so the public tables can be checked.

The operating points must be tuned on news margins that did not see the row's article either:
those left-out margins are stored with the heads (by case id and text hash), and
``training.tune_operating_points.collect_tuning`` uses them instead of the shipped heads.
``raqib train`` writes semantic heads without news heads: run this command (then
``training.tune_operating_points``) again after it.

Choices, made with a throwaway script on the left-out-article AUC of the tuning rows and the
public held-out deltas (not kept, so no figure is quoted): news rows alone, without the public
rows, cost strife more on the public sets for the same gain; a full-weight margin (``SCALE`` 1)
gained a little more on news comments and lost more on the public sets.  Offense had no news
head until 2026-12-06: on the 852 tuning rows of 2026-12-04 it gained little on news comments
and cost more on the public sets.  On the 3,418 rows of the fourteenth session it gains
(left-out-article ROC AUC 0.946 -> 0.963 Arabic, 0.952 -> 0.973 English), and the tuned points
carry it to the queue: ``python -m training.cv_operating_points --leak 0.02 --false-reject
0.005`` with and without it (a variant written with ``--categories strife spam --out``,
loaded with ``RAQIB_SEMANTIC_PATH``), left-out article, Arabic published
89.6% -> 91.0%, English 91.7% -> 92.7%, leak 2.9% in both, right reason 83.9% -> 83.7% and
85.2% -> 85.2%.  It costs the public offense sets, nearly all tweets, 0.008 of ROC AUC on
average (worst HASOC -0.037); the news-comment sets among them gain (SFU +0.008, Jigsaw +0.012).
"""

from __future__ import annotations

import argparse
import hashlib
import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score

from model.verdict import CATEGORIES

NEWS_CATEGORIES = ("offense", "strife", "spam")
REPO = Path(__file__).resolve().parent.parent

C = 1.0
NEWS_WEIGHT = 2.0  # a news row counts twice a public validation row
WRITTEN_WEIGHT = 1.0  # a written training comment (``--written``) counts as a public row
SCALE = 0.5
LANGUAGES = ("ar", "en")


def fit_heads(E: np.ndarray, Y: np.ndarray, weights: np.ndarray | None = None,
              seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """(weights (dim, k), intercepts (k,)): a class-weighted regression per column of ``Y``.

    Rows whose label is negative (unlabelled for that category) are left out of its fit.
    """
    W = np.zeros((E.shape[1], Y.shape[1]), dtype=np.float32)
    b = np.zeros(Y.shape[1])
    for k in range(Y.shape[1]):
        labelled = Y[:, k] >= 0
        y = Y[labelled, k]
        if not len(y) or y.min() == y.max():
            continue  # nothing to learn: the head adds nothing
        clf = LogisticRegression(C=C, class_weight="balanced", max_iter=3000, random_state=seed)
        clf.fit(E[labelled], y, sample_weight=None if weights is None else weights[labelled])
        W[:, k], b[k] = clf.coef_.ravel(), float(clf.intercept_[0])
    return W, b


Rows = tuple[np.ndarray, np.ndarray]


def fit_mixed(E: np.ndarray, Y: np.ndarray, public: Rows | None, written: Rows | None = None,
              written_weight: float = WRITTEN_WEIGHT) -> tuple[np.ndarray, np.ndarray]:
    """Heads on news rows (weighted ``NEWS_WEIGHT``), written rows and the public rows."""
    blocks = [(E, Y, NEWS_WEIGHT)]
    if written is not None and len(written[0]) and written_weight > 0:
        blocks.append((*written, written_weight))
    if public is not None and len(public[0]):
        blocks.append((*public, 1.0))
    if len(blocks) == 1:
        return fit_heads(E, Y)
    weights = np.concatenate([np.full(len(b[0]), b[2]) for b in blocks])
    return fit_heads(np.vstack([b[0] for b in blocks]), np.vstack([b[1] for b in blocks]),
                     weights)


def left_out_margins(E: np.ndarray, Y: np.ndarray, groups: np.ndarray,
                     public: Rows | None = None, scale: float = SCALE,
                     written: Rows | None = None,
                     written_weight: float = WRITTEN_WEIGHT) -> np.ndarray:
    """(rows, k) scaled news margins, each row's from heads fitted without its group (the
    written rows belong to no article: every fit has them)."""
    out = np.zeros(Y.shape, dtype=np.float64)
    for g in np.unique(groups):
        held = groups == g
        W, b = fit_mixed(E[~held], Y[~held], public, written, written_weight)
        out[held] = scale * (E[held] @ W + b)
    return out


def load_written(paths: Sequence[Path]) -> list[dict[str, Any]]:
    """Written training comments (``{"comment", "language", "<category>": 0|1}`` per line)."""
    rows = []
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                rows.append(json.loads(line))
    return rows


def written_rows(engine: Any, rows: Sequence[Mapping[str, Any]],
                 categories: Sequence[str] = NEWS_CATEGORIES) -> Rows:
    """Embeddings and labels of written rows (-1 where a category is not labelled)."""
    if not rows:
        return np.zeros((0, 0)), np.zeros((0, len(categories)))
    E = row_embeddings(engine, [({"comment": r["comment"], "name": None}, None) for r in rows])
    Y = np.array([[int(r.get(cat, -1)) for cat in categories] for r in rows])
    return E, Y


def _logit(p: np.ndarray) -> np.ndarray:
    p = np.clip(p, 1e-6, 1 - 1e-6)
    return np.log(p / (1 - p))


def add_margins(prob: np.ndarray, margins: np.ndarray) -> np.ndarray:
    """Probabilities whose logit is moved by ``margins`` (as ``SemanticHeads.combine`` does)."""
    return 1.0 / (1.0 + np.exp(-(_logit(prob) + margins)))


def row_key(case: Mapping[str, Any]) -> str:
    """A tuning row's key for its stored left-out margin: case id and a hash of its text."""
    digest = hashlib.sha256(case["comment"].encode("utf-8")).hexdigest()[:12]
    return f"{case['id']}:{digest}"


def stored_margins(news: Mapping[str, Any], cases: Sequence[Mapping[str, Any]]) -> np.ndarray:
    """The left-out margins stored with the news heads, per row of ``cases`` (SystemExit if any
    row is missing: the heads were fitted on other tuning rows)."""
    table = news.get("left_out") or {}
    missing = [c["id"] for c in cases if row_key(c) not in table]
    if missing:
        raise SystemExit(f"the news heads were fitted on other tuning rows ({len(missing)} "
                         f"missing, e.g. {missing[0]}): run python -m training.news_heads")
    return np.array([table[row_key(c)] for c in cases], dtype=np.float64)


def tuning_groups_of(rows: Sequence[tuple[Mapping[str, Any], Any]],
                     case_ids: set[str]) -> np.ndarray:
    """The article of each tuning row (case-file rows by their own article, kept apart)."""
    return np.array([("case:" if c["id"] in case_ids else "") + c["article_id"]
                     for c, _ in rows])


def row_embeddings(engine: Any, rows: Sequence[tuple[Mapping[str, Any], Any]]) -> np.ndarray:
    """The encoder's embeddings of the rows' comments, as the classifier check reads them."""
    from model.embed import context_embeddings
    from model.verdict import Context, Submission

    ctxs = [Context(Submission(c["comment"], name=c.get("name") or None), a) for c, a in rows]
    return context_embeddings(ctxs, engine.models["encoder"])


def by_language(y: np.ndarray, p: np.ndarray, langs: np.ndarray) -> dict[str, float]:
    """ROC AUC per language (rounded)."""
    return {lang: round(float(roc_auc_score(y[langs == lang], p[langs == lang])), 4)
            for lang in LANGUAGES if len(set(y[langs == lang])) == 2}


class PublicRows:
    """The public rows ``training.semantic`` encodes, by role, with their embeddings."""

    def __init__(self, data: Path, engine: Any, categories: Sequence[str] = NEWS_CATEGORIES):
        from training import semantic as sem
        from training.classifier_splits import add_spam_negatives, assign_roles
        from training.datasets import load_all
        from training.train import DEFAULT_SEED

        examples = load_all(data)
        roles = assign_roles(examples, DEFAULT_SEED)
        examples, _ = add_spam_negatives(examples)
        texts = [ex.text for ex in examples]
        labels = [tuple(sorted(ex.labels.items())) for ex in examples]
        sources = np.array([ex.source for ex in examples], dtype=object)
        picked = sem.select_rows(sources, roles, texts, labels, DEFAULT_SEED)
        self.engine = engine
        self.categories = tuple(categories)
        self.parts = {}
        for role in ("val", "test"):
            idx = [i for i in picked if roles[i] == role]
            E = sem.encode([texts[i] for i in idx], engine.models["encoder"], sem.DEFAULT_CACHE,
                           lambda _msg: None)
            Y = np.array([[examples[i].labels.get(c, -1) for c in self.categories]
                          for i in idx]).reshape(len(idx), len(self.categories))
            self.parts[role] = (idx, E, Y, [texts[i] for i in idx],
                                [examples[i].language for i in idx], sources[idx])

    def validation(self) -> tuple[np.ndarray, np.ndarray]:
        """(embeddings, labels per news category, -1 where unlabelled) of the val rows."""
        _, E, Y, *_ = self.parts["val"]
        return E, Y

    def held_out_auc(self, news: Mapping[str, Any]) -> list[dict[str, Any]]:
        """ROC AUC per dataset and news category of the held-out rows, without and with news."""
        from model.semantic import SemanticHeads

        _, E, Y, texts, langs, sources = self.parts["test"]
        heads: SemanticHeads = self.engine.models["semantic"]
        model = self.engine.models["classifier"].model
        margins = model.margins(model.features.named_steps["normalize"].transform(texts))
        args = (heads.categories, heads.weights, heads.intercepts, heads.stackers,
                heads.encoder_version)
        before = SemanticHeads(*args).combine(margins, E, langs)
        after = SemanticHeads(*args, news=news).combine(margins, E, langs)
        out = []
        for k, cat in enumerate(self.categories):
            for src in sorted(set(sources)):
                m = (sources == src) & (Y[:, k] >= 0)
                if m.sum() >= 20 and len(set(Y[m, k])) == 2:
                    out.append({
                        "dataset": str(src), "category": cat, "n": int(m.sum()),
                        "without_news": round(float(roc_auc_score(Y[m, k], before[cat][m])), 4),
                        "with_news": round(float(roc_auc_score(Y[m, k], after[cat][m])), 4),
                    })
        return out


def main(argv: Sequence[str] | None = None) -> int:
    """Fit the news heads, report, and store them (with left-out margins) in the artifact."""
    from model.semantic import DEFAULT_PATH
    from training import tune_operating_points as top

    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--data", type=Path, required=True, help="the shared public datasets")
    ap.add_argument("--out", type=Path, default=DEFAULT_PATH)
    ap.add_argument("--written", type=Path, nargs="*", default=[],
                    help="written training comments to add to every fit, e.g. "
                         "training/data/written_strife.jsonl (off by default: docs/"
                         "written_training.md)")
    ap.add_argument("--written-weight", type=float, default=WRITTEN_WEIGHT,
                    help="weight of a written row (a public row counts 1, a news row "
                         f"{NEWS_WEIGHT:g})")
    ap.add_argument("--categories", nargs="+", default=list(NEWS_CATEGORIES),
                    choices=list(NEWS_CATEGORIES),
                    help="categories to fit a news head for (the semantic heads' own; "
                         "off-topic has its own refit)")
    args = ap.parse_args(argv)
    cats = tuple(c for c in CATEGORIES if c in args.categories)

    engine = top.build_engine()
    heads = engine.models.get("semantic")
    if heads is None:
        raise SystemExit("the semantic layer is off: no embeddings to fit news heads on")
    rows, ev = top.collect_tuning(engine, news=False)
    cols = [CATEGORIES.index(c) for c in cats]
    Y = ev.gold[:, cols]
    E = row_embeddings(engine, rows)
    groups = tuning_groups_of(rows, {c["id"] for c in top.ep.load_cases()})
    public = PublicRows(args.data, engine, cats)
    written_cases = load_written(args.written)
    written = written_rows(engine, written_cases, cats)
    held = left_out_margins(E, Y, groups, public.validation(), written=written,
                            written_weight=args.written_weight)
    report: dict[str, Any] = {
        "rows": int(len(rows)), "articles": int(len(set(groups))), "C": C, "scale": SCALE,
        "news_weight": NEWS_WEIGHT, "public_validation_rows": int(len(public.validation()[0])),
        "positives": dict(zip(cats, Y.sum(axis=0).tolist(), strict=True)),
        "written": {"files": {str(p.relative_to(REPO) if p.is_relative_to(REPO) else p):
                              top.tr.file_digest(p) for p in args.written},
                    "rows": len(written_cases), "weight": args.written_weight,
                    "positives": {cat: int((written[1][:, k] == 1).sum())
                                  for k, cat in enumerate(cats)}},
        "left_out_article_auc": {},
        "tuned_on": {"triage_sets": {key: {"split": "dev", "sha256": top.tr.file_digest(cases)}
                                     for key, (cases, _) in top.tr.TRIAGE_SETS.items()
                                     if top.ep.select_split(top.ep.load_cases(cases), "dev")},
                     "policy_cases": {"sha256": top.tr.file_digest(top.ep.DEFAULT_CASES)}},
        "command": "python -m training.news_heads --data <shared data>"
                   + (" --written " + " ".join(str(p) for p in args.written) if args.written
                      else "")
                   + (f" --written-weight {args.written_weight:g}"
                      if args.written_weight != WRITTEN_WEIGHT else "")
                   + (" --categories " + " ".join(cats) if cats != NEWS_CATEGORIES else ""),
    }
    for k, cat in enumerate(cats):
        j = CATEGORIES.index(cat)
        has = ev.has_model[:, j]
        report["left_out_article_auc"][cat] = {
            "without_news": by_language(Y[has, k], ev.prob[has, j], ev.language[has]),
            "with_news": by_language(Y[has, k], add_margins(ev.prob[has, j], held[has, k]),
                                     ev.language[has]),
        }
    W, b = fit_mixed(E, Y, public.validation(), written, args.written_weight)
    news = {"categories": cats, "weights": SCALE * W, "intercepts": SCALE * b,
            "scale": SCALE, "report": report,
            "left_out": {row_key(c): [round(float(v), 5) for v in held[i]]
                         for i, (c, _) in enumerate(rows)}}
    report["public_held_out_auc"] = public.held_out_auc(news)
    heads.news = None
    out = type(heads)(heads.categories, heads.weights, heads.intercepts, heads.stackers,
                      heads.encoder_version, heads.metadata, news)
    out.save(args.out)
    metrics = args.out.parent / "news_heads_metrics.json"
    metrics.write_text(json.dumps(report, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(json.dumps(report, indent=1, ensure_ascii=False))
    print(f"wrote {args.out} and {metrics}; re-tune: python -m training.tune_operating_points")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
