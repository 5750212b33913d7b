"""Write ``MODEL_CARD.md`` and ``plots/pr-<category>.png`` from an evaluation (eval-*.json).

``raqib train`` calls :func:`write_card` for the promoted model; to rebuild a card by hand::

    python -m training.model_card model/eval-<version>.json [--out model/]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from model.classifier import CATEGORIES

INTENDED_USE = """\
Raqib's trained classifiers score reader comments on a Jordanian news site (Arabic, mostly
Levantine/Jordanian dialect and MSA, and English) for three of the site's policy categories:
**offense** (insults, abuse, profanity), **strife** (hate against a religion, sect, race,
ethnicity or nationality) and **spam** (ads, self-promotion, scams).  Off-topic comments and
personal names are handled by other checks.  The site's policy is pre-moderation: every comment
is read by a moderator, and these scores only rank the queue and pre-fill reasons.  Do not use
them to publish or reject comments without a human in the loop, to profile commenters, or outside
comment moderation."""

CAVEATS = """\
* **Tweets, not news comments.** Most training and evaluation sets are tweets (OSACT, OLID,
  HASOC, Davidson, L-HSAB, MLMA, Mubarak, Let-Mi, Saudi); only a few are comments (Alakrot and
  T-HSAB YouTube/Facebook, OMCD, Fox News, SFU, Jigsaw Wikipedia talk).  Figures on the site's own
  comments will differ; the moderators' decisions (`raqib train --from-db`) are the way to close
  that gap, and the `feedback` rows of the tables measure it once there are some.
* **Dialects.** Arabic data covers Gulf (Saudi, OSACT), Levantine (L-HSAB), Tunisian (T-HSAB),
  Moroccan (OMCD), Egyptian and MSA; Jordanian dialect is only represented through Levantine
  sets.  Arabizi is transliterated by the normaliser, but no training set is written in Arabizi.
* **Label definitions differ between sets.** "Hate" in HASOC, OLID (GRP), Davidson, Fox News and
  L-/T-HSAB includes gender, sexuality and politics, broader than the site's "strife"; Jigsaw
  "toxic" and Davidson "offensive" are broader than "offense" on some sites.  Per-set figures are
  therefore more informative than pooled ones, and leave-one-dataset-out shows how far a set's
  own conventions carry.
* **Spam** is learned from two small sets (Arabic promotional/scam tweets, English YouTube
  comments); negatives are sampled rows of the other sets, assumed not to be ads.  Arabic spam
  negatives from its own set are 15-tweet account documents, unlike comments.
* **Bag of n-grams.** The model sees character and word n-grams, not meaning: quoting or
  condemning an insult, sarcasm, and new coded words are errors to expect; identity terms
  (religions, nationalities) carry weight of their own, so neutral mentions of groups can score
  high on strife.
* **Licences.** Some sets are research-only (osact2022, hasoc_en_2019_2020) or non-commercial
  (sfu_ctc, CC BY-NC-SA), several state no licence, and the Vanetik repackaging is GPL-3.0 (see
  the table below).  Check those terms before commercial use; `raqib train --exclude NAME ...`
  retrains without a set, and the card of that model shows what it costs.
* **alt-profanity-check** was trained on Davidson et al. and Wikipedia toxic comments, so its
  figures on davidson2017 and jigsaw_toxic_2018 are optimistic for it."""

SEMANTICS = """\
Each category has one linear head over shared hashed character 2-5-grams and word 1-2-grams of
the normalised text (`model.normalize.normalize_text`), trained as class-weighted logistic
regression (SGD) with one indicator column per dataset (absorbing each set's base rate; dropped
at inference), blended with a second one on naive-Bayes-scaled features (NB-LR); both are linear
in the same features, so the head is one weight vector.  Margins are calibrated per language
with a Platt sigmoid on validation rows, and a threshold per category and language maximises
macro-F1 on those validation rows.  The check's score is
the calibrated probability `p` rescaled piecewise-linearly so that the threshold `t` of the
comment's language lands on the category's anchor (its default reject threshold):
`score = anchor * p / t` below `t`, `anchor + (1 - anchor) * (p - t) / (1 - t)` above.  With the
service's default thresholds a comment is rejected exactly when `p >= t`; each reason carries
`probability` and `threshold` in its params."""


def _f(v: Any) -> str:
    if v is None:
        return "–"
    if isinstance(v, float):
        return f"{v:.3f}"
    return str(v)


def _table(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_f(c) for c in row) + " |" for row in rows]
    return lines


def plot_curves(curves: Sequence[Mapping[str, Any]], plots: Path) -> list[Path]:
    """One PNG per category: precision-recall per set, Arabic and English side by side."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plots.mkdir(parents=True, exist_ok=True)
    written = []
    for cat in CATEGORIES:
        mine = [c for c in curves if c["category"] == cat]
        if not mine:
            continue
        fig, axes = plt.subplots(1, 2, figsize=(11, 5), dpi=90, sharey=True)
        for ax, lang in zip(axes, ("ar", "en"), strict=True):
            here = [c for c in mine if c.get("language", _language(c["group"])) == lang]
            colours = plt.get_cmap("tab10")
            for j, c in enumerate(x for x in here if not x["group"].startswith("all-")
                                  and x["model"] == "raqib"):
                ax.plot(c["recall"], c["precision"], label=c["group"], linewidth=1.0,
                        color=colours(j % 10), alpha=0.8)
            for c in here:
                if c["group"].startswith("all-"):
                    base = c["model"] != "raqib"
                    ax.plot(c["recall"], c["precision"], color="black",
                            linestyle="--" if base else "-", linewidth=2.2,
                            label=f"all {lang}" + (" (alt-profanity-check)" if base else ""))
            ax.set(xlabel="recall", xlim=(0, 1), ylim=(0, 1.02),
                   title={"ar": "Arabic", "en": "English"}[lang])
            ax.grid(alpha=0.3)
            if here:
                ax.legend(fontsize=7, loc="lower left")
        axes[0].set_ylabel("precision")
        fig.suptitle(f"{cat}: precision-recall on held-out rows")
        fig.tight_layout()
        path = plots / f"pr-{cat}.png"
        fig.savefig(path, metadata={"Software": None})
        plt.close(fig)
        written.append(path)
    return written


