"""Fit and evaluate off-topic with embeddings (``model.semantic_relevance``) on public pairs.

Usage::

    python -m training.semantic_offtopic --data ../shared/data [--out FILE]

The pairs and their train/test splits are those of ``training.train_relevance`` (SemEval-2015
official test; Fox News and SFU with held-out articles; ANERcorp windows; the Arabic trend-tweet
pairs, held out entirely).  A hash-chosen sample of up to ``PER_GROUP`` pairs per source and split
is encoded (cached on disk like the classifier's rows).  "Other recent articles" of a pair are up
to ``OTHER_ARTICLES`` other articles of the same source and split.  The logistic regression is
fitted on training pairs; the held-out pairs give, per source, the ROC AUC of the lexical model
alone, of the embedding features alone, and of the combination (written next to ``--out`` as
``semantic_relevance_metrics.json``, and into the model card by ``raqib train``).
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score

from model.embed import EmbeddingCache, embed_cached, shared_encoder
from model.normalize import normalize_text
from model.relevance import RelevanceModel
from model.semantic_relevance import (
    DEFAULT_PATH,
    FEATURES,
    OTHER_ARTICLES,
    SemanticRelevance,
    features,
    passages,
)
from training.relevance_data import Pair, anercorp_sentences, english_pairs, hashtag_pairs
from training.relevance_data import window_pairs as aner_pairs
from training.semantic import DEFAULT_CACHE

REPO = Path(__file__).resolve().parent.parent
PER_GROUP = 500
PROTOTYPES = [REPO / "service" / "policy" / "data" / "generic_reactions.tsv",
              REPO / "training" / "data" / "reaction_prototypes.tsv"]


def _unit(text: str) -> float:
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "big") / 2**64


def prototype_phrases() -> list[str]:
    """Generic reactions and prayers that fit any story (both shipped lists)."""
    out: list[str] = []
    for path in PROTOTYPES:
        with path.open(encoding="utf-8", newline="") as fh:
            out += [r["phrase"] for r in csv.DictReader(fh, delimiter="\t") if r["phrase"]]
    return sorted(set(out))


def sample(pairs: Sequence[Pair]) -> list[Pair]:
    """Up to ``PER_GROUP`` pairs per (source, split), by hash, both labels kept."""
    groups: dict[tuple[str, str], list[Pair]] = {}
    for q in pairs:
        groups.setdefault((q.source, q.split), []).append(q)
    out: list[Pair] = []
    for rows in groups.values():
        rows.sort(key=lambda q: _unit(f"{q.group}|{q.comment}|{q.title}"))
        out += rows[:PER_GROUP]
    return out


def article_text(q: Pair) -> str:
    """What the encoder sees of an article: the title and the start of the body."""
    return f"{q.title}\n{q.body}".strip()


def build(pairs: Sequence[Pair], relevance: RelevanceModel, encoder, cache_path: Path,
          prototypes: np.ndarray) -> np.ndarray:
    """The feature matrix of ``pairs`` (see ``model.semantic_relevance``)."""
    cache = EmbeddingCache(cache_path, encoder.version)
    try:
        comments = embed_cached(encoder, [q.comment for q in pairs], "query", cache)
        arts = sorted({article_text(q) for q in pairs})
        titles = sorted({q.title for q in pairs})
        a_emb = dict(zip(arts, embed_cached(encoder, arts, "passage", cache), strict=True))
        t_emb = dict(zip(titles, embed_cached(encoder, titles, "passage", cache), strict=True))
        pieces = {b: passages(b) for b in {q.body for q in pairs}}
        flat = sorted({p for ps in pieces.values() for p in ps})
        p_emb = dict(zip(flat, embed_cached(encoder, flat, "passage", cache), strict=True))
    finally:
        cache.close()
    by_group: dict[tuple[str, str], list[str]] = {}
    for q in pairs:
        by_group.setdefault((q.source, q.split), [])
        if article_text(q) not in by_group[(q.source, q.split)]:
            by_group[(q.source, q.split)].append(article_text(q))
    others = []
    for q in pairs:
        pool = [a for a in by_group[(q.source, q.split)] if a != article_text(q)]
        pool.sort(key=lambda a, q=q: _unit(f"{q.comment}|{a}"))
        others.append(np.array([a_emb[a] for a in pool[:OTHER_ARTICLES]])
                      .reshape(-1, encoder.dimension))
    lexical = np.concatenate([
        relevance.predict_proba([normalize_text(q.comment)],
                                [relevance.article(q.title, q.body)]) for q in pairs
    ])
    return features(lexical, comments, np.array([a_emb[article_text(q)] for q in pairs]),
                    np.array([t_emb[q.title] for q in pairs]), others, prototypes,
                    [np.array([p_emb[p] for p in pieces[q.body]]).reshape(-1, encoder.dimension)
                     for q in pairs])


def main(argv: Sequence[str] | None = None) -> int:
    """Fit on training pairs, evaluate on held-out pairs, save the artifact and metrics."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--data", type=Path, required=True)
    ap.add_argument("--out", type=Path, default=DEFAULT_PATH)
    ap.add_argument("--embedding-cache", type=Path, default=DEFAULT_CACHE)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--encoder", default="use", choices=("use", "e5"))
    args = ap.parse_args(argv)
    from training.datasets import load_all

    examples = load_all(args.data)
    ar_texts = [e.text for e in examples
                if e.language == "ar" and e.source != "arabic_lowquality_spam"]
    aner = anercorp_sentences(args.data)
    pairs = english_pairs(args.data) + aner_pairs(aner.get("train", []), "train")
    pairs += aner_pairs(aner.get("test", []), "test") + hashtag_pairs(ar_texts)[0]
    pairs = sample(pairs)
    print(f"{len(pairs)} pairs sampled", flush=True)
    encoder = shared_encoder(args.threads, name=args.encoder)
    relevance = RelevanceModel.load()
    cache = EmbeddingCache(args.embedding_cache, encoder.version)
    protos = embed_cached(encoder, prototype_phrases(), "query", cache)
    cache.close()
    x = build(pairs, relevance, encoder, args.embedding_cache, protos)
    off = np.array([1 - q.on_topic for q in pairs])
    train = np.array([q.split == "train" for q in pairs])
    clf = LogisticRegression(C=1.0, max_iter=2000).fit(x[train], off[train])
    emb_only = LogisticRegression(C=1.0, max_iter=2000).fit(x[train][:, 1:], off[train])
    model = SemanticRelevance(clf.coef_.ravel(), float(clf.intercept_[0]), protos,
                              encoder.version)
    p = model.proba(x)
    p_emb = emb_only.predict_proba(x[:, 1:])[:, 1]
    held_out = {}
    for source in sorted({q.source for q in pairs}):
        m = np.array([q.source == source and q.split == "test" for q in pairs])
        if m.sum() < 20 or len(set(off[m])) < 2:
            continue
        held_out[source] = {
            "pairs": int(m.sum()),
            "lexical": round(float(roc_auc_score(off[m], x[m, 0])), 4),
            "embedding": round(float(roc_auc_score(off[m], p_emb[m])), 4),
            "combined": round(float(roc_auc_score(off[m], p[m])), 4),
        }
        print(f"{source}: {held_out[source]}", flush=True)
    metrics = {
        "task": "P(off-topic) of (comment, article) pairs: lexical model, embeddings, both",
        "held_out_roc_auc": held_out,
        "features": list(FEATURES),
        "coef": dict(zip(FEATURES, np.round(clf.coef_.ravel(), 4).tolist(), strict=True)),
        "pairs": {"train": int(train.sum()), "test": int((~train).sum())},
        "per_group": PER_GROUP,
        "encoder": encoder.version,
        "command": "python -m training.semantic_offtopic --data DATA",
    }
    model.metadata.update(metrics)
    model.save(args.out)
    (args.out.parent / "semantic_relevance_metrics.json").write_text(
        json.dumps(metrics, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {args.out}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
