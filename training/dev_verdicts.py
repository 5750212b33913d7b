"""Every dev row's verdict in a file, and the rows two such files disagree on.

Usage::

    python -m training.dev_verdicts OUT.json            # score with this checkout's engine
    python -m training.dev_verdicts --compare A.json B.json

Scores the ``dev`` split of every triage set in one engine built as the service builds it
(``training.case_scoring.score_sets``: all their articles registered as the site's), and writes
per row its set, language, gold categories, verdict and the categories it is rejected for.  Run
at two commits, ``--compare`` counts the changes by kind (acceptable or violation, old verdict ->
new) and lists the rows: how a rule or a retune moves the dev rows, which the README reports.
The ``test`` splits are never read.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from training import triage as tr
from training.case_scoring import score_sets
from training.evaluate_policy import load_articles, load_cases, select_split


def score_dev() -> dict[str, dict[str, Any]]:
    """Row id -> set, language, gold categories, verdict and rejected categories."""
    pairs, keys = [], []
    for key, (cases, articles) in tr.TRIAGE_SETS.items():
        rows = select_split(load_cases(cases), "dev")
        if rows:
            pairs.append((rows, load_articles(articles)))
            keys.append(key)
    scored, reject, _, _ = score_sets(pairs)
    out = {}
    for key, (rows, _), verdicts in zip(keys, pairs, scored, strict=True):
        for row, v in zip(rows, verdicts, strict=True):
            out[row["id"]] = {
                "set": key, "language": row["language"],
                "gold": sorted(c for c, x in row["labels"].items() if x),
                "verdict": v.verdict, "rejected_for": sorted(tr.rejected_for(v, reject)),
                "comment": row["comment"],
            }
    return out


def _state(row: Mapping[str, Any]) -> str:
    rejected = ":" + ",".join(row["rejected_for"]) if row["verdict"] == "reject" else ""
    return row["verdict"] + rejected


def compare(old: Mapping[str, Mapping[str, Any]], new: Mapping[str, Mapping[str, Any]]
            ) -> tuple[Counter[tuple[str, str, str]], list[str]]:
    """Changes by (acceptable|violation, old verdict, new verdict), and a line per changed row."""
    counts: Counter[tuple[str, str, str]] = Counter()
    lines = []
    for rid, a in old.items():
        b = new.get(rid)
        if b is None or _state(a) == _state(b):
            continue
        kind = "violation" if a["gold"] else "acceptable"
        counts[(kind, a["verdict"], b["verdict"])] += 1
        lines.append(f"{rid} [{','.join(a['gold']) or 'ok'}] {_state(a)} -> {_state(b)} | "
                     f"{a['comment'][:100]}")
    return counts, lines


def main(argv: Sequence[str] | None = None) -> int:
    """Write this checkout's dev verdicts, or compare two files of them."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("out", nargs="?", type=Path, help="where to write the verdicts")
    ap.add_argument("--compare", nargs=2, type=Path, metavar=("OLD", "NEW"))
    args = ap.parse_args(argv)
    if args.compare:
        old, new = (json.loads(p.read_text(encoding="utf-8")) for p in args.compare)
        counts, lines = compare(old, new)
        print("\n".join(lines))
        for (kind, a, b), n in sorted(counts.items()):
            print(f"{kind:10}  {a:7} -> {b:7}  {n}")
        print(f"{sum(counts.values())} of {len(old)} dev rows changed")
        return 0
    if args.out is None:
        ap.error("give OUT.json, or --compare OLD NEW")
    rows = score_dev()
    args.out.write_text(json.dumps(rows, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    print(f"{len(rows)} dev rows -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