def _language(group: str) -> str:
    from training.dataset_registry import DATASETS

    if group.startswith("all-"):
        return group.removeprefix("all-")
    info = DATASETS.get(group)
    return info.language if info else "en"


def render(evaluation: Mapping[str, Any], metadata: Mapping[str, Any],
           plot_names: Sequence[str]) -> str:
    """The Markdown text of the model card."""
    v = evaluation["version"]
    versions = metadata.get("versions") or {}
    excluded = " ".join(f"--exclude {x}" for x in evaluation.get("excluded", []))
    cmd = f"raqib train --data ../shared/data{' ' + excluded if excluded else ''}"
    if evaluation.get("seed") is not None:
        cmd += f" --seed {evaluation['seed']}"
    out = [f"# Raqib classifiers: model card ({v})", "",
           "Generated by `raqib train` (training/model_card.py); do not edit by hand.", "",
           f"* artifact: `raqib-{v}.joblib` (`model/CURRENT`), evaluation: `eval-{v}.json`",
           f"* trained: {evaluation.get('created')}, seed {evaluation.get('seed')}, "
           f"excluded sets: {', '.join(evaluation.get('excluded') or []) or 'none'}"
           f"{', QUICK smoke-test model' if evaluation.get('quick') else ''}",
           f"* reproduce: `{cmd}`",
           "* libraries: " + ", ".join(f"{k} {val}" for k, val in versions.items()),
           "", "## Intended use", "", INTENDED_USE, "", "## Caveats", "", CAVEATS, "",
           "## Model, scores and thresholds", "", SEMANTICS, ""]
    thresholds = evaluation.get("thresholds", {})
    out += _table(["category", "anchor (reject)", "threshold ar", "threshold en",
                   "threshold pooled"],
                  [[c, evaluation.get("anchors", {}).get(c), t.get("ar"), t.get("en"), t.get("*")]
                   for c, t in thresholds.items()])
    splits = evaluation.get("splits", {})
    out += ["", "## Held-out evaluation", "",
            "Rows never used for fitting, calibration or thresholds: the official test/dev split "
            "where a set has one (" + ", ".join(f"{k} {s}" for k, s in
                                               splits.get("official", {}).items()) +
            "), otherwise a fixed stratified "
            f"{int(100 * splits.get('test_fraction', 0.15))}% of the set (hashed on the text, "
            "independent of the seed), which the shipped model was trained without.  Thresholds "
            "are the model's per-language ones; `all-ar`/`all-en` pool every held-out row of a "
            "language (for spam they include the sampled negatives of the other sets).  "
            f"Test rows whose text also occurs in training: "
            f"{splits.get('test_rows_also_in_training')}.", ""]
    out += _table(["set", "lang", "category", "split", "n", "pos", "precision", "recall", "F1",
                   "macro-F1", "ROC AUC", "PR AUC"],
                  [[r["group"], r["language"], r["category"], r.get("split"), r["n"],
                    r["positives"], r["precision"], r["recall"], r["f1"], r["macro_f1"],
                    r["roc_auc"], r["pr_auc"]] for r in evaluation["heldout"]])
    out += ["", "### Targets", ""]
    def met(t: Mapping[str, Any]) -> str:
        return "(reported)" if t["met"] is None else ("yes" if t["met"] else "**no**")

    def exact(v: Any) -> str:
        return f"{v:.4f}" if isinstance(v, float) else _f(v)

    out += _table(["set", "category", "metric", "target", "reached", "met"],
                  [[t["group"], t["category"], t["metric"], exact(t["target"]),
                    exact(t["value"]), met(t)] for t in evaluation.get("targets", [])])
    summary = evaluation.get("baseline_summary") or {}
    if summary:
        beaten = len(summary.get("better", []))
        total = beaten + len(summary.get("not_better", []))
        out += ["", f"Better than alt-profanity-check (offense macro-F1) on every English set: "
                f"{'yes' if beaten == total else '**no**'}, {beaten} of {total} (see below)."]
    out += [""]
    out += ["## Leave-one-dataset-out", "",
            f"Each set in turn is left out: a cheaper head ({evaluation.get('lodo_model')}) on "
            "the same features is trained on the other sets' training rows, calibrated and "
            "thresholded on their validation rows of the left-out set's language, and tested on "
            "every row of the left-out set.  Spam is not included: its two sets are in "
            "different languages.", ""]
    if evaluation.get("lodo"):
        out += _table(["left-out set", "lang", "category", "n", "pos", "precision", "recall",
                       "F1", "macro-F1", "ROC AUC", "PR AUC"],
                      [[r["group"], r["language"], r["category"], r["n"], r["positives"],
                        r["precision"], r["recall"], r["f1"], r["macro_f1"], r["roc_auc"],
                        r["pr_auc"]] for r in evaluation["lodo"]])
    else:
        out += ["(not run for this model)"]
    out += ["", "## Comparison with alt-profanity-check", "",
            "Same English held-out rows; Raqib at its English threshold, alt-profanity-check at "
            "its default 0.5 (ROC/PR AUC are threshold-free).  alt-profanity-check is a "
            "profanity detector, so strife is shown for completeness only.", ""]
    if evaluation.get("alt_profanity_check"):
        out += _table(["set", "category", "n", "macro-F1 Raqib", "macro-F1 apc", "F1 Raqib",
                       "F1 apc", "ROC AUC Raqib", "ROC AUC apc", "PR AUC Raqib", "PR AUC apc"],
                      [[r["group"], r["category"], r["n"], r["raqib"]["macro_f1"],
                        r["alt_profanity_check"]["macro_f1"], r["raqib"]["f1"],
                        r["alt_profanity_check"]["f1"], r["raqib"]["roc_auc"],
                        r["alt_profanity_check"]["roc_auc"], r["raqib"]["pr_auc"],
                        r["alt_profanity_check"]["pr_auc"]]
                       for r in evaluation["alt_profanity_check"]])
        summary = evaluation.get("baseline_summary") or {}
        out += ["", f"Offense macro-F1 above alt-profanity-check on: "
                f"{', '.join(summary.get('better', [])) or 'none'}; **not** on: "
                f"{', '.join(summary.get('not_better', [])) or 'none'}."]
    else:
        out += ["(alt-profanity-check not installed or no English rows)"]
    from training.card_sections import extra_sections

    out += ["", *extra_sections(evaluation)]
    out += ["", "## Precision-recall curves", ""]
    out += [f"![{name}](plots/{name})" for name in plot_names] or ["(no curves)"]
    out += ["", "## Training data", "",
            "Public sets read from `shared/data` at training time (never copied into the "
            "repository); counts are rows used after deduplication, all splits.  See "
            "training/DATASETS.md for the label mapping.", ""]
    hashes = metadata.get("dataset_sha256", evaluation.get("dataset_sha256", {}))
    out += _table(["dataset", "rows", "licence", "source", "citation", "sha256"],
                  [[name, d["rows"], d["licence"], d["source"], d["citation"],
                    f"`{hashes.get(name, '')[:12]}`"]
                   for name, d in evaluation.get("datasets", {}).items()])
    fb = metadata.get("feedback") or {}
    out += ["", f"Moderators' decisions: {fb.get('rows', 0)} rows"
            f"{' (weight ' + str(fb.get('weight')) + ')' if fb.get('rows') else ''}.", ""]
    return "\n".join(out)


def write_card(evaluation: Mapping[str, Any], metadata: Mapping[str, Any], out: Path) -> Path:
    """Write ``out/MODEL_CARD.md`` and ``out/plots/pr-*.png``; returns the card's path."""
    out = Path(out)
    plots = plot_curves(evaluation.get("curves", []), out / "plots")
    card = out / "MODEL_CARD.md"
    card.write_text(render(evaluation, metadata, [p.name for p in plots]) + "\n",
                    encoding="utf-8")
    return card


def main(argv: list[str] | None = None) -> int:
    """Rebuild a model card from an eval-<version>.json (and its artifact's metadata)."""
    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("evaluation", type=Path)
    parser.add_argument("--out", type=Path, default=None, help="default: the JSON's folder")
    args = parser.parse_args(argv)
    evaluation = json.loads(args.evaluation.read_text(encoding="utf-8"))
    out = args.out or args.evaluation.parent
    metadata: dict[str, Any] = {}
    artifact = args.evaluation.parent / f"raqib-{evaluation['version']}.joblib"
    if artifact.is_file():
        from model.artifact import read_metadata

        metadata = read_metadata(artifact.name, root=artifact.parent)
    print(write_card(evaluation, metadata, out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
