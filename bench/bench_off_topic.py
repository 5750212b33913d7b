"""Micro-benchmark for the off-topic check: milliseconds per comment (prints, never asserts).

Run: .venv/bin/python bench/bench_off_topic.py [--artifact model/relevance.joblib]

It scores a rotation of Arabic, English, Arabizi and emoji comments against one article whose
vectors are already cached (as on a busy article), and prints

* one comment through ``OffTopicCheck.__call__`` (median and mean over calls, the comment's
  normalisation excluded, since the verdict shares it with every check);
* the model alone per comment at several batch sizes, on the direct path (fitted vocabularies,
  no sparse matrices) and on the scikit-learn ``transform`` path, so the ``FAST_MAX_BATCH``
  cut-over in ``model/relevance_vectors.py`` can be checked on this machine.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from model.relevance import DEFAULT_PATH
from model.relevance_vectors import FAST_MAX_BATCH
from service.core import Article, Context, Submission  # noqa: E402
from service.policy.off_topic import OffTopicCheck  # noqa: E402

ARTICLE = Article(
    "bench-raqqa",
    "International coalition: 300 ISIS fighters might have fled from Raqqa",
    "The International Coalition stated, after a month since Syria's democratic forces restored "
    "Raqqa, that dozens of foreign fighters could have been hiding among civilians and might have "
    "managed to escape elsewhere during the evacuation of 3,000 civilians from the city. Col. "
    "Ryan Dillon, the spokesman for the coalition forces, said there were about 300 militants who "
    "had been identified as potential fighters. The Syrian Democratic Forces reached an agreement "
    "with the militants on the exit of civilians, and the coalition said it did not take part.",
    "en",
)
COMMENTS = [
    "How did 300 fighters leave Raqqa without anyone noticing? The coalition owes us answers.",
    "الله يحمي المدنيين في الرقة، الوضع صعب جدا",
    "شو هالحكي؟ كيف طلعوا ٣٠٠ مقاتل بدون ما حدا يشوفهم",
    "You are all idiots if you believe the coalition",
    "Buy cheap watches now at www.example-shop.com, call +962 79 123 4567",
    "The Syrian Democratic Forces said civilians were inspected during the evacuation.",
    "ya 3ammi el ta7aluf ma 3emel shi, kolhom kazzabeen 😡",
    "This has nothing to do with anything, who won the football match yesterday?",
    "مين بيعرف مطعم منيح بعمان؟ بدي اعزم اهلي على منسف",
    "Col. Ryan Dillon should resign after this, 300 militants is not a small number and the "
    "families of the civilians who died in Raqqa deserve a real investigation, not excuses.",
]
REPEATS = 400
BATCH_SIZES = (1, 4, 16, 64, 256)


def _contexts(n: int) -> list[Context]:
    ctxs = [Context(Submission(COMMENTS[i % len(COMMENTS)]), ARTICLE) for i in range(n)]
    for ctx in ctxs:  # normalisation and language are shared by all checks: not timed here
        _ = ctx.norm, ctx.language
    return ctxs


def single(check: OffTopicCheck) -> tuple[float, float]:
    """Median and mean ms of one ``check(ctx)`` call."""
    samples = []
    for ctx in _contexts(REPEATS):
        start = time.perf_counter_ns()
        check(ctx)
        samples.append(time.perf_counter_ns() - start)
    return statistics.median(samples) / 1e6, statistics.fmean(samples) / 1e6


def per_comment(check: OffTopicCheck, size: int, direct: bool) -> float:
    """Median ms per comment of ``predict_proba`` on batches of ``size`` comments."""
    vectors, _ = check.article_vectors(ARTICLE)
    texts = [ctx.norm.text for ctx in _contexts(size)]
    arts = [vectors] * size
    rounds = max(3, REPEATS // size)
    samples = []
    for _ in range(rounds):
        start = time.perf_counter_ns()
        check.model.predict_proba(texts, arts, direct=direct)
        samples.append((time.perf_counter_ns() - start) / size)
    return statistics.median(samples) / 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--artifact", type=Path, default=DEFAULT_PATH)
    args = parser.parse_args()
    check = OffTopicCheck.load(args.artifact)
    check(_contexts(1)[0])  # vectorise the article once and warm the per-word caches
    for direct in (True, False):
        per_comment(check, 16, direct)

    median, mean = single(check)
    print(f"OffTopicCheck.__call__, one comment: median {median:.3f} ms, mean {mean:.3f} ms")
    print(f"\nmodel.predict_proba, ms per comment (default: direct up to {FAST_MAX_BATCH})")
    print(f"{'batch':>6} {'direct':>8} {'sklearn':>8}")
    for size in BATCH_SIZES:
        fast = per_comment(check, size, direct=True)
        slow = per_comment(check, size, direct=False)
        print(f"{size:>6} {fast:>8.3f} {slow:>8.3f}")


if __name__ == "__main__":
    main()
