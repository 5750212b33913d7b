"""Evaluate the assembled moderation engine on the hand-labelled policy case file.

Usage::

    python -m training.evaluate_policy [--cases FILE] [--articles FILE] [--data DIR] [--json OUT]

The cases (``training/data/policy_cases.jsonl``) are realistic Arabic and English comments on six
articles (``training/data/policy_articles.json``), labelled by what the site's policy asks a
careful moderator to do, written before any lexicon or rule was read.  None of them is used to
fit or tune anything, so every figure printed here is held out.

The engine is built exactly as the service builds it (``create_app`` with an in-memory database,
the shipped watchlist seeded as ``raqib init`` does), and scored with ``moderate_many``.  A
category counts as predicted when its final score reaches the engine's reject threshold; the
review threshold gives the "flagged" figures.  The script reports whatever checks the engine has:
it never assumes which ones exist.

It also prints the held-out figures of the trained components that the case file cannot measure:
PER entity F1 on the ANERcorp and WNUT-17 test splits (``model/ner_metrics.json``, or recomputed
with ``--data``) and the off-topic AUC on held-out pairs (``model/relevance_metrics.json``).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from service.core import CATEGORIES, Article, Verdict
from training import triage as tr
from training.case_scoring import (  # noqa: F401 - part of this command's public interface
    _seed_like_init,
    register_articles,
    score_cases,
    score_sets,
)
from training.components import (  # noqa: F401 - part of this command's public interface
    NER_METRICS,
    NER_SPLITS,
    RELEVANCE_METRICS,
    _fmt,
    _shown,
    format_components,
    ner_from_metrics,
    ner_recomputed,
    relevance_auc,
)

REPO = Path(__file__).resolve().parent.parent
DATA_DIR = Path(__file__).resolve().parent / "data"
DEFAULT_CASES = DATA_DIR / "policy_cases.jsonl"
DEFAULT_ARTICLES = DATA_DIR / "policy_articles.json"
LANGUAGES = ("ar", "en")
HARD_NEGATIVE = "hard-neg"
MAX_LISTED = 40
CASE_KEYS = ("id", "article_id", "comment", "name", "language", "labels", "note")
SPLIT_VALUES = ("dev", "test")


# -- the case file ----------------------------------------------------------------------


def load_articles(path: Path = DEFAULT_ARTICLES) -> dict[str, Article]:
    """The evaluation articles keyed by id."""
    rows = json.loads(Path(path).read_text(encoding="utf-8"))
    return {
        r["id"]: Article(id=r["id"], title=r["title"], body=r["body"], language=r["language"])
        for r in rows
    }


def load_cases(path: Path = DEFAULT_CASES) -> list[dict[str, Any]]:
    """The labelled comments, one JSON object per non-blank line."""
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def validate_cases(cases: Sequence[Mapping[str, Any]], article_ids: set[str]) -> list[str]:
    """Schema problems of a case list (empty when every case is well formed)."""
    problems: list[str] = []
    seen: set[str] = set()
    for n, case in enumerate(cases, 1):
        where = f"case {n} ({case.get('id', '?')})"
        missing = [k for k in CASE_KEYS if k not in case]
        if missing:
            problems.append(f"{where}: missing {', '.join(missing)}")
            continue
        if case["id"] in seen:
            problems.append(f"{where}: duplicate id")
        seen.add(case["id"])
        if case["article_id"] not in article_ids:
            problems.append(f"{where}: unknown article {case['article_id']!r}")
        if case["language"] not in LANGUAGES:
            problems.append(f"{where}: language must be one of {LANGUAGES}")
        if not isinstance(case["comment"], str) or not case["comment"].strip():
            problems.append(f"{where}: empty comment")
        if not isinstance(case["note"], str) or not case["note"].strip():
            problems.append(f"{where}: empty note")
        if "split" in case and case["split"] not in SPLIT_VALUES:
            problems.append(f"{where}: split must be one of {SPLIT_VALUES}")
        labels = case["labels"]
        if not isinstance(labels, dict) or set(labels) != set(CATEGORIES):
            problems.append(f"{where}: labels must have exactly {', '.join(CATEGORIES)}")
        elif any(v not in (0, 1) or isinstance(v, bool) for v in labels.values()):
            problems.append(f"{where}: labels must be 0 or 1")
        elif is_hard_negative(case) and any(labels.values()):
            problems.append(f"{where}: a hard negative has a positive label")
    return problems


def is_hard_negative(case: Mapping[str, Any]) -> bool:
    """Whether the case is an acceptable comment built to look like a violation."""
    return str(case.get("note", "")).startswith(HARD_NEGATIVE)


def hard_negative_type(case: Mapping[str, Any]) -> str:
    """The hard-negative type from a note like ``hard-neg:group-mention: ...``."""
    parts = str(case["note"]).split(":")
    return parts[1].strip() if len(parts) > 1 and parts[1].strip() else "other"


def should_reject(case: Mapping[str, Any]) -> bool:
    """The policy's verdict for a case: reject when any category applies."""
    return any(case["labels"][c] for c in CATEGORIES)


