"""The semantic layer's training: heads on sentence embeddings, stacked with the n-gram heads.

Run by ``raqib train`` after the n-gram heads (``--no-semantic`` skips it), on the same
examples and the same train / validation / test roles.  Alone::

    python -m training.semantic --data ../shared/data --embed-only   # fill the cache only

Which rows are encoded.  The encoder costs milliseconds per text on this CPU, and a linear head
on 384 dimensions is saturated by a few thousand rows per dataset, so a fixed, hash-chosen,
label-stratified sample is encoded per dataset: up to ``SAMPLE["train"]`` training rows, up to
``SAMPLE["val"]`` validation rows and up to ``SAMPLE["test"]`` held-out rows (all of them for the
small sets).  The n-gram, embedding and stacked figures of the model card are computed on the
same encoded held-out rows, so they compare like with like.  Embeddings are cached on disk
(``--embedding-cache``, default ``~/.cache/raqib/embeddings.sqlite``, never in the repository),
keyed by text hash and encoder version: retraining re-encodes nothing.

What is fitted.
* An embedding head per category: class-weighted logistic regression on the training rows.
* A stacker per category and language: logistic regression on the two heads' margins
  ``[z_ngram, z_embedding]``, fitted on validation rows of that language; its output is the
  calibrated combined probability (the two heads err on different comments).  Thresholds for
  the tables (max macro-F1) are chosen on validation rows too.
* Leave-one-dataset-out: for each dataset, both the n-gram head (``train.run_lodo``) and the
  embedding head are refitted without it, the stacker is fitted on the other sets' validation
  rows, and all three are scored on the left-out set's encoded rows.
"""

from __future__ import annotations

import argparse
import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.linear_model import LogisticRegression

from model.classifier import ANY_LANGUAGE, CATEGORIES
from model.embed import EmbeddingCache, Encoder, embed_cached, shared_encoder
from model.semantic import SemanticHeads
from training import evaluate as ev

SAMPLE = {"train": 300, "val": 150, "test": 250}
DEFAULT_CACHE = Path.home() / ".cache" / "raqib" / "embeddings.sqlite"
C_HEAD = 1.0


