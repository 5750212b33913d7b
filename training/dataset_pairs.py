"""(comment, context) relevance pairs for the off-topic model, from the sets that carry them.

SemEval-2015 CQA pairs a question with its answers (Good = on-topic, Bad/Dialogue = off-topic).
Fox News and SFU comments only come with their own article's title, so each comment is paired
with it (on-topic) and with another article's title, chosen by a hash (off-topic).
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from training.dataset_base import RelevancePair, _read_csv, _split, dedupe_key
from training.dataset_registry import RELEVANCE_DATASETS, _check_names

# Warnings go to the ``training.datasets`` logger, the name callers configure and filter.
log = logging.getLogger("training.datasets")


def _pairs_semeval(folder: Path) -> Iterator[RelevancePair]:
    for r in _read_csv(folder / "semeval2015_task3_cqa_ql_english.csv"):
        label = r["label"].strip()
        # Potential is neither on- nor off-topic; "Not English" is out of scope.
        if label == "Good":
            y = 1
        elif label in ("Bad", "Dialogue"):
            y = 0
        else:
            continue
        subject, body = r["q_subject"].strip(), r["q_body"].strip()
        context = f"{subject}\n{body}" if body and body != subject else subject
        yield RelevancePair(r["c_body"].strip(), context, y, "semeval2015_cqa",
                            _split(r["split"]), "en", r["qid"].strip())


def _with_mismatched(source: str, rows: list[tuple[str, str, str]]) -> Iterator[RelevancePair]:
    """(comment, article id, title) -> the true pair (1) and one other article's title (0)."""
    titles: dict[str, str] = {}
    for _, article, title in rows:
        titles.setdefault(article, title)
    articles = sorted(titles)
    for comment, article, title in rows:
        yield RelevancePair(comment, title, 1, source, "train", "en", article)
        others = [a for a in articles if a != article]
        if not others:
            continue
        # Deterministic choice: stable across runs and machines, unlike random.
        digest = int(hashlib.sha256(comment.encode("utf-8")).hexdigest(), 16)
        other = others[digest % len(others)]
        yield RelevancePair(comment, titles[other], 0, source, "train", "en", other)


def _pairs_fox(folder: Path) -> Iterator[RelevancePair]:
    rows = [(r["text"].strip(), r["thread_id"].strip(), r["title"].strip())
            for r in _read_csv(folder / "fox_news_comments.csv")]
    return _with_mismatched("fox_news_comments", [r for r in rows if r[0]])


_GLOBE_SUFFIX_RE = re.compile(r"\s*-\s*The Globe and Mail\s*$")


def _pairs_sfu(folder: Path) -> Iterator[RelevancePair]:
    rows = [(r["comment"].strip(), r["article_id"].strip(),
             _GLOBE_SUFFIX_RE.sub("", r["title"]).strip())
            for r in _read_csv(folder / "sfu_constructiveness_toxicity.csv")]
    return _with_mismatched("sfu_ctc", [r for r in rows if r[0]])


_PAIR_LOADERS: dict[str, Callable[[Path], Iterator[RelevancePair]]] = {
    "semeval2015_cqa": _pairs_semeval,
    "fox_news_comments": _pairs_fox,
    "sfu_ctc": _pairs_sfu,
}


def load_relevance_pairs(data_dir: Path, *, exclude: Iterable[str] = ()) -> list[RelevancePair]:
    """Load (comment, context, on-topic label) pairs; Fox/SFU negatives pair another title."""
    data_dir = Path(data_dir)
    excluded = set(_check_names(exclude))
    pairs: list[RelevancePair] = []
    seen: set[tuple[str, str]] = set()
    for name in RELEVANCE_DATASETS:
        if name in excluded:
            continue
        if not (data_dir / name).is_dir():
            log.warning("dataset %s skipped: folder absent: %s", name, data_dir / name)
            continue
        for pair in _PAIR_LOADERS[name](data_dir / name):
            key = (dedupe_key(pair.comment), dedupe_key(pair.context))
            if not key[0] or key in seen:
                continue
            seen.add(key)
            pairs.append(pair)
    return pairs
