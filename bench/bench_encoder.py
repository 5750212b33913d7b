"""The sentence encoder alone at several batch sizes: what batching comments would save.

Prints, per batch size, the median milliseconds per call and per comment over repeated calls on
the load benchmark's comments (Arabic and English, in rotation), one intra-op thread as served.
Prints, never asserts.  Run: .venv/bin/python bench/bench_encoder.py [--calls 60]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.load import COMMENTS  # noqa: E402
from model.embed import shared_encoder  # noqa: E402

SIZES = (1, 2, 3, 4, 8)


def main(argv: list[str] | None = None) -> None:
    """Time ``embed`` per batch size and print a table."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--calls", type=int, default=60, help="calls per batch size")
    ap.add_argument("--encoder", default="use", choices=["use", "e5"])
    args = ap.parse_args(argv)
    enc = shared_encoder(1, name=args.encoder)
    enc.embed(COMMENTS[:4])  # load and warm up
    print(f"{enc.version}, one thread, {args.calls} calls per size\n")
    print("| comments per call | ms per call (median) | ms per comment |")
    print("|---:|---:|---:|")
    for size in SIZES:
        times = []
        for k in range(args.calls):
            batch = [COMMENTS[(k + i) % len(COMMENTS)] for i in range(size)]
            t = time.perf_counter()
            enc.embed(batch)
            times.append((time.perf_counter() - t) * 1000)
        per_call = statistics.median(times)
        print(f"| {size} | {per_call:.2f} | {per_call / size:.2f} |")


if __name__ == "__main__":
    main()
