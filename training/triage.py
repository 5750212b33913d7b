"""Triage figures: how much of a moderation queue the engine decides, and how safely.

A news desk judges Raqib by four numbers per language, all computed from verdicts
(``approve`` / ``review`` / ``reject``) against a moderator's labels:

* **published unreviewed**: share of acceptable comments (no label) whose verdict is ``approve``
  (they go live in ``auto`` mode without a moderator);
* **leak**: share of violating comments (any label) whose verdict is ``approve``;
* **rejected, right reason**: share of violating comments rejected with at least one of their
  own categories at or above its reject threshold;
* **acceptable rejected**: share of acceptable comments whose verdict is ``reject``;

plus the **review load** (share of all comments sent to a moderator) and, per category, where its
violations went.  Nothing here knows which checks exist; it reads verdicts and thresholds only.

The triage set (``training/data/triage_cases.jsonl``, ``triage_articles.json``) carries a
``split`` per case, fixed once before any tuning (``docs/triage_set.md``): thresholds and rules
are tuned on ``dev``; ``test`` is what the README reports.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from service.core import CATEGORIES, Verdict

DATA_DIR = Path(__file__).resolve().parent / "data"
TRIAGE_CASES = DATA_DIR / "triage_cases.jsonl"
TRIAGE_ARTICLES = DATA_DIR / "triage_articles.json"
# Every frozen triage set by key (``evaluate_policy --set``): each one's dev split joins the
# tuning rows, scored with its own articles as the site's; its test split is what is reported.
TRIAGE2_CASES = DATA_DIR / "triage2_cases.jsonl"
TRIAGE2_ARTICLES = DATA_DIR / "triage2_articles.json"
# The third set has no dev split: every row is test, scored only to report (docs/triage_set.md).
TRIAGE3_CASES = DATA_DIR / "triage3_cases.jsonl"
TRIAGE3_ARTICLES = DATA_DIR / "triage3_articles.json"
# The fourth set has no test split: every row is dev, written to tune on (docs/triage_set.md),
# scored once as a whole when it was frozen, before anything was tuned on it.
TRIAGE4_CASES = DATA_DIR / "triage4_cases.jsonl"
TRIAGE4_ARTICLES = DATA_DIR / "triage4_articles.json"
# The fifth set, like the third, is test only: written blind after the last tuning of
# 2026-12-05 and read only as figures (docs/triage_set.md).
TRIAGE5_CASES = DATA_DIR / "triage5_cases.jsonl"
TRIAGE5_ARTICLES = DATA_DIR / "triage5_articles.json"
# The sixth set, like the fourth, is dev only: written to widen the tuning rows, scored once
# as a whole when it was frozen, before anything was fitted or tuned on it.
TRIAGE6_CASES = DATA_DIR / "triage6_cases.jsonl"
TRIAGE6_ARTICLES = DATA_DIR / "triage6_articles.json"
# The seventh set, like the fifth, is test only: written blind at the start of the fifth session
# of 2026-12-05 and frozen before anything was changed (docs/triage_set.md).
TRIAGE7_CASES = DATA_DIR / "triage7_cases.jsonl"
TRIAGE7_ARTICLES = DATA_DIR / "triage7_articles.json"
# The eighth set, like the sixth, is dev only: written with the seventh, scored once as a whole
# when it was frozen, before anything was fitted or tuned on it.
TRIAGE8_CASES = DATA_DIR / "triage8_cases.jsonl"
TRIAGE8_ARTICLES = DATA_DIR / "triage8_articles.json"
# The ninth set is test only: written blind at the start of the sixth session of 2026-12-05 and
# frozen before anything was changed (docs/triage_set.md).
TRIAGE9_CASES = DATA_DIR / "triage9_cases.jsonl"
TRIAGE9_ARTICLES = DATA_DIR / "triage9_articles.json"
# The tenth set, like the eighth, is dev only: written with the ninth, scored once as a whole
# when it was frozen, before anything was fitted or tuned on it.
TRIAGE10_CASES = DATA_DIR / "triage10_cases.jsonl"
TRIAGE10_ARTICLES = DATA_DIR / "triage10_articles.json"
# The eleventh set is test only: written blind midway through the sixth session of 2026-12-05,
# frozen and scored before the rest of that session's changes (docs/triage_set.md).
TRIAGE11_CASES = DATA_DIR / "triage11_cases.jsonl"
TRIAGE11_ARTICLES = DATA_DIR / "triage11_articles.json"
TRIAGE12_CASES = DATA_DIR / "triage12_cases.jsonl"
TRIAGE12_ARTICLES = DATA_DIR / "triage12_articles.json"
TRIAGE13_CASES = DATA_DIR / "triage13_cases.jsonl"
TRIAGE13_ARTICLES = DATA_DIR / "triage13_articles.json"
# The fourteenth (dev only) and fifteenth (test only) sets: written blind at the start of the
# eighth session (2026-12-06) and frozen before anything changed (docs/triage_set.md).
TRIAGE14_CASES = DATA_DIR / "triage14_cases.jsonl"
TRIAGE14_ARTICLES = DATA_DIR / "triage14_articles.json"
TRIAGE15_CASES = DATA_DIR / "triage15_cases.jsonl"
TRIAGE15_ARTICLES = DATA_DIR / "triage15_articles.json"
TRIAGE16_CASES = DATA_DIR / "triage16_cases.jsonl"
TRIAGE16_ARTICLES = DATA_DIR / "triage16_articles.json"
TRIAGE17_CASES = DATA_DIR / "triage17_cases.jsonl"
TRIAGE17_ARTICLES = DATA_DIR / "triage17_articles.json"
# The eighteenth (dev only) and nineteenth (test only) sets: written blind at the start of the
# tenth session (2026-12-06) and frozen before anything changed (docs/triage_set.md).
TRIAGE18_CASES = DATA_DIR / "triage18_cases.jsonl"
TRIAGE18_ARTICLES = DATA_DIR / "triage18_articles.json"
TRIAGE19_CASES = DATA_DIR / "triage19_cases.jsonl"
TRIAGE19_ARTICLES = DATA_DIR / "triage19_articles.json"
# The twentieth (dev only) and twenty-first (test only) sets: written blind at the start of the
# eleventh session (2026-12-06) and frozen before anything changed (docs/triage_set.md).
TRIAGE20_CASES = DATA_DIR / "triage20_cases.jsonl"
TRIAGE20_ARTICLES = DATA_DIR / "triage20_articles.json"
TRIAGE21_CASES = DATA_DIR / "triage21_cases.jsonl"
TRIAGE21_ARTICLES = DATA_DIR / "triage21_articles.json"
# The twenty-second (dev only) and twenty-third (test only) sets: written blind at the start of
# the twelfth session (2026-12-06) and frozen before anything changed (docs/triage_set.md).
TRIAGE22_CASES = DATA_DIR / "triage22_cases.jsonl"
TRIAGE22_ARTICLES = DATA_DIR / "triage22_articles.json"
TRIAGE23_CASES = DATA_DIR / "triage23_cases.jsonl"
TRIAGE23_ARTICLES = DATA_DIR / "triage23_articles.json"
# The twenty-fourth (dev only) and twenty-fifth (test only) sets: written blind at the start of
# the thirteenth session (2026-12-06) and frozen before anything changed (docs/triage_set.md).
TRIAGE24_CASES = DATA_DIR / "triage24_cases.jsonl"
TRIAGE24_ARTICLES = DATA_DIR / "triage24_articles.json"
TRIAGE25_CASES = DATA_DIR / "triage25_cases.jsonl"
TRIAGE25_ARTICLES = DATA_DIR / "triage25_articles.json"
# The twenty-sixth (dev only) and twenty-seventh (test only) sets: written blind at the start of
# the fourteenth session (2026-12-06) and frozen before anything changed (docs/triage_set.md).
TRIAGE26_CASES = DATA_DIR / "triage26_cases.jsonl"
TRIAGE26_ARTICLES = DATA_DIR / "triage26_articles.json"
TRIAGE27_CASES = DATA_DIR / "triage27_cases.jsonl"
TRIAGE27_ARTICLES = DATA_DIR / "triage27_articles.json"
# The twenty-eighth (dev only) and twenty-ninth (test only) sets: written blind at the start of
# the fifteenth session (2026-12-06) and frozen before anything changed (docs/triage_set.md).
TRIAGE28_CASES = DATA_DIR / "triage28_cases.jsonl"
TRIAGE28_ARTICLES = DATA_DIR / "triage28_articles.json"
TRIAGE29_CASES = DATA_DIR / "triage29_cases.jsonl"
TRIAGE29_ARTICLES = DATA_DIR / "triage29_articles.json"
# The thirtieth (dev only) and thirty-first (test only) sets: written blind at the start of
# the sixteenth session (2026-12-06) and frozen before anything changed (docs/triage_set.md).
TRIAGE30_CASES = DATA_DIR / "triage30_cases.jsonl"
TRIAGE30_ARTICLES = DATA_DIR / "triage30_articles.json"
TRIAGE31_CASES = DATA_DIR / "triage31_cases.jsonl"
TRIAGE31_ARTICLES = DATA_DIR / "triage31_articles.json"
# The thirty-second (dev only) and thirty-third (test only) sets: written blind at the start of
# the seventeenth session (2026-12-07) and frozen before anything changed (docs/triage_set.md).
TRIAGE32_CASES = DATA_DIR / "triage32_cases.jsonl"
TRIAGE32_ARTICLES = DATA_DIR / "triage32_articles.json"
TRIAGE33_CASES = DATA_DIR / "triage33_cases.jsonl"
TRIAGE33_ARTICLES = DATA_DIR / "triage33_articles.json"
# The thirty-fourth (dev only) and thirty-fifth (test only) sets: written blind at the start of
# the eighteenth session (2026-12-07) and frozen before anything changed (docs/triage_set.md).
TRIAGE34_CASES = DATA_DIR / "triage34_cases.jsonl"
TRIAGE34_ARTICLES = DATA_DIR / "triage34_articles.json"
TRIAGE35_CASES = DATA_DIR / "triage35_cases.jsonl"
TRIAGE35_ARTICLES = DATA_DIR / "triage35_articles.json"
# The thirty-sixth (dev only) and thirty-seventh (test only) sets: written blind midway through
# the eighteenth session (2026-12-07), after its first test read, and frozen before anything
# else changed (docs/triage_set.md).
TRIAGE36_CASES = DATA_DIR / "triage36_cases.jsonl"
TRIAGE36_ARTICLES = DATA_DIR / "triage36_articles.json"
TRIAGE37_CASES = DATA_DIR / "triage37_cases.jsonl"
TRIAGE37_ARTICLES = DATA_DIR / "triage37_articles.json"
TRIAGE38_CASES = DATA_DIR / "triage38_cases.jsonl"
TRIAGE38_ARTICLES = DATA_DIR / "triage38_articles.json"
TRIAGE39_CASES = DATA_DIR / "triage39_cases.jsonl"
TRIAGE39_ARTICLES = DATA_DIR / "triage39_articles.json"
TRIAGE40_CASES = DATA_DIR / "triage40_cases.jsonl"
TRIAGE40_ARTICLES = DATA_DIR / "triage40_articles.json"
TRIAGE41_CASES = DATA_DIR / "triage41_cases.jsonl"
TRIAGE41_ARTICLES = DATA_DIR / "triage41_articles.json"
TRIAGE42_CASES = DATA_DIR / "triage42_cases.jsonl"
TRIAGE42_ARTICLES = DATA_DIR / "triage42_articles.json"
TRIAGE43_CASES = DATA_DIR / "triage43_cases.jsonl"
TRIAGE43_ARTICLES = DATA_DIR / "triage43_articles.json"
TRIAGE44_CASES = DATA_DIR / "triage44_cases.jsonl"
TRIAGE44_ARTICLES = DATA_DIR / "triage44_articles.json"
TRIAGE45_CASES = DATA_DIR / "triage45_cases.jsonl"
TRIAGE45_ARTICLES = DATA_DIR / "triage45_articles.json"
# The forty-sixth (dev only, names emphasis) and forty-seventh (test only) sets: written blind at
# the start of the twenty-first session (2026-12-07) and frozen before anything changed
# (docs/triage_set.md).
TRIAGE46_CASES = DATA_DIR / "triage46_cases.jsonl"
TRIAGE46_ARTICLES = DATA_DIR / "triage46_articles.json"
TRIAGE47_CASES = DATA_DIR / "triage47_cases.jsonl"
TRIAGE47_ARTICLES = DATA_DIR / "triage47_articles.json"
# The forty-eighth (dev only, off-topic emphasis) and forty-ninth (test only) sets: written blind
# during the twenty-first session's first part and frozen after its test read (docs/triage_set.md).
TRIAGE48_CASES = DATA_DIR / "triage48_cases.jsonl"
TRIAGE48_ARTICLES = DATA_DIR / "triage48_articles.json"
TRIAGE49_CASES = DATA_DIR / "triage49_cases.jsonl"
TRIAGE49_ARTICLES = DATA_DIR / "triage49_articles.json"
# The fiftieth (dev only, emphasis on violations that slip past a quick read) and fifty-first
# (test only) sets: written blind at the twenty-second session's start and frozen before any
# change (docs/triage_set.md).
TRIAGE50_CASES = DATA_DIR / "triage50_cases.jsonl"
TRIAGE50_ARTICLES = DATA_DIR / "triage50_articles.json"
TRIAGE51_CASES = DATA_DIR / "triage51_cases.jsonl"
TRIAGE51_ARTICLES = DATA_DIR / "triage51_articles.json"
# The fifty-second (dev only, emphasis on strife and offense both ways) and fifty-third (test
# only) sets: written blind during the twenty-second session's first part and frozen after its
# test read (docs/triage_set.md).
TRIAGE52_CASES = DATA_DIR / "triage52_cases.jsonl"
TRIAGE52_ARTICLES = DATA_DIR / "triage52_articles.json"
TRIAGE53_CASES = DATA_DIR / "triage53_cases.jsonl"
TRIAGE53_ARTICLES = DATA_DIR / "triage53_articles.json"
# The fifty-fourth (dev only, emphasis on names, off-topic in the story's words and strife with
# no slur, each with look-alikes) and fifty-fifth (test only) sets: written blind at the
# twenty-third session's start and frozen before any change (docs/triage_set.md).
TRIAGE54_CASES = DATA_DIR / "triage54_cases.jsonl"
TRIAGE54_ARTICLES = DATA_DIR / "triage54_articles.json"
TRIAGE55_CASES = DATA_DIR / "triage55_cases.jsonl"
TRIAGE55_ARTICLES = DATA_DIR / "triage55_articles.json"
TRIAGE56_CASES = DATA_DIR / "triage56_cases.jsonl"
TRIAGE56_ARTICLES = DATA_DIR / "triage56_articles.json"
TRIAGE57_CASES = DATA_DIR / "triage57_cases.jsonl"
TRIAGE57_ARTICLES = DATA_DIR / "triage57_articles.json"
# The fifty-eighth (dev only, the ordinary brief) and fifty-ninth (test only) sets: written blind
# at the twenty-sixth session's start and frozen before any change (docs/triage_set.md).
TRIAGE58_CASES = DATA_DIR / "triage58_cases.jsonl"
TRIAGE58_ARTICLES = DATA_DIR / "triage58_articles.json"
TRIAGE59_CASES = DATA_DIR / "triage59_cases.jsonl"
TRIAGE59_ARTICLES = DATA_DIR / "triage59_articles.json"
# The 60th (dev only, the ordinary brief) and 61st (test only) sets: written blind at the
# twenty-seventh session's start and frozen before any change (docs/triage_set.md).
TRIAGE60_CASES = DATA_DIR / "triage60_cases.jsonl"
TRIAGE60_ARTICLES = DATA_DIR / "triage60_articles.json"
TRIAGE61_CASES = DATA_DIR / "triage61_cases.jsonl"
TRIAGE61_ARTICLES = DATA_DIR / "triage61_articles.json"
TRIAGE_SETS = {
    "1": (TRIAGE_CASES, TRIAGE_ARTICLES),
    "2": (TRIAGE2_CASES, TRIAGE2_ARTICLES),
    "3": (TRIAGE3_CASES, TRIAGE3_ARTICLES),
    "4": (TRIAGE4_CASES, TRIAGE4_ARTICLES),
    "5": (TRIAGE5_CASES, TRIAGE5_ARTICLES),
    "6": (TRIAGE6_CASES, TRIAGE6_ARTICLES),
    "7": (TRIAGE7_CASES, TRIAGE7_ARTICLES),
    "8": (TRIAGE8_CASES, TRIAGE8_ARTICLES),
    "9": (TRIAGE9_CASES, TRIAGE9_ARTICLES),
    "10": (TRIAGE10_CASES, TRIAGE10_ARTICLES),
    "11": (TRIAGE11_CASES, TRIAGE11_ARTICLES),
    "12": (TRIAGE12_CASES, TRIAGE12_ARTICLES),
    "13": (TRIAGE13_CASES, TRIAGE13_ARTICLES),
    "14": (TRIAGE14_CASES, TRIAGE14_ARTICLES),
    "15": (TRIAGE15_CASES, TRIAGE15_ARTICLES),
    "16": (TRIAGE16_CASES, TRIAGE16_ARTICLES),
    "17": (TRIAGE17_CASES, TRIAGE17_ARTICLES),
    "18": (TRIAGE18_CASES, TRIAGE18_ARTICLES),
    "19": (TRIAGE19_CASES, TRIAGE19_ARTICLES),
    "20": (TRIAGE20_CASES, TRIAGE20_ARTICLES),
    "21": (TRIAGE21_CASES, TRIAGE21_ARTICLES),
    "22": (TRIAGE22_CASES, TRIAGE22_ARTICLES),
    "23": (TRIAGE23_CASES, TRIAGE23_ARTICLES),
    "24": (TRIAGE24_CASES, TRIAGE24_ARTICLES),
    "25": (TRIAGE25_CASES, TRIAGE25_ARTICLES),
    "26": (TRIAGE26_CASES, TRIAGE26_ARTICLES),
    "27": (TRIAGE27_CASES, TRIAGE27_ARTICLES),
    "28": (TRIAGE28_CASES, TRIAGE28_ARTICLES),
    "29": (TRIAGE29_CASES, TRIAGE29_ARTICLES),
    "30": (TRIAGE30_CASES, TRIAGE30_ARTICLES),
    "31": (TRIAGE31_CASES, TRIAGE31_ARTICLES),
    "32": (TRIAGE32_CASES, TRIAGE32_ARTICLES),
    "33": (TRIAGE33_CASES, TRIAGE33_ARTICLES),
    "34": (TRIAGE34_CASES, TRIAGE34_ARTICLES),
    "35": (TRIAGE35_CASES, TRIAGE35_ARTICLES),
    "36": (TRIAGE36_CASES, TRIAGE36_ARTICLES),
    "37": (TRIAGE37_CASES, TRIAGE37_ARTICLES),
    "38": (TRIAGE38_CASES, TRIAGE38_ARTICLES),
    "39": (TRIAGE39_CASES, TRIAGE39_ARTICLES),
    "40": (TRIAGE40_CASES, TRIAGE40_ARTICLES),
    "41": (TRIAGE41_CASES, TRIAGE41_ARTICLES),
    "42": (TRIAGE42_CASES, TRIAGE42_ARTICLES),
    "43": (TRIAGE43_CASES, TRIAGE43_ARTICLES),
    "44": (TRIAGE44_CASES, TRIAGE44_ARTICLES),
    "45": (TRIAGE45_CASES, TRIAGE45_ARTICLES),
    "46": (TRIAGE46_CASES, TRIAGE46_ARTICLES),
    "47": (TRIAGE47_CASES, TRIAGE47_ARTICLES),
    "48": (TRIAGE48_CASES, TRIAGE48_ARTICLES),
    "49": (TRIAGE49_CASES, TRIAGE49_ARTICLES),
    "50": (TRIAGE50_CASES, TRIAGE50_ARTICLES),
    "51": (TRIAGE51_CASES, TRIAGE51_ARTICLES),
    "52": (TRIAGE52_CASES, TRIAGE52_ARTICLES),
    "53": (TRIAGE53_CASES, TRIAGE53_ARTICLES),
    "54": (TRIAGE54_CASES, TRIAGE54_ARTICLES),
    "55": (TRIAGE55_CASES, TRIAGE55_ARTICLES),
    "56": (TRIAGE56_CASES, TRIAGE56_ARTICLES),
    "57": (TRIAGE57_CASES, TRIAGE57_ARTICLES),
    "58": (TRIAGE58_CASES, TRIAGE58_ARTICLES),
    "59": (TRIAGE59_CASES, TRIAGE59_ARTICLES),
    "60": (TRIAGE60_CASES, TRIAGE60_ARTICLES),
    "61": (TRIAGE61_CASES, TRIAGE61_ARTICLES),
}
# Dev sets read for rules and fitted on by the models, but whose rows do not choose operating
# points: the fortieth was written with extra name violations and name traps, a label mix no
# site sees, and its name leaks (which no threshold decides: names are rules) pushed the tuner
# to lower every other category's points to stay under the pooled leak ceiling.  The
# forty-second was written with extra off-topic violations and off-topic-looking acceptable
# comments; held out 26 + 30 published 84.2% in Arabic with it in the points, 84.9% without
# (``training.cv_operating_points``, twentieth session), the other figures equal.  The
# forty-fourth was written with extra strife violations and group mentions: without it 84.2% /
# 2.0% in Arabic and 91.3% / 1.4% in English (published / leak), with it 83.6% / 2.0% and
# 91.3% / 2.7%.  The forty-sixth was written with extra name violations and name traps, as the
# fortieth: without it 84.9% / 2.0% in Arabic and 91.3% / 1.4% in English, with it 83.6% / 2.0%
# and 91.3% / 2.7% (twenty-first session).  The forty-eighth was written with extra off-topic
# comments both ways, as the forty-second: without it 84.9% / 2.0% and 91.3% / 1.4%, with it
# 82.9% / 2.0% and 86.5% / 1.4%.  The fiftieth was written with violations that slip past a
# quick read: without it 84.2% / 2.0% and 89.4% / 1.4%, with it 73.7% / 3.9% and 84.6% / 1.4%
# (twenty-second session, the first part's rules and refits).  The fifty-second (more strife and
# offense both ways) stays in, with the second part's rules and refits: with it 83.6% / 2.0% and
# 88.5% / 1.4%, without it 84.2% / 2.0% and 88.5% / 2.7%, over the tuner's 2% leak ceiling.
# The fifty-fourth was written as the fiftieth, with violations that slip past a quick read and
# their look-alikes: without it 84.2% / 2.9% and 88.5% / 1.4%, with it 80.9% / 2.9% and 82.7% /
# 1.4% (twenty-third session, its first rules with both refits and an Arabizi floor of 0.5: the
# leak the same either way; with the final engine, set 54 out, 84.9% / 2.0% and 88.5% / 1.4%).
# The fifty-sixth was written, as the fortieth and forty-sixth, with extra name violations and
# name traps (twenty-fifth session) and stays out for the same reason, before any tuning.
NOT_FOR_POINTS = ("40", "42", "44", "46", "48", "50", "54", "56")
SPLITS = ("dev", "test")
LANGUAGES = ("ar", "en")
# Done-means of the verdict issue, per language (and per category for rejected share).
TARGETS = {
    "published_unreviewed": (">=", 0.75),
    "leak": ("<=", 0.05),
    "rejected_right_reason": (">=", 0.70),
    "acceptable_rejected": ("<=", 0.02),
}
CATEGORY_REJECT_TARGET = 0.60


def file_digest(path: Path) -> str:
    """SHA-256 of a file's bytes (the frozen triage set is checked against its recorded digest)."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def _share(num: int, den: int) -> float | None:
    return num / den if den else None


