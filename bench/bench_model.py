"""Speed of the trained classifiers, in-process on one core (figures printed, never asserted).

    .venv/bin/python bench/bench_model.py [--artifact model/raqib-<v>.joblib] [--data DIR]

Prints the artifact's size and load time, the median latency of one comment through every head
of :class:`model.classifier.ClassifierCheck` (with the comment's normalisation already shared by
the core, and including it), and batch throughput (comments/s) with and without normalisation.
Comments are held-out texts of the public sets when ``--data`` (default ``RAQIB_SHARED_DATA`` or
``../shared/data``) exists, otherwise invented ones.
"""

from __future__ import annotations

import os

# One core: BLAS/OpenMP pools must be sized before numpy is imported.
for _var in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
    os.environ[_var] = "1"

import argparse  # noqa: E402
import random  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from model.artifact import MODEL_DIR, current_name, load_artifact  # noqa: E402
from model.classifier import ClassifierCheck  # noqa: E402
from model.normalize import detect_language, normalize_text  # noqa: E402
from service.core import Context, Submission  # noqa: E402


def sample_comments(data: Path, n: int) -> list[str]:
    """Texts from the OLID and OSACT2020 held-out splits, or invented ones."""
    try:
        from training.datasets import load_all

        rows = load_all(data, include=["olid", "osact2020", "lhsab", "youtube_spam"])
        texts = [r.text for r in rows]
    except (OSError, ValueError):
        texts = []
    if not texts:
        rng = random.Random(0)
        words = ["the", "minister", "road", "idiot", "good", "news", "الوزير", "كلام", "حمار",
                 "الطريق", "جميل", "buy", "now", "http://x.example"]
        texts = [" ".join(rng.choice(words) for _ in range(rng.randint(5, 25)))
                 for _ in range(n)]
    rng = random.Random(1)
    return [rng.choice(texts) for _ in range(n)]


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--artifact", type=Path, default=None,
                        help="default: the one named by model/CURRENT")
    parser.add_argument("--data", type=Path, default=Path(
        os.environ.get("RAQIB_SHARED_DATA", REPO.parent / "shared" / "data")))
    parser.add_argument("--n", type=int, default=20000, help="comments in the batch test")
    parser.add_argument("--single", type=int, default=2000, help="single-comment repetitions")
    args = parser.parse_args(argv)

    path = args.artifact.resolve() if args.artifact else MODEL_DIR / (current_name() or "")
    started = time.perf_counter()
    artifact = load_artifact(path.name, root=path.parent)
    load_s = time.perf_counter() - started
    check = ClassifierCheck(artifact)
    print(f"artifact {artifact.version}: {path.stat().st_size / 1e6:.1f} MB, "
          f"loaded in {load_s:.2f} s")

    comments = sample_comments(args.data, args.n)
    mean_len = statistics.mean(len(c) for c in comments)
    print(f"{len(comments)} comments, mean length {mean_len:.0f} characters")

    # Warm-up (first calls allocate).
    check.batch([Context(Submission(c), None) for c in comments[:200]])

    single = comments[: args.single]
    prepared = []
    for c in single:
        ctx = Context(Submission(c), None)
        _ = ctx.norm, ctx.language  # the core computes these once for all checks
        prepared.append(ctx)
    times = []
    for ctx in prepared:
        t = time.perf_counter()
        check(ctx)
        times.append(time.perf_counter() - t)
    print(f"one comment, all heads (normalisation shared by the core): median "
          f"{statistics.median(times) * 1e3:.3f} ms, p95 "
          f"{sorted(times)[int(0.95 * len(times))] * 1e3:.3f} ms")
    times = []
    for c in single:
        t = time.perf_counter()
        check(Context(Submission(c), None))
        times.append(time.perf_counter() - t)
    print(f"one comment, all heads, including normalize() and language detection: median "
          f"{statistics.median(times) * 1e3:.3f} ms")

    ctxs = []
    for c in comments:
        ctx = Context(Submission(c), None)
        _ = ctx.norm, ctx.language
        ctxs.append(ctx)
    t = time.perf_counter()
    check.batch(ctxs)
    dt = time.perf_counter() - t
    print(f"batch via ClassifierCheck.batch (normalisation shared, reasons and spans built): "
          f"{len(ctxs) / dt:,.0f} comments/s")
    model = artifact.model
    normalized = [ctx.norm.text for ctx in ctxs]
    languages = [ctx.language for ctx in ctxs]
    t = time.perf_counter()
    model.scores(model.probabilities(normalized, languages), languages)
    dt = time.perf_counter() - t
    print(f"batch scoring, model only (features + 3 heads + calibration): "
          f"{len(ctxs) / dt:,.0f} comments/s")
    t = time.perf_counter()
    normalized = [normalize_text(c) for c in comments]
    languages = [detect_language(c) for c in comments]
    model.scores(model.probabilities(normalized, languages), languages)
    dt = time.perf_counter() - t
    print(f"batch scoring including normalize_text and detect_language: "
          f"{len(comments) / dt:,.0f} comments/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