def _unit(*parts: str) -> float:
    digest = hashlib.sha256("|".join(parts).encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


def select_rows(sources: np.ndarray, roles: np.ndarray, texts: Sequence[str],
                labels: Sequence[tuple], seed: int) -> np.ndarray:
    """Indices of the rows to encode: per dataset and role, a hash-ordered stratified sample."""
    picked: list[int] = []
    groups: dict[tuple[str, str], list[int]] = {}
    for i, (src, role) in enumerate(zip(sources, roles, strict=True)):
        if src != "feedback":
            groups.setdefault((str(src), str(role)), []).append(i)
    for (_src, role), members in sorted(groups.items()):
        cap = SAMPLE[role]
        if len(members) <= cap:
            picked += members
            continue
        strata: dict[tuple, list[int]] = {}
        for i in members:
            strata.setdefault(labels[i], []).append(i)
        for rows in strata.values():
            rows.sort(key=lambda i: _unit(str(seed), "semantic", texts[i]))
            picked += rows[: max(1, round(cap * len(rows) / len(members)))]
    # The moderators' own decisions are few and the most relevant: all of them.
    picked += [i for i, s in enumerate(sources) if s == "feedback"]
    return np.array(sorted(set(picked)), dtype=np.int64)


def encode(texts: Sequence[str], encoder: Encoder, cache_path: Path | None,
           say: Callable[[str], None]) -> np.ndarray:
    """Embeddings of ``texts`` through the on-disk cache."""
    cache = EmbeddingCache(cache_path, encoder.version) if cache_path else None
    step = max(1, len(texts) // 20)
    last = [0]

    def progress(done: int, total: int) -> None:
        if done - last[0] >= step or done == total:
            last[0] = done
            say(f"encoded {done}/{total} new texts")

    try:
        return embed_cached(encoder, list(texts), "query", cache, progress=progress)
    finally:
        if cache is not None:
            cache.close()


def fit_embedding_head(E: np.ndarray, y: np.ndarray, seed: int) -> tuple[np.ndarray, float]:
    """Class-weighted logistic regression on embeddings: (weights, intercept)."""
    clf = LogisticRegression(C=C_HEAD, class_weight="balanced", max_iter=2000,
                             random_state=seed)
    clf.fit(E, y)
    return clf.coef_.ravel().astype(np.float32), float(clf.intercept_[0])


def fit_stacker(Z: np.ndarray, y: np.ndarray) -> tuple[float, float, float]:
    """Logistic regression on the two margins: (a_ngram, a_embedding, bias)."""
    if y.min() == y.max():
        return 1.0, 0.0, 0.0
    clf = LogisticRegression(C=10.0, max_iter=1000)
    clf.fit(Z, y)
    a1, a2 = (float(v) for v in clf.coef_.ravel())
    return a1, a2, float(clf.intercept_[0])


def stackers_for(Z: np.ndarray, y: np.ndarray, langs: np.ndarray
                 ) -> dict[str, tuple[float, float, float]]:
    """A stacker per language with enough rows of both classes, plus the pooled one (``*``)."""
    out = {ANY_LANGUAGE: fit_stacker(Z, y)}
    for lang in sorted(set(langs)):
        mask = langs == lang
        if mask.sum() >= 50 and 10 <= y[mask].sum() <= mask.sum() - 10:
            out[str(lang)] = fit_stacker(Z[mask], y[mask])
    return out


def _stack(Z: np.ndarray, langs: np.ndarray, st: dict[str, tuple[float, float, float]]
           ) -> np.ndarray:
    out = np.empty(len(Z))
    for lang in set(langs):
        a1, a2, b = st.get(lang, st[ANY_LANGUAGE])
        mask = langs == lang
        out[mask] = 1 / (1 + np.exp(-(a1 * Z[mask, 0] + a2 * Z[mask, 1] + b)))
    return out


@dataclass
class Encoded:
    """The encoded rows and what the fitting needs about them."""

    idx: np.ndarray  # indices into the training data
    E: np.ndarray
    z_ngram: np.ndarray  # (rows, categories) margins of the shipped n-gram heads
    roles: np.ndarray
    sources: np.ndarray
    languages: np.ndarray
    y: dict[str, np.ndarray]


def fit(enc: Encoded, seed: int, encoder_version: str,
        say: Callable[[str], None]) -> tuple[SemanticHeads, dict[str, Any]]:
    """Embedding heads and stackers; held-out tables for n-grams, embeddings, the combination."""
    k = len(CATEGORIES)
    W = np.zeros((enc.E.shape[1], k), dtype=np.float32)
    b = np.zeros(k)
    stackers: dict[str, dict[str, tuple[float, float, float]]] = {}
    thresholds: dict[str, dict[str, dict[str, float]]] = {}
    for j, cat in enumerate(CATEGORIES):
        y = enc.y[cat]
        train = (y >= 0) & (enc.roles == "train")
        val = (y >= 0) & (enc.roles == "val")
        if not train.any() or y[train].min() == y[train].max() or not val.any():
            stackers[cat] = {ANY_LANGUAGE: (1.0, 0.0, 0.0)}
            continue
        W[:, j], b[j] = fit_embedding_head(enc.E[train], y[train], seed)
        z_emb = enc.E @ W[:, j] + b[j]
        Z = np.c_[enc.z_ngram[:, j], z_emb]
        stackers[cat] = stackers_for(Z[val], y[val], enc.languages[val])
        thresholds[cat] = _val_thresholds(enc, Z, j, cat, stackers[cat])
        say(f"semantic {cat}: head on {int(train.sum())} encoded rows, stacker on "
            f"{int(val.sum())}: " + ", ".join(
                f"{lang} ngram {a1:.2f} emb {a2:.2f}" for lang, (a1, a2, _) in
                stackers[cat].items()))
    heads = SemanticHeads(CATEGORIES, W, b, stackers, encoder_version)
    return heads, {"thresholds": thresholds}


def _val_thresholds(enc: Encoded, Z: np.ndarray, j: int, cat: str,
                    st: dict[str, tuple[float, float, float]]) -> dict[str, dict[str, float]]:
    """Max-macro-F1 thresholds on validation rows for the three scorers, per language."""
    y = enc.y[cat]
    out: dict[str, dict[str, float]] = {}
    for lang in sorted(set(enc.languages)):
        val = (y >= 0) & (enc.roles == "val") & (enc.languages == lang)
        if not val.any():
            continue
        scores = _three(Z[val], enc.languages[val], st)
        out[str(lang)] = {name: ev.best_threshold(y[val], p) for name, p in scores.items()}
    return out


def _three(Z: np.ndarray, langs: np.ndarray, st: dict[str, tuple[float, float, float]]
           ) -> dict[str, np.ndarray]:
    return {"ngram": 1 / (1 + np.exp(-Z[:, 0])), "embedding": 1 / (1 + np.exp(-Z[:, 1])),
            "combined": _stack(Z, langs, st)}


def heldout_tables(enc: Encoded, heads: SemanticHeads, thresholds: dict) -> list[dict]:
    """Per dataset and pooled per language: AUC and macro-F1 of n-grams, embeddings, both."""
    rows = []
    for j, cat in enumerate(CATEGORIES):
        y = enc.y[cat]
        test = (y >= 0) & (enc.roles == "test")
        if not test.any():
            continue
        Z = np.c_[enc.z_ngram[:, j], heads.margins(enc.E)[:, j]]
        groups = [(str(s), str(enc.languages[(enc.sources == s) & test][0]),
                   test & (enc.sources == s)) for s in sorted(set(enc.sources[test]))]
        groups += [(f"all-{lang}", str(lang), test & (enc.languages == lang))
                   for lang in sorted(set(enc.languages[test]))]
        for name, lang, mask in groups:
            if y[mask].min() == y[mask].max():
                continue
            scores = _three(Z[mask], enc.languages[mask], heads.stackers[cat])
            thr = thresholds.get(cat, {}).get(lang, {})
            row = {"group": name, "language": lang, "category": cat, "n": int(mask.sum()),
                   "positives": int(y[mask].sum())}
            for scorer, p in scores.items():
                m = ev.binary_metrics(y[mask], p, thr.get(scorer, 0.5))
                row[scorer] = {"roc_auc": m["roc_auc"], "macro_f1": m["macro_f1"]}
            rows.append(row)
    return rows


def lodo_tables(enc: Encoded, ngram_lodo: dict[tuple[str, str], tuple[np.ndarray, float]],
                X: Any, seed: int) -> list[dict]:
    """Leave-one-dataset-out for the three scorers on each left-out set's encoded rows.

    ``ngram_lodo[(source, category)]`` holds the n-gram head refitted without the source
    (``train.run_lodo(..., keep=...)``); ``X`` is the n-gram feature matrix of all examples.
    """
    rows = []
    for (src, cat), (w, b0) in sorted(ngram_lodo.items()):
        y = enc.y[cat]
        held = (y >= 0) & (enc.sources == src)
        others = (y >= 0) & (enc.sources != src)
        train, val = others & (enc.roles == "train"), others & (enc.roles == "val")
        if not held.any() or y[held].min() == y[held].max() or y[train].min() == y[train].max():
            continue
        lang = str(enc.languages[held][0])
        val &= enc.languages == lang
        we, be = fit_embedding_head(enc.E[train], y[train], seed)
        z_ng = np.asarray(X[enc.idx] @ w).ravel() + b0
        Z = np.c_[z_ng, enc.E @ we + be]
        st = {ANY_LANGUAGE: fit_stacker(Z[val], y[val])}
        scores = _three(Z, enc.languages, st)
        row = {"group": src, "language": lang, "category": cat, "n": int(held.sum()),
               "positives": int(y[held].sum())}
        for scorer, p in scores.items():
            t = ev.best_threshold(y[val], p[val])
            m = ev.binary_metrics(y[held], p[held], t)
            row[scorer] = {"roc_auc": m["roc_auc"], "macro_f1": m["macro_f1"]}
        rows.append(row)
    return rows


def run_semantic(data: Any, model: Any, version: str, args: Any,
                 ngram_lodo: dict[tuple[str, str], tuple[np.ndarray, float]],
                 say: Callable[[str], None]) -> tuple[SemanticHeads, dict[str, Any]] | None:
    """The semantic stage of ``raqib train``: encode, fit, evaluate (None without an encoder)."""
    try:
        encoder = shared_encoder(args.threads, name=getattr(args, "encoder", "use"))
    except ImportError as err:
        say(f"semantic layer skipped: no encoder ({err})")
        return None
    texts = [ex.text for ex in data.examples]
    labels = [tuple(sorted(ex.labels.items())) for ex in data.examples]
    idx = select_rows(data.sources, data.roles, texts, labels, args.seed)
    say(f"semantic: encoding {len(idx)} of {len(texts)} rows (cached ones are read)")
    E = encode([texts[i] for i in idx], encoder,
               args.embedding_cache or DEFAULT_CACHE, say)
    enc = Encoded(
        idx=idx, E=E, z_ngram=model.margins([data.normalized[i] for i in idx]),
        roles=data.roles[idx], sources=data.sources[idx], languages=data.languages[idx],
        y={cat: data.y[cat][idx] for cat in CATEGORIES},
    )
    heads, info = fit(enc, args.seed, encoder.version, say)
    heads.metadata.update({"ngram_version": version, "rows_encoded": int(len(idx)),
                           "sample": dict(SAMPLE), "thresholds": info["thresholds"]})
    report = {
        "encoder": encoder.version,
        "rows_encoded": int(len(idx)),
        "sample": dict(SAMPLE),
        "heldout": heldout_tables(enc, heads, info["thresholds"]),
        "lodo": lodo_tables(enc, ngram_lodo, data.X, args.seed),
    }
    say(f"semantic: {len(report['heldout'])} held-out rows, {len(report['lodo'])} LODO rows")
    return heads, report


def main(argv: Sequence[str] | None = None) -> int:
    """Select and encode the rows (``--embed-only``): fills the cache for ``raqib train``."""
    from training.classifier_fit import Progress
    from training.classifier_splits import add_spam_negatives, assign_roles
    from training.datasets import load_all
    from training.train import DEFAULT_SEED

    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--data", type=Path, required=True)
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    ap.add_argument("--embedding-cache", type=Path, default=DEFAULT_CACHE)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--embed-only", action="store_true", required=True)
    ap.add_argument("--encoder", default="use", choices=("use", "e5"))
    args = ap.parse_args(argv)
    say = Progress()
    examples = load_all(args.data)
    roles = assign_roles(examples, args.seed)
    examples, _ = add_spam_negatives(examples)
    texts = [ex.text for ex in examples]
    labels = [tuple(sorted(ex.labels.items())) for ex in examples]
    idx = select_rows(np.array([ex.source for ex in examples], dtype=object), roles, texts,
                      labels, args.seed)
    say(f"{len(idx)} of {len(examples)} rows selected for encoding")
    encode([texts[i] for i in idx], shared_encoder(args.threads, name=args.encoder),
           args.embedding_cache, say)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