def rejected_for(verdict: Verdict, reject: Mapping[str, float]) -> set[str]:
    """Categories at or above their reject threshold in a rejected verdict."""
    if verdict.verdict != "reject":
        return set()
    return {c for c in CATEGORIES if verdict.scores.get(c, 0.0) >= reject.get(c, 1.01)}


def review_causes(verdict: Verdict, review: Mapping[str, float]) -> set[str]:
    """Why a verdict is ``review``: categories in the review band, or the reason codes."""
    found = {c for c in CATEGORIES if verdict.scores.get(c, 0.0) >= review.get(c, 1.01)}
    return found or {r.code for r in verdict.reasons} or {"hold"}


def triage(
    cases: Sequence[Mapping[str, Any]],
    verdicts: Sequence[Verdict],
    reject: Mapping[str, float],
    review: Mapping[str, float],
) -> dict[str, Any]:
    """The triage figures of one set of cases: overall, per language and per category."""
    out: dict[str, Any] = {}
    for lang in ("all", *LANGUAGES):
        idx = [i for i, c in enumerate(cases) if lang == "all" or c["language"] == lang]
        out[lang] = _triage_slice([cases[i] for i in idx], [verdicts[i] for i in idx], reject,
                                  review)
    return out


def _triage_slice(
    cases: Sequence[Mapping[str, Any]],
    verdicts: Sequence[Verdict],
    reject: Mapping[str, float],
    review: Mapping[str, float],
) -> dict[str, Any]:
    gold = [{c for c in CATEGORIES if case["labels"][c]} for case in cases]
    ok = [i for i, g in enumerate(gold) if not g]
    bad = [i for i, g in enumerate(gold) if g]
    outcome = [v.verdict for v in verdicts]
    right = [i for i in bad if rejected_for(verdicts[i], reject) & gold[i]]
    causes: Counter[str] = Counter()
    for i in ok:
        if outcome[i] == "review":
            causes.update(review_causes(verdicts[i], review))
    false_reject: Counter[str] = Counter()
    for i in ok:
        false_reject.update(rejected_for(verdicts[i], reject) or (
            {r.code for r in verdicts[i].reasons} if outcome[i] == "reject" else set()))
    per_category = {}
    for cat in CATEGORIES:
        mine = [i for i in bad if cat in gold[i]]
        per_category[cat] = {
            "violations": len(mine),
            "rejected_as_this": _share(
                sum(cat in rejected_for(verdicts[i], reject) for i in mine), len(mine)
            ),
            "rejected": _share(sum(outcome[i] == "reject" for i in mine), len(mine)),
            "review": _share(sum(outcome[i] == "review" for i in mine), len(mine)),
            "leak": _share(sum(outcome[i] == "approve" for i in mine), len(mine)),
        }
    return {
        "comments": len(cases),
        "acceptable": len(ok),
        "violations": len(bad),
        "published_unreviewed": _share(sum(outcome[i] == "approve" for i in ok), len(ok)),
        "acceptable_review": _share(sum(outcome[i] == "review" for i in ok), len(ok)),
        "acceptable_rejected": _share(sum(outcome[i] == "reject" for i in ok), len(ok)),
        "leak": _share(sum(outcome[i] == "approve" for i in bad), len(bad)),
        "violations_review": _share(sum(outcome[i] == "review" for i in bad), len(bad)),
        "rejected_right_reason": _share(len(right), len(bad)),
        "rejected_wrong_reason": _share(
            sum(outcome[i] == "reject" for i in bad) - len(right), len(bad)
        ),
        "review_load": _share(sum(o == "review" for o in outcome), len(outcome)),
        "review_causes_acceptable": dict(causes.most_common()),
        "false_reject_causes": dict(false_reject.most_common()),
        "per_category": per_category,
    }