def _ratio(num: int, den: int) -> float | None:
    return num / den if den else None


def category_metrics(
    gold: Sequence[int], scores: Sequence[float], reject: float, review: float
) -> dict[str, Any]:
    """Support, precision, recall and F1 at ``reject``; recall and flagged share at ``review``."""
    pred = [s >= reject for s in scores]
    flag = [s >= review for s in scores]
    tp = sum(1 for g, p in zip(gold, pred, strict=True) if g and p)
    support = sum(gold)
    precision = _ratio(tp, sum(pred))
    recall = _ratio(tp, support)
    # 2TP / (2TP + FP + FN): defined (0) even when nothing was predicted.
    f1 = _ratio(2 * tp, sum(pred) + support)
    return {
        "n": len(gold),
        "support": support,
        "predicted": sum(pred),
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "recall_at_review": _ratio(
            sum(1 for g, f in zip(gold, flag, strict=True) if g and f), support
        ),
        "flagged_at_review": _ratio(sum(flag), len(gold)),
    }


def evaluate(
    cases: Sequence[Mapping[str, Any]],
    verdicts: Sequence[Verdict],
    reject: Mapping[str, float],
    review: Mapping[str, float],
) -> dict[str, Any]:
    """All figures of the report, as a JSON-ready dict."""
    slices = {"all": list(range(len(cases)))}
    for lang in LANGUAGES:
        slices[lang] = [i for i, c in enumerate(cases) if c["language"] == lang]
    per_category: dict[str, dict[str, Any]] = {}
    for cat in CATEGORIES:
        per_category[cat] = {}
        for name, idx in slices.items():
            per_category[cat][name] = category_metrics(
                [int(cases[i]["labels"][cat]) for i in idx],
                [float(verdicts[i].scores.get(cat, 0.0)) for i in idx],
                reject.get(cat, 1.01),
                review.get(cat, 1.01),
            )

    rejected = [v.verdict == "reject" for v in verdicts]
    expected = [should_reject(c) for c in cases]
    verdict_accuracy = {
        name: _ratio(sum(1 for i in idx if rejected[i] == expected[i]), len(idx))
        for name, idx in slices.items()
    }
    hard = [i for i, c in enumerate(cases) if is_hard_negative(c)]
    by_type: dict[str, dict[str, int]] = {}
    for i in hard:
        row = by_type.setdefault(hard_negative_type(cases[i]), {"n": 0, "rejected": 0})
        row["n"] += 1
        row["rejected"] += int(rejected[i])
    negatives = [i for i, e in enumerate(expected) if not e]
    return {
        "cases": len(cases),
        "languages": {lang: len(slices[lang]) for lang in LANGUAGES},
        "thresholds": {"reject": dict(reject), "review": dict(review)},
        "per_category": per_category,
        "verdict_accuracy": verdict_accuracy,
        "false_rejection_rate": {
            "hard_negatives": _ratio(sum(rejected[i] for i in hard), len(hard)),
            "all_acceptable": _ratio(sum(rejected[i] for i in negatives), len(negatives)),
            "hard_negatives_n": len(hard),
            "all_acceptable_n": len(negatives),
            "by_type": by_type,
        },
        "misclassified": misclassified(cases, verdicts, reject),
        "unscored_categories": sorted(unscored_categories(verdicts)),
    }


