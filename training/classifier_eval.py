"""Held-out evaluation of a fitted classifier: per-dataset tables, baseline, curves, figures.

Every figure is computed on the test rows of :mod:`training.classifier_splits` only, at each
row's language threshold; the English rows are also scored by alt-profanity-check for
comparison.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

import numpy as np

from model.classifier import CATEGORIES, RaqibClassifier
from training import evaluate as ev
from training.classifier_fit import Data, Progress
from training.classifier_splits import OFFICIAL_EVAL


def _split_used(source: str) -> str:
    if source in OFFICIAL_EVAL:
        return f"official {OFFICIAL_EVAL[source]}"
    if source.startswith("feedback"):
        return "fixed 15% of the moderators' decisions"
    return "fixed stratified 15%"


def _probabilities(model: RaqibClassifier, normalized: Sequence[str],
                   languages: Sequence[str]) -> tuple[dict, dict]:
    probs = model.probabilities(list(normalized), list(languages))
    thresholds = {cat: np.array([model.threshold(cat, lang) for lang in languages])
                  for cat in model.categories}
    return probs, thresholds


def heldout_groups(data: Data, test: np.ndarray) -> list[tuple[str, str, str, np.ndarray]]:
    """(group, language, category, indices into ``test``) for each dataset and each language."""
    groups = []
    for cat in CATEGORIES:
        labelled = data.y[cat][test] >= 0
        # Per dataset, spam is judged on the spam sets' own rows; the sampled negatives of
        # other sets only enter the per-language rows.
        own = labelled & ~data.implicit_spam[test] if cat == "spam" else labelled
        pairs = sorted(set(zip(data.sources[test][own], data.languages[test][own],
                               strict=True)))
        multilingual = {s for s, n in Counter(s for s, _ in pairs).items() if n > 1}
        for src, lang in pairs:
            # Only the moderators' decisions mix languages; they are reported per language.
            name = f"{src}-{lang}" if src in multilingual else src
            idx = np.flatnonzero(own & (data.sources[test] == src) & (data.languages[test] == lang))
            groups.append((name, str(lang), cat, idx))
        for lang in sorted(set(data.languages[test][labelled])):
            idx = np.flatnonzero(labelled & (data.languages[test] == lang))
            groups.append((f"all-{lang}", lang, cat, idx))
    return groups


def evaluate_heldout(model: RaqibClassifier, data: Data, say: Progress) -> dict[str, Any]:
    """Held-out tables, the alt-profanity-check comparison and PR curves."""
    test = np.flatnonzero(data.roles == "test")
    norm = [data.normalized[i] for i in test]
    langs = data.languages[test]
    probs, thr = _probabilities(model, norm, list(langs))
    y = {cat: data.y[cat][test] for cat in CATEGORIES}
    groups = heldout_groups(data, test)
    scored = ev.group_scores(groups, y, probs, thr)
    rows = [ev.metrics_row(s, split=_split_used(s.group) if not s.group.startswith("all-")
                           else "all held-out rows") for s in scored]
    curves = [{"group": s.group, "language": s.language, "category": s.category,
               "model": "raqib", **(ev.pr_curve(s.y, s.p) or {})} for s in scored]
    # alt-profanity-check on the same English rows (offense and strife).
    english = [s for s in scored if s.language == "en" and s.category in ("offense", "strife")]
    baseline_rows: list[dict] = []
    if english:
        en_idx = np.flatnonzero(langs == "en")
        texts = [data.examples[test[i]].text for i in en_idx]
        base = ev.profanity_check_probabilities(texts)
        if base is not None:
            full = np.full(len(test), np.nan)
            full[en_idx] = base
            baseline = {(g, c): full[idx] for g, lang, c, idx in groups
                        if lang == "en" and c in ("offense", "strife")}
            baseline_rows = ev.compare_with_baseline(english, baseline)
            curves += [{"group": g, "language": lang, "category": c,
                        "model": "alt-profanity-check",
                        **(ev.pr_curve(y[c][idx], full[idx]) or {})}
                       for g, lang, c, idx in groups if lang == "en" and c == "offense"]
    say(f"held-out evaluation: {len(test)} test rows, {len(rows)} table rows")
    return {"rows": rows, "baseline": baseline_rows,
            "curves": [c for c in curves if "recall" in c],
            "pooled_macro_f1": pooled_macro_f1(y, probs, thr)}


def pooled_macro_f1(y: dict[str, np.ndarray], probs: dict, thresholds: dict) -> dict:
    """Per category: macro-F1 over every labelled test row at each row's language threshold."""
    out = {}
    for cat in CATEGORIES:
        mask = y[cat] >= 0
        if not mask.any():
            out[cat] = None
            continue
        pred = (probs[cat][mask] >= thresholds[cat][mask]).astype(float)
        out[cat] = ev.binary_metrics(y[cat][mask], pred, 0.5)["macro_f1"]
    return out


def print_figures(evaluation: dict[str, Any]) -> None:
    """The main held-out, LODO and baseline figures on stdout."""
    print("held-out (never used for fitting or thresholds):")
    print(f"  {'set':<30} {'cat':<8} {'n':>6} {'pos':>5} {'P':>6} {'R':>6} {'F1':>6} "
          f"{'macroF1':>7} {'ROC':>6} {'PR':>6}")

    def fmt(v: Any) -> str:
        return "   -  " if v is None else f"{v:6.3f}"

    for r in evaluation["heldout"]:
        print(f"  {r['group']:<30} {r['category']:<8} {r['n']:>6} {r['positives']:>5} "
              f"{fmt(r['precision'])} {fmt(r['recall'])} {fmt(r['f1'])} {fmt(r['macro_f1'])} "
              f"{fmt(r['roc_auc'])} {fmt(r['pr_auc'])}")
    if evaluation["lodo"]:
        print("leave-one-dataset-out (trained on the other sets):")
        for r in evaluation["lodo"]:
            print(f"  {r['group']:<30} {r['category']:<8} {r['n']:>6} macro-F1 "
                  f"{fmt(r['macro_f1'])} ROC {fmt(r['roc_auc'])}")
    if evaluation["alt_profanity_check"]:
        print("alt-profanity-check on the same English rows (macro-F1 raqib vs baseline):")
        for r in evaluation["alt_profanity_check"]:
            print(f"  {r['group']:<30} {r['category']:<8} {fmt(r['raqib']['macro_f1'])} vs "
                  f"{fmt(r['alt_profanity_check']['macro_f1'])}")
    summary = evaluation["baseline_summary"]
    print(f"  offense macro-F1 better than alt-profanity-check on: "
          f"{', '.join(summary['better']) or 'none'}; not on: "
          f"{', '.join(summary['not_better']) or 'none'}")
    for t in evaluation["targets"]:
        if t["target"] is None:
            print(f"  reported {t['group']} {t['category']} {t['metric']}: {t['value']}")
            continue
        state = "met" if t["met"] else "NOT met"
        print(f"  target {t['group']} {t['category']} {t['metric']} >= {t['target']}: "
              f"{t['value']} ({state})")
    print(f"  test rows also in training: {evaluation['splits']['test_rows_also_in_training']}",
          flush=True)