def meets(figures: Mapping[str, Any]) -> dict[str, bool]:
    """Which done-means targets one language's figures meet."""
    met = {}
    for key, (op, bound) in TARGETS.items():
        value = figures.get(key)
        met[key] = value is not None and (value >= bound if op == ">=" else value <= bound)
    met["every_category_rejects"] = all(
        m["rejected_as_this"] is not None and m["rejected_as_this"] >= CATEGORY_REJECT_TARGET
        for m in figures["per_category"].values()
        if m["violations"]
    )
    return met


def _pct(x: float | None) -> str:
    return "–" if x is None else f"{100 * x:.1f}%"


def format_triage(title: str, report: Mapping[str, Any]) -> list[str]:
    """A Markdown table of the triage figures per language, and per category."""
    lines = [
        f"### {title}",
        "",
        "| lang | comments | acceptable published unreviewed | leak | violations rejected, "
        "right reason | acceptable rejected | review load |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for lang in ("all", *LANGUAGES):
        f = report[lang]
        if not f["comments"]:
            continue
        lines.append(
            f"| {lang} | {f['comments']} ({f['acceptable']} ok / {f['violations']} bad) | "
            f"{_pct(f['published_unreviewed'])} | {_pct(f['leak'])} | "
            f"{_pct(f['rejected_right_reason'])} | {_pct(f['acceptable_rejected'])} | "
            f"{_pct(f['review_load'])} |"
        )
    lines += [
        "",
        "| category | lang | violations | rejected as this category | in review | leaked |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for cat in CATEGORIES:
        for lang in LANGUAGES:
            m = report[lang]["per_category"][cat]
            if m["violations"]:
                lines.append(
                    f"| {cat} | {lang} | {m['violations']} | {_pct(m['rejected_as_this'])} | "
                    f"{_pct(m['review'])} | {_pct(m['leak'])} |"
                )
    for lang in LANGUAGES:
        f = report[lang]
        if not f["comments"]:
            continue
        causes = ", ".join(f"{k} {v}" for k, v in f["review_causes_acceptable"].items()) or "none"
        wrong = ", ".join(f"{k} {v}" for k, v in f["false_reject_causes"].items()) or "none"
        met = meets(f)
        missed = [k for k, v in met.items() if not v]
        lines.append(
            f"- {lang}: acceptable comments sent to review by: {causes}; falsely rejected by: "
            f"{wrong}; targets missed: {', '.join(missed) or 'none'}"
        )
    lines.append("")
    return lines