def misclassified(
    cases: Sequence[Mapping[str, Any]], verdicts: Sequence[Verdict], reject: Mapping[str, float]
) -> list[dict[str, Any]]:
    """Cases whose predicted categories differ from the labels, most telling first.

    False rejections come first, then errors in categories some check already scores, then
    misses in categories no check scores at all (those say nothing about the rules).
    """
    unscored = unscored_categories(verdicts)
    rows = []
    for case, verdict in zip(cases, verdicts, strict=True):
        gold = sorted(c for c in CATEGORIES if case["labels"][c])
        got = sorted(c for c in CATEGORIES if verdict.scores.get(c, 0.0) >= reject.get(c, 1.01))
        wrong_verdict = (verdict.verdict == "reject") != bool(gold)
        if gold == got and not wrong_verdict:
            continue
        if wrong_verdict and not gold:
            kind = "false rejection"
        elif wrong_verdict:
            kind = "missed"
        else:
            kind = "wrong category"
        wrong = set(gold) ^ set(got)
        rows.append(
            {
                "id": case["id"],
                "kind": kind,
                "expected": gold,
                "predicted": got,
                "verdict": verdict.verdict,
                "scores": {c: verdict.scores.get(c, 0.0) for c in sorted({*gold, *got})},
                "reasons": sorted({r.code for r in verdict.reasons}),
                "note": case["note"],
                "unscored_only": bool(wrong) and wrong <= unscored,
            }
        )
    return sorted(rows, key=lambda r: (r["kind"] != "false rejection", r["unscored_only"]))


def unscored_categories(verdicts: Sequence[Verdict]) -> set[str]:
    """Categories no check gave a non-zero score on any case (not wired into the engine yet)."""
    return {c for c in CATEGORIES if not any(v.scores.get(c, 0.0) > 0 for v in verdicts)}


# -- printing ---------------------------------------------------------------------------


