"""Model-card sections for the semantic layer, off-topic with embeddings and triage.

``training/model_card.py`` appends them; each reads figures written by the command that
measured them (``raqib train``, ``training.semantic_offtopic``, ``training.tune_operating_points``,
``training.evaluate_policy --split test --json model/triage-test.json``) and says so.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from model.verdict import CATEGORIES

REPO = Path(__file__).resolve().parent.parent
MODEL = REPO / "model"


def _read(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _pair(d: Mapping[str, Any]) -> str:
    auc, f1 = d.get("roc_auc"), d.get("macro_f1")
    if auc is None:
        return "–"
    return f"{auc:.3f} / {f1:.3f}"


def _pct(x: float | None) -> str:
    return "–" if x is None else f"{100 * x:.1f}%"


def semantic_section(evaluation: Mapping[str, Any]) -> list[str]:
    """N-grams, embeddings and their stacked combination, held out and leave-one-dataset-out."""
    sem = evaluation.get("semantic")
    out = ["## Semantic layer: embeddings beside the n-grams", ""]
    if not sem:
        return out + ["(not trained for this model: `raqib train --no-semantic`)", ""]
    out += [
        f"Encoder `{sem['encoder']}`; heads on {sem['rows_encoded']} encoded rows (a hash-chosen, "
        f"label-stratified sample per dataset: {sem['sample']}), stacked with the n-gram heads "
        "per category and language on validation rows (`model/semantic.joblib`, "
        "`training/semantic.py`).  Cells are ROC AUC / macro-F1 on the same encoded rows for "
        "the three scorers (thresholds chosen on validation rows).", "",
        "| set | lang | category | n | n-grams | embeddings | combination |",
        "|---|---|---|---:|---:|---:|---:|",
    ]
    for r in sem["heldout"]:
        out.append(f"| {r['group']} | {r['language']} | {r['category']} | {r['n']} | "
                   f"{_pair(r['ngram'])} | {_pair(r['embedding'])} | {_pair(r['combined'])} |")
    lodo = sem.get("lodo") or []
    wins = sum(r["combined"]["roc_auc"] > r["ngram"]["roc_auc"] for r in lodo)
    out += ["", f"Leave-one-dataset-out (both heads and the stacker refitted without the set; "
            f"the combination's ROC AUC is above the n-grams' on {wins} of {len(lodo)} sets):",
            "", "| left-out set | lang | category | n | n-grams | embeddings | combination |",
            "|---|---|---|---:|---:|---:|---:|"]
    for r in lodo:
        out.append(f"| {r['group']} | {r['language']} | {r['category']} | {r['n']} | "
                   f"{_pair(r['ngram'])} | {_pair(r['embedding'])} | {_pair(r['combined'])} |")
    return out + [""]


def offtopic_section() -> list[str]:
    """Off-topic ROC AUC on held-out pairs: lexical, embeddings, both."""
    m = _read(MODEL / "semantic_relevance_metrics.json")
    out = ["## Off-topic with embeddings", ""]
    if not m:
        return out + ["(`model/semantic_relevance_metrics.json` missing)", ""]
    out += [f"`{m['command']}`; encoder `{m['encoder']}`; {m['pairs']['train']} training and "
            f"{m['pairs']['test']} held-out pairs (splits of `training.train_relevance`).  "
            "ROC AUC of P(off-topic) on held-out pairs:", "",
            "| source | pairs | lexical model | embeddings | combination |",
            "|---|---:|---:|---:|---:|"]
    refit = m.get("news_refit") or {}
    shipped = refit.get("public_held_out_auc") or {}
    if shipped:
        out[-2] += " shipped (with the news refit) |"
        out[-1] += "---:|"
    for src, r in m["held_out_roc_auc"].items():
        extra = f" {shipped[src]:.3f} |" if src in shipped else (" – |" if shipped else "")
        out.append(f"| {src} | {r['pairs']} | {r['lexical']:.3f} | {r['embedding']:.3f} | "
                   f"{r['combined']:.3f} |{extra}")
    if refit:
        pub, left, own = (refit.get("public_fit_auc", {}), refit.get("shipped_left_out_article_auc",
                          {}), refit.get("refit_left_out_article_auc", {}))
        out += ["", f"The shipped weights (`{refit.get('command')}`) average this public fit "
                f"with a refit on {refit.get('rows')} news comments ({refit.get('off_topic')} "
                f"off-topic, {refit.get('articles')} articles: the triage sets' dev splits and the "
                "policy case file; never a test split).  ROC AUC on those news comments, each "
                "article scored by a fit that did not see it:", "",
                "| lang | public fit | news refit alone | shipped average |",
                "|---|---:|---:|---:|"]
        for lang in ("ar", "en"):
            if lang in pub:
                out.append(f"| {lang} | {pub[lang]:.3f} | {own.get(lang, float('nan')):.3f} | "
                           f"{left.get(lang, float('nan')):.3f} |")
    return out + [""]


def news_heads_section() -> list[str]:
    """The news heads: left-out-article AUC on news comments, public held-out deltas."""
    m = _read(MODEL / "news_heads_metrics.json")
    if not m:
        return ["## News heads learned from news comments", "",
                "(`model/news_heads_metrics.json` missing: no news heads shipped)", ""]
    cats = list(m.get("left_out_article_auc") or m.get("positives") or {})
    names = ", ".join(cats[:-1]) + " and " + cats[-1] if len(cats) > 1 else "".join(cats)
    out = [f"## News heads: {names} learned from news comments", ""]
    out += [f"`{m['command']}` (`training/news_heads.py`): per category a logistic regression "
            f"on the embeddings of {m['rows']} labelled news comments ({m['articles']} articles: "
            "the triage sets' dev splits and the policy case file, never a test split; positives: "
            + ", ".join(f"{k} {v}" for k, v in m["positives"].items())
            + f"), weighted {m['news_weight']:g} beside "
            f"{m['public_validation_rows']} public validation rows"
            + (f" and {m['written']['rows']} written training comments (weight "
               f"{m['written'].get('weight', 1.0):g}, "
               "[docs/written_training.md](../docs/written_training.md))"
               if m.get("written", {}).get("rows") else "")
            + "; its margin times "
            f"{m['scale']:g} is added to the stacked logit.  ROC AUC on the news comments, each "
            "article's rows scored by heads that never saw it:", "",
            "| category | lang | without news heads | with them |", "|---|---|---:|---:|"]
    for cat, r in m["left_out_article_auc"].items():
        for lang in ("ar", "en"):
            if lang in r["without_news"]:
                out.append(f"| {cat} | {lang} | {r['without_news'][lang]:.3f} | "
                           f"{r['with_news'][lang]:.3f} |")
    rows = m.get("public_held_out_auc") or []
    if rows:
        worse = sum(r["with_news"] < r["without_news"] for r in rows)
        out += ["", f"The public held-out rows of the semantic layer, stacked probability without "
                f"and with the news heads (worse on {worse} of {len(rows)}):", "",
                "| category | set | n | without | with |", "|---|---|---:|---:|---:|"]
        out += [f"| {r['category']} | {r['dataset']} | {r['n']} | {r['without_news']:.3f} | "
                f"{r['with_news']:.3f} |" for r in rows]
    return out + [""]


def triage_section() -> list[str]:
    """The verdict's triage figures on the frozen test split, and the operating points."""
    out = ["## Triage on news comments (the verdict issue's quality gate)", ""]
    ops = _read(MODEL / "operating_points.json")
    if ops:
        meta = ops.get("metadata", {})
        out += [f"Operating points (`model/operating_points.json`, `{meta.get('command', '')}`), "
                f"tuned on {meta.get('tuned_on', {}).get('rows')} news-comment rows (the triage "
                f"sets' dev splits and the policy case file, never tweets) under "
                f"{meta.get('constraints')}:", "",
                "| category | lang | review at P ≥ | reject at P ≥ | with a rule's review cue, "
                "reject at P ≥ |", "|---|---|---:|---:|---:|"]
        for cat, per in sorted(ops["points"].items()):
            for lang, p in sorted(per.items()):
                rej = "never" if p["reject"] >= 1.0 else f"{p['reject']:.3f}"
                corr = p.get("corroborate", 1.0)
                cor = "never" if corr >= 1.0 else f"{corr:.3f}"
                out.append(f"| {cat} | {lang} | {p['review']:.3f} | {rej} | {cor} |")
        out += ["", "![automation vs leak](plots/triage-curve.png)", ""]
    for name, key in (("triage-test.json", "1"), ("triage2-test.json", "2"),
                      ("triage3-test.json", "3"), ("triage5-test.json", "5"),
                      ("triage7-test.json", "7"), ("triage9-test.json", "9"),
                      ("triage11-test.json", "11"), ("triage13-test.json", "13"),
                      ("triage15-test.json", "15"), ("triage17-test.json", "17"),
                      ("triage19-test.json", "19"), ("triage21-test.json", "21"),
                      ("triage23-test.json", "23"), ("triage25-test.json", "25"),
                      ("triage27-test.json", "27"),
                      ("triage29-test.json", "29"), ("triage31-test.json", "31"),
                      ("triage33-test.json", "33"), ("triage35-test.json", "35"),
                      ("triage37-test.json", "37"),
                      ("triage39-test.json", "39"), ("triage41-test.json", "41"),
                      ("triage43-test.json", "43"), ("triage45-test.json", "45"),
                      ("triage47-test.json", "47"), ("triage49-test.json", "49"),
                      ("triage51-test.json", "51"), ("triage53-test.json", "53"),
                      ("triage55-test.json", "55"), ("triage57-test.json", "57"),
                      ("triage59-test.json", "59"),
                      ("triage61-test.json", "61")):
        out += _triage_table(name, key)
    return out


