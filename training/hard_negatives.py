"""False alarms on acceptable comments written to look like violations (a benchmark and a ceiling).

Usage::

    python -m training.hard_negatives [--cases training/data/hard_negatives.jsonl]

``training/data/hard_negatives.jsonl``: 360 acceptable reader comments, 120 each in Arabic script,
Arabizi and English, written blind on 2026-12-06 by three writers who read only the site's
policy and the labelling guidelines (``docs/triage_guidelines.md``).  Every one is a trap for a
word filter, in six kinds of 20 per script: an insult word meant literally (stray dogs, a donkey
cart, garbage), quoted or condemned ("he called the referee 'donkey', shameful"), negated or said
of oneself, idioms with harsh words ("قتلونا بالأسعار", "a killer pothole"), everyday words that
look like profanity (شعير، كلبشات، shita, Scunthorpe, cockpit), and groups mentioned warmly or
harsh criticism of a government.  No labels but "acceptable": any rejection is a false alarm.

The comments are scored as the service scores a comment sent without its article (off-topic
needs the story, which these rows only have as a headline): what is measured is offense,
strife, names and spam.  Rules were read against these rows in the session that wrote them, so
figures after that session's changes are in-sample; the figure at the commit before them
(``a9cfbb1``; run this file with that checkout on ``PYTHONPATH``, as ``training.model_alone``
is run) is the held-out one.  Since the tenth session these rows also bound the operating
points (``training.tune_operating_points --hard-negative-extra``: the models may add at most 1%
of a language's traps to what the rules reject), so the figures are in-sample for the points too.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

DEFAULT_CASES = Path(__file__).resolve().parent / "data" / "hard_negatives.jsonl"
SCRIPTS = ("arabic", "arabizi", "latin")
KIND_NAMES = {1: "literal", 2: "quoted or condemned", 3: "negated or of oneself", 4: "idiom",
              5: "look-alike word", 6: "group mention or criticism"}


def load(path: Path) -> list[dict]:
    """The hard-negative rows of a JSON-lines file."""
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def tally(rows: Sequence[dict], verdicts: Sequence[str], causes: Sequence[set[str]]) -> dict:
    """Per script and kind: rows, rejected, sent to review; rejections per category."""
    out: dict = {"scripts": {}, "kinds": {}, "rejected_by": {}}
    for row, verdict, cause in zip(rows, verdicts, causes, strict=True):
        for key, group in (("scripts", row["script"]), ("kinds", f"{row['script']}:{row['kind']}")):
            c = out[key].setdefault(group, Counter())
            c["rows"] += 1
            c[verdict] += 1
        if verdict == "reject":
            by = out["rejected_by"].setdefault(row["script"], Counter())
            for category in cause or {"other"}:
                by[category] += 1
    return out


def format_tally(t: dict) -> list[str]:
    """A table per script, then the kinds that were rejected."""
    lines = ["| script | comments | rejected | sent to review | published | rejected by |",
             "|---|---:|---:|---:|---:|---|"]
    for script in SCRIPTS:
        c = t["scripts"].get(script)
        if not c:
            continue
        n = c["rows"]
        by = ", ".join(f"{k} {v}" for k, v in sorted(t["rejected_by"].get(script, {}).items()))
        lines.append(f"| {script} | {n} | {c['reject'] / n:.1%} | {c['review'] / n:.1%} | "
                     f"{c['approve'] / n:.1%} | {by or '-'} |")
    lines += ["", "| script | kind | comments | rejected | sent to review |",
              "|---|---|---:|---:|---:|"]
    for key, c in sorted(t["kinds"].items()):
        script, kind = key.split(":")
        lines.append(f"| {script} | {KIND_NAMES.get(int(kind), kind)} | {c['rows']} | "
                     f"{c['reject']} | {c['review']} |")
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    """Score the hard negatives and print how many were rejected or sent to review."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--cases", type=Path, default=DEFAULT_CASES)
    args = ap.parse_args(argv)
    # Imported here: an older checkout on PYTHONPATH supplies its own engine.
    from model.verdict import Article
    from training import triage as tr
    from training.case_scoring import score_sets

    rows = load(args.cases)
    cases = [{"id": r["id"], "article_id": "none", "comment": r["comment"]} for r in rows]
    # An empty story: off-topic has nothing to compare with and gives no score.
    [verdicts], reject, _, version = score_sets([(cases, {"none": Article("none", "", "")})])
    causes = [tr.rejected_for(v, reject) for v in verdicts]
    print(f"Hard negatives: {len(rows)} acceptable comments; engine {version}; "
          f"scored without their article (no off-topic score)\n")
    print("\n".join(format_tally(tally(rows, [v.verdict for v in verdicts], causes))))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