def format_report(report: Mapping[str, Any]) -> str:
    """The report as plain text (a Markdown table plus lists)."""
    lines = [
        f"Policy cases: {report['cases']} "
        f"({', '.join(f'{k} {v}' for k, v in report['languages'].items())}); "
        f"engine {report.get('model_version', '?')}",
        "",
        "| category | lang | support | precision | recall | F1 | recall@review | flagged@review |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for cat in CATEGORIES:
        for name, m in report["per_category"][cat].items():
            lines.append(
                f"| {cat} | {name} | {m['support']} | {_fmt(m['precision'])} | "
                f"{_fmt(m['recall'])} | {_fmt(m['f1'])} | {_fmt(m['recall_at_review'])} | "
                f"{_fmt(m['flagged_at_review'])} |"
            )
    thr = report["thresholds"]
    lines += [
        "",
        "Thresholds: "
        + ", ".join(
            f"{c} reject {thr['reject'].get(c, '-')} / review {thr['review'].get(c, '-')}"
            for c in CATEGORIES
        ),
        "",
        "Verdict accuracy (reject iff any label is 1): "
        + ", ".join(f"{k} {_fmt(v)}" for k, v in report["verdict_accuracy"].items()),
    ]
    fr = report["false_rejection_rate"]
    lines.append(
        f"False-rejection rate: hard negatives {_fmt(fr['hard_negatives'])} "
        f"(n={fr['hard_negatives_n']}), all acceptable comments {_fmt(fr['all_acceptable'])} "
        f"(n={fr['all_acceptable_n']})"
    )
    lines.append(
        "  by hard-negative type: "
        + ", ".join(f"{t} {r['rejected']}/{r['n']}" for t, r in sorted(fr["by_type"].items()))
    )
    wrong = report["misclassified"]
    if report["unscored_categories"]:
        lines.append(
            "Categories no check scores yet (every score 0): "
            + ", ".join(report["unscored_categories"])
        )
    lines += [
        "",
        f"Misclassified cases: {len(wrong)}, of which "
        f"{sum(r['unscored_only'] for r in wrong)} only in unscored categories "
        f"(listed last; first {min(len(wrong), MAX_LISTED)} shown)",
    ]
    for r in wrong[:MAX_LISTED]:
        expected = ", ".join(f"{c} {r['scores'][c]:.2f}" for c in r["expected"]) or "none"
        got = ",".join(r["predicted"]) or "none"
        lines.append(f"- {r['id']} [{r['kind']}] expected {expected}; got {got}: {r['note']}")
    lines += ["", *format_components(report)]
    return "\n".join(lines)


def select_split(
    cases: Sequence[Mapping[str, Any]], split: str
) -> list[Mapping[str, Any]]:
    """The cases of one split (``all`` keeps every case)."""
    return [c for c in cases if split == "all" or c.get("split") == split]


def main(argv: Sequence[str] | None = None) -> int:
    """Score the case files with the service's engine and print the report."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--cases", type=Path, default=DEFAULT_CASES)
    parser.add_argument("--articles", type=Path, default=DEFAULT_ARTICLES)
    parser.add_argument(
        "--set",
        choices=tuple(tr.TRIAGE_SETS),
        default="1",
        help="which triage set (docs/triage_set.md); --triage-cases/--triage-articles override",
    )
    parser.add_argument("--triage-cases", type=Path)
    parser.add_argument("--triage-articles", type=Path)
    parser.add_argument(
        "--split",
        choices=("dev", "test", "all"),
        default="dev",
        help="triage-set split to score (tune on dev; test lists no individual cases)",
    )
    parser.add_argument(
        "--data", type=Path, help="shared data dir: recompute PER F1 on the NER test splits"
    )
    parser.add_argument("--json", type=Path, help="also write the full report as JSON here")
    args = parser.parse_args(argv)
    set_cases, set_articles = tr.TRIAGE_SETS[args.set]
    args.triage_cases = args.triage_cases or set_cases
    args.triage_articles = args.triage_articles or set_articles

    articles = load_articles(args.articles)
    cases = load_cases(args.cases)
    t_articles = load_articles(args.triage_articles)
    t_cases = select_split(load_cases(args.triage_cases), args.split)
    if not t_cases:
        parser.error(f"triage set {args.set} has no {args.split!r} rows (the third set is test "
                     "only: --split test; the fourth is dev only: --split dev)")
    for name, rows, arts in (("case file", cases, articles), ("triage set", t_cases, t_articles)):
        problems = validate_cases(rows, set(arts))
        if problems:
            print(f"invalid {name}:\n" + "\n".join(problems[:20]), file=sys.stderr)
            return 2

    (verdicts, t_verdicts), reject, review, version = score_sets(
        [(cases, articles), (t_cases, t_articles)]
    )
    report = evaluate(cases, verdicts, reject, review)
    report["model_version"] = version
    report["triage_cases"] = tr.triage(cases, verdicts, reject, review)
    report["triage_set"] = {
        "set": args.set,
        "split": args.split,
        "sha256": tr.file_digest(args.triage_cases),
        "figures": tr.triage(t_cases, t_verdicts, reject, review),
    }
    if args.split != "test":
        report["triage_set"]["misclassified"] = misclassified(t_cases, t_verdicts, reject)

    ner, source = None, f"{_shown(NER_METRICS)} missing or without test scores"
    if args.data is not None:
        ner, source = ner_recomputed(args.data)
        if ner is None:
            source = f"recompute failed: {source}"
    if ner is None:
        from_file = ner_from_metrics()
        if from_file is not None:
            failed = f"; {source}" if args.data is not None else ""
            ner, source = from_file, f"{_shown(NER_METRICS)}{failed}"
    report["ner"], report["ner_source"] = ner, source
    report["relevance"] = relevance_auc()

    print(format_report(report))
    print()
    print("\n".join(format_triage_report(report)))
    if args.json is not None:
        args.json.write_text(
            json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
    return 0


def format_triage_report(report: Mapping[str, Any]) -> list[str]:
    """The triage tables of both case files, and the triage set's misclassified cases."""
    ts = report["triage_set"]
    lines = [
        "## Triage",
        "",
        *tr.format_triage(
            "policy case file (all rows; earlier choices were tuned on it)",
            report["triage_cases"],
        ),
        *tr.format_triage(
            f"triage set {ts.get('set', '1')}, {ts['split']} split (sha256 {ts['sha256'][:12]})",
            ts["figures"],
        ),
    ]
    wrong = ts.get("misclassified")
    if wrong is not None:
        lines.append(f"Triage set misclassified: {len(wrong)} (first {MAX_LISTED} shown)")
        for r in wrong[:MAX_LISTED]:
            expected = ", ".join(f"{c} {r['scores'][c]:.2f}" for c in r["expected"]) or "none"
            got = ",".join(r["predicted"]) or "none"
            lines.append(
                f"- {r['id']} [{r['kind']}, {r['verdict']}] expected {expected}; got {got}: "
                f"{r['note']}"
            )
    return lines


if __name__ == "__main__":
    raise SystemExit(main())