def _triage_table(name: str, key: str) -> list[str]:
    command = (f"python -m training.evaluate_policy{'' if key == '1' else ' --set ' + key} "
               f"--split test --json model/{name}")
    rep = _read(MODEL / name)
    if not rep:
        return [f"(`model/{name}` missing: run `{command}`)", ""]
    figs = rep["triage_set"]["figures"]
    test_only = ("3", "5", "7", "9", "11", "13", "15", "17", "19", "21", "23", "25", "27",
                 "29", "31", "33", "35", "37", "39", "41", "43",
                 "45", "47", "49", "51", "53", "55", "57", "59", "61")
    frozen = ("the whole set is test, never tuned on" if key in test_only
              else "test split frozen before tuning")
    out = [f"Triage set {key}, `{command}` (engine {rep.get('model_version')}, sha256 "
           f"`{rep['triage_set']['sha256'][:12]}`, {frozen}):", "",
           "| lang | comments | acceptable published unreviewed | leak | rejected, right reason "
           "| acceptable rejected | review load |", "|---|---:|---:|---:|---:|---:|---:|"]
    for lang in ("all", "ar", "en"):
        f = figs[lang]
        out.append(f"| {lang} | {f['comments']} | {_pct(f['published_unreviewed'])} | "
                   f"{_pct(f['leak'])} | {_pct(f['rejected_right_reason'])} | "
                   f"{_pct(f['acceptable_rejected'])} | {_pct(f['review_load'])} |")
    out += ["", "| category | lang | violations | rejected as this category | in review | leaked |",
            "|---|---|---:|---:|---:|---:|"]
    for cat in CATEGORIES:
        for lang in ("ar", "en"):
            m = figs[lang]["per_category"][cat]
            if m["violations"]:
                out.append(f"| {cat} | {lang} | {m['violations']} | "
                           f"{_pct(m['rejected_as_this'])} | {_pct(m['review'])} | "
                           f"{_pct(m['leak'])} |")
    return out + [""]


def extra_sections(evaluation: Mapping[str, Any]) -> list[str]:
    """Every section of this module, in card order."""
    return [*semantic_section(evaluation), *news_heads_section(), *offtopic_section(),
            *triage_section()]
