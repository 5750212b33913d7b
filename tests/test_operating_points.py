"""Operating points: the probability-to-score map, and the tuner's decisions equal the core's."""

from __future__ import annotations

import random

import numpy as np
import pytest

from model.operating import NEVER, OperatingPoints, Point, to_score
from model.verdict import CATEGORIES, Article, CheckResult, Reason, Submission
from service.core import Policy, moderate_many
from training import tune_operating_points as top

REVIEW, REJECT = 0.45, 0.8


@pytest.mark.parametrize(("review", "reject"), [(0.2, 0.6), (0.05, 0.95), (0.5, 0.5), (0.3, NEVER)])
def test_to_score_crosses_the_thresholds_exactly_at_the_points(review, reject):
    point = Point(review, reject)
    ps = np.linspace(0, 1, 201)
    scores = [to_score(p, point, REVIEW, REJECT) for p in ps]
    assert scores == sorted(scores)  # monotone
    for p, s in zip(ps, scores, strict=True):
        assert (s >= REVIEW - 1e-9) == (p >= review - 1e-9)
        if reject < NEVER:
            assert (s >= REJECT - 1e-9) == (p >= reject - 1e-9)
        else:
            assert s < REJECT


@pytest.mark.parametrize("bad", [(0.0, 0.5), (0.6, 0.5), (0.5, 1.2)])
def test_malformed_points_are_refused(bad):
    with pytest.raises(ValueError):
        Point(*bad)


def test_points_round_trip_through_json(tmp_path):
    ops = OperatingPoints({"offense": {"ar": Point(0.2, 0.9), "*": Point(0.3, NEVER)}}, {"x": 1})
    path = ops.save(tmp_path / "op.json")
    back = OperatingPoints.load(path)
    assert back.get("offense", "ar") == Point(0.2, 0.9)
    assert back.get("offense", "en") == Point(0.3, NEVER)  # the fallback
    assert back.get("spam", "ar") is None
    assert back.metadata == {"x": 1}


class RandomRule:
    """A rule check with fixed per-row scores (some rows held or banned)."""

    name = "rule"

    def __init__(self, rows):
        self.rows = rows

    def __call__(self, ctx):
        row = self.rows[ctx.submission.comment]
        reasons = [Reason("banned_word", "rule")] if row["banned"] else []
        return CheckResult(scores=dict(row["rule"]), reasons=reasons, hold=row["hold"])


class RandomModel:
    """A model check reporting probabilities (and sometimes caps) per row."""

    name = "model"

    def __init__(self, rows):
        self.rows = rows

    def __call__(self, ctx):
        row = self.rows[ctx.submission.comment]
        probs = dict(row["prob"])
        reasons = [Reason(c, "model", score=0.0) for c in probs]
        return CheckResult(scores=dict.fromkeys(probs, 0.0), reasons=reasons,
                           probabilities=probs, caps=dict(row["caps"]))


@pytest.mark.parametrize("corroborate", [False, True])
def test_the_tuners_simulated_verdicts_are_the_cores(corroborate):
    rng = random.Random(7)
    rows = {}
    cases = []
    model_cats = ("offense", "strife", "off_topic", "spam")
    for i in range(400):
        text = f"comment {i}"
        rows[text] = {
            "rule": {c: rng.choice([0.0, 0.2, 0.5, 0.85, 0.95]) for c in CATEGORIES
                     if rng.random() < 0.3},
            "prob": {c: rng.random() for c in model_cats},
            "caps": {c: rng.choice(["review", "reject"]) for c in model_cats
                     if rng.random() < 0.1},
            "hold": rng.random() < 0.05,
            "banned": rng.random() < 0.03,
        }
        labels = {c: int(rng.random() < 0.15) for c in CATEGORIES}
        cases.append(({"comment": text, "labels": labels}, Article("a", "t")))
    points = {c: {"en": Point(*sorted((rng.uniform(0.05, 0.9), rng.uniform(0.05, 1.0))),
                              rng.uniform(0.05, 0.9) if corroborate else NEVER)}
              for c in model_cats}
    ops = OperatingPoints(points)
    reject = {c: REJECT for c in CATEGORIES}
    review = {c: REVIEW for c in CATEGORIES}
    checks = [RandomRule(rows), RandomModel(rows)]
    policy = Policy(checks=checks, reject=reject, review=review, mode="auto",
                    operating_points=ops)
    verdicts = moderate_many(
        [(Submission(c["comment"], language="en"), a) for c, a in cases], policy
    )
    ev = top.collect(Policy(checks=checks, reject=reject, review=review, mode="auto"), cases)
    assert set(ev.language) == {"en"}
    pr = np.array([points[c]["en"].review if c in points else NEVER for c in CATEGORIES])
    pj = np.array([points[c]["en"].reject if c in points else NEVER for c in CATEGORIES])
    pc = np.array([points[c]["en"].corroborate if c in points else NEVER for c in CATEGORIES])
    simulated = top.decide(ev, np.broadcast_to(pr, ev.prob.shape),
                           np.broadcast_to(pj, ev.prob.shape), np.broadcast_to(pc, ev.prob.shape))
    names = {"approve": 0, "review": 1, "reject": 2}
    assert [names[v.verdict] for v in verdicts] == simulated.tolist()
    # Corroboration turned some reviews into rejections (the test would pass vacuously else).
    plain = top.decide(ev, np.broadcast_to(pr, ev.prob.shape), np.broadcast_to(pj, ev.prob.shape))
    assert bool(((simulated == 2) & (plain == 1)).any()) is corroborate


def _offense_only(gold: np.ndarray, prob: np.ndarray) -> top.Evidence:
    """English rows where only the offense model speaks (no rules, holds or caps)."""
    n = len(gold)
    has = np.zeros_like(prob, dtype=bool)
    has[:, 0] = True
    none = np.zeros_like(has)
    return top.Evidence(language=np.array(["en"] * n), gold=gold, rule_reject=none,
                        rule_review=none, hold=np.zeros(n, bool), banned=np.zeros(n, bool),
                        prob=prob, has_model=has, cap_review=none, cap_reject=none)


def test_tuning_keeps_the_leak_within_the_ceiling_when_it_can():
    rng = np.random.default_rng(3)
    n = 600
    gold = np.zeros((n, len(CATEGORIES)), dtype=int)
    gold[: n // 3, 0] = 1  # a third are offensive
    prob = np.zeros((n, len(CATEGORIES)))
    prob[:, 0] = np.clip(np.where(gold[:, 0] == 1, rng.normal(0.7, 0.15, n),
                                  rng.normal(0.3, 0.15, n)), 0.001, 0.999)
    ev = _offense_only(gold, prob)
    points, fig = top.tune_language(ev, "en", leak=0.03, false_reject=0.01, precision=0.9)
    assert fig.leak <= 0.03 and fig.false_reject <= 0.01
    assert fig.published > 0.5  # separable enough to publish most acceptable comments
    looser, fig2 = top.tune_language(ev, "en", leak=0.15, false_reject=0.01, precision=0.9)
    assert fig2.published >= fig.published
    assert looser["offense"].review >= points["offense"].review


def _synthetic(n: int = 300, seed: int = 5) -> tuple[top.Evidence, np.ndarray]:
    rng = np.random.default_rng(seed)
    gold = np.zeros((n, len(CATEGORIES)), dtype=int)
    gold[rng.random(n) < 0.3, 0] = 1
    prob = np.zeros((n, len(CATEGORIES)))
    prob[:, 0] = np.clip(np.where(gold[:, 0] == 1, rng.normal(0.7, 0.2, n),
                                  rng.normal(0.3, 0.2, n)), 0.001, 0.999)
    ev = _offense_only(gold, prob)
    groups = np.array([f"article-{i % 5}" for i in range(n)])
    return ev, groups


def test_left_out_article_figures_never_see_the_article_they_score():
    from training import cv_operating_points as cv

    settings = {"leak": 0.03, "false_reject": 0.01, "precision": 0.9, "model_recall": 0.0}
    ev, groups = _synthetic()
    outcome, _, _, folds = cv.held_out_outcomes(ev, groups, "en", settings)
    assert folds == 5 and (outcome >= 0).all()
    # Relabel one article: its own held-out verdicts cannot move (its labels tuned nothing it
    # is scored with), while the other articles' points are tuned on the new labels.
    mine = groups == "article-0"
    gold = ev.gold.copy()
    gold[mine, 0] = 1 - gold[mine, 0]
    relabelled = top.Evidence(**{**vars(ev), "gold": gold})
    again, _, _, _ = cv.held_out_outcomes(relabelled, groups, "en", settings)
    np.testing.assert_array_equal(again[mine], outcome[mine])
    assert (again[~mine] != outcome[~mine]).any()
    figures = cv.cross_validate(ev, groups, settings)["en"]
    assert figures["rows"] == len(groups) and 0.0 <= figures["leak"] <= 1.0


def test_a_fresh_sets_figures_come_from_points_tuned_without_it():
    from training import cv_operating_points as cv

    settings = {"leak": 0.03, "false_reject": 0.01, "precision": 0.9, "model_recall": 0.0}
    ev, groups = _synthetic(n=400)
    fresh = groups == "article-0"
    before = cv.fresh_figures(ev, fresh, settings)["en"]
    # Relabelling the fresh rows changes what they score, never the points they are scored with:
    # every verdict stays, so the relabelled violations' leak is the old acceptable rows' share
    # published.
    gold = ev.gold.copy()
    gold[fresh, 0] = 1 - gold[fresh, 0]
    after = cv.fresh_figures(top.Evidence(**{**vars(ev), "gold": gold}), fresh, settings)["en"]
    assert after.leak == pytest.approx(before.published)
    assert after.published == pytest.approx(before.leak)
    # Relabelling the other rows moves the points, so the fresh rows' figures move.
    gold = ev.gold.copy()
    gold[~fresh, 0] = 1 - gold[~fresh, 0]
    moved = cv.fresh_figures(top.Evidence(**{**vars(ev), "gold": gold}), fresh, settings)["en"]
    assert vars(moved) != vars(before)


def test_each_held_out_sets_figures_come_from_the_points_tuned_without_all_of_them(monkeypatch):
    from training import cv_operating_points as cv

    settings = {"leak": 0.03, "false_reject": 0.01, "precision": 0.9, "model_recall": 0.0}
    ev, groups = _synthetic(n=400)
    rows = [({"id": g}, None) for g in groups]
    monkeypatch.setattr(cv, "set_mask", lambda rows, key: np.array([c["id"] == key
                                                                     for c, _ in rows]))
    keys = ["article-0", "article-1"]
    held = cv.held_out_mask(rows, keys)
    per = cv.per_set_figures(ev, rows, held, keys, settings)
    pooled = cv.fresh_figures(ev, held, settings)["en"]
    # One set of points for all: the pooled shares are the sets' shares, weighted by size.
    assert pooled.published == pytest.approx(
        np.average([per[k]["en"].published for k in keys],
                   weights=[((groups == k) & ~ev.gold.any(axis=1)).sum() for k in keys]))
    assert pooled.leak == pytest.approx(
        np.average([per[k]["en"].leak for k in keys],
                   weights=[((groups == k) & ev.gold.any(axis=1)).sum() for k in keys]))


def test_held_out_sets_are_exactly_their_own_dev_rows():
    from training import cv_operating_points as cv
    from training.tuning_evidence import tuning_rows

    rows = tuning_rows()
    ids = np.array([c["id"] for c, _ in rows])
    one = cv.held_out_mask(rows, ["26"])
    assert one.sum() == 216 and all(i.startswith("t26-") for i in ids[one])
    assert not any(i.startswith("t26-") for i in ids[~one])
    both = cv.held_out_mask(rows, ["26", "24"])
    assert both.sum() == one.sum() + cv.set_mask(rows, "24").sum()
    assert {i.split("-")[0] for i in ids[both]} == {"t26", "t24"}
    # A test-only set has no tuning rows to hold out: an error, not an empty hold-out.
    with pytest.raises(ValueError, match="set 27"):
        cv.held_out_mask(rows, ["26", "27"])


def test_a_model_may_not_reject_alone_on_the_strength_of_a_single_row():
    # One violation scores far above everything else; below it acceptable and violating rows
    # mix.  Its precision of 1/1 is no measurement: with a minimum support the model never
    # rejects alone, without one it rejects at that single row.
    n = 40
    gold = np.zeros((n, len(CATEGORIES)), dtype=int)
    prob = np.zeros((n, len(CATEGORIES)))
    gold[0, 0], prob[0, 0] = 1, 0.99
    gold[1::2, 0] = 1
    prob[1:, 0] = np.linspace(0.6, 0.1, n - 1)
    ev = _offense_only(gold, prob)
    thin, _ = top.tune_language(ev, "en", leak=0.5, false_reject=0.5, precision=0.9)
    assert thin["offense"].reject < NEVER
    supported, _ = top.tune_language(ev, "en", leak=0.5, false_reject=0.5, precision=0.9,
                                     min_support=5)
    assert supported["offense"].reject == NEVER


def test_the_exchange_rate_stops_holding_back_many_acceptable_comments_for_one_violation():
    # Ten violations score high; one scores among twenty acceptable comments.  With no rate
    # the search lowers the review point below it to meet a zero ceiling, holding back the
    # twenty; at three acceptable comments per violation caught it leaves that one to leak.
    n_ok, n_bad = 60, 11
    gold = np.zeros((n_ok + n_bad, len(CATEGORIES)), dtype=int)
    gold[n_ok:, 0] = 1
    prob = np.zeros(gold.shape)
    prob[:40, 0] = np.linspace(0.01, 0.1, 40)  # plainly acceptable
    prob[40:n_ok, 0] = np.linspace(0.2, 0.5, 20)  # acceptable, above the stray violation
    prob[n_ok:-1, 0] = np.linspace(0.8, 0.95, n_bad - 1)
    prob[-1, 0] = 0.15  # the stray violation
    ev = _offense_only(gold, prob)
    strict, f0 = top.tune_language(ev, "en", leak=0.0, false_reject=1.0, precision=1.1)
    rated, f3 = top.tune_language(ev, "en", leak=0.0, false_reject=1.0, precision=1.1,
                                  exchange=3.0)
    assert f0.leak == 0.0 and strict["offense"].review < 0.15
    assert f3.leak == pytest.approx(1 / n_bad) and rated["offense"].review > 0.5
    assert f3.published > f0.published


def _cued_offense(seed: int, violation_mean: float, spread: float):
    """400 English rows, 120 offense violations; a rule's review cue on 60 of them and 20 others."""
    rng = np.random.default_rng(seed)
    n = 400
    gold = np.zeros((n, len(CATEGORIES)), dtype=int)
    gold[:120, 0] = 1
    prob = np.zeros((n, len(CATEGORIES)))
    prob[:, 0] = np.clip(np.where(gold[:, 0] == 1, rng.normal(violation_mean, spread, n),
                                  rng.normal(0.2, 0.15, n)), 0.001, 0.999)
    ev = _offense_only(gold, prob)
    cue = np.zeros(n, dtype=bool)
    cue[:60] = True
    cue[200:220] = True
    ev.rule_review = ev.rule_review.copy()
    ev.rule_review[:, 0] = cue
    return ev, gold, prob, cue


def test_a_rules_review_cue_and_the_model_reject_together_only_where_precise():
    """Step 4: the corroborate point sits where the cued rows are violations ≥ 90% of the time,
    never below the model's review point; rows without a rule cue are not rejected by it."""
    ev, gold, prob, cue = _cued_offense(seed=5, violation_mean=0.55, spread=0.2)
    points, fig = top.tune_language(ev, "en", leak=0.05, false_reject=0.05, precision=0.9,
                                    min_support=5, corroborate=True)
    point = points["offense"]
    assert point.review <= point.corroborate < NEVER
    above = cue & (prob[:, 0] >= point.corroborate)
    assert above.sum() >= 5 and gold[above, 0].mean() >= 0.9
    off, fig_off = top.tune_language(ev, "en", leak=0.05, false_reject=0.05, precision=0.9,
                                     min_support=5)
    assert off["offense"].corroborate == NEVER
    assert fig.published == fig_off.published and fig.leak == fig_off.leak
    assert fig.right_reason > fig_off.right_reason


def test_a_category_exempt_from_the_recall_floor_keeps_its_review_point_where_leak_allows():
    """Spam the rules catch by its form needs no model floor: exempt, the model holds back no
    acceptable comment it would only catch violations the rules already hold."""
    rng = np.random.default_rng(11)
    n = 300
    j = CATEGORIES.index("spam")
    gold = np.zeros((n, len(CATEGORIES)), dtype=int)
    gold[:30, j] = 1
    prob = np.zeros((n, len(CATEGORIES)))
    prob[:, j] = np.clip(np.where(gold[:, j] == 1, rng.normal(0.5, 0.2, n),
                                  rng.normal(0.35, 0.2, n)), 0.001, 0.999)
    has = np.zeros_like(prob, dtype=bool)
    has[:, j] = True
    none = np.zeros_like(has)
    cue = none.copy()
    cue[:30, j] = True  # a link or a number on every spam comment
    ev = top.Evidence(language=np.array(["en"] * n), gold=gold, rule_reject=none,
                      rule_review=cue, hold=np.zeros(n, bool), banned=np.zeros(n, bool),
                      prob=prob, has_model=has, cap_review=none, cap_reject=none)
    floor, f_floor = top.tune_language(ev, "en", 0.03, 0.01, 0.9, model_recall=0.7)
    free, f_free = top.tune_language(ev, "en", 0.03, 0.01, 0.9, model_recall=0.7,
                                     recall_exempt=("spam",))
    assert free["spam"].review > floor["spam"].review
    assert f_free.published > f_floor.published and f_free.leak == f_floor.leak == 0.0


def test_a_model_barred_from_rejecting_alone_reviews_what_it_would_have_rejected():
    """``no_model_reject``: no reject point, the review point no higher than the reject point
    it would have had, and a rule's cue with the model still rejects (step 4)."""
    ev, gold, prob, cue = _cued_offense(seed=7, violation_mean=0.7, spread=0.15)
    kw = dict(leak=0.05, false_reject=0.05, precision=0.9, min_support=5, corroborate=True)
    free, f_free = top.tune_language(ev, "en", **kw)
    assert free["offense"].reject < NEVER
    for barred in (("offense",), ("offense:en",)):
        points, f = top.tune_language(ev, "en", **kw, no_model_reject=barred)
        point = points["offense"]
        assert point.reject == NEVER
        assert point.review <= free["offense"].reject
        assert point.corroborate <= free["offense"].reject
        outcome = top.decide(ev, np.full(prob.shape, point.review),
                             np.full(prob.shape, NEVER),
                             np.full(prob.shape, point.corroborate))
        assert not (outcome[~cue] == 2).any()  # without a rule's cue nothing is rejected
        assert f.published == pytest.approx(f_free.published) and f.leak <= f_free.leak
    other, _ = top.tune_language(ev, "en", **kw, no_model_reject=("offense:ar",))
    assert other["offense"].reject < NEVER  # barring another language leaves this one alone


def test_the_shipped_tuning_bars_the_models_held_out_comments_showed_imprecise():
    # Arabic offense and spam rejected acceptable comments alone on the dev sets scored when
    # they were frozen (training.model_alone): the tuner's default keeps them from it.
    assert set(top.DEFAULT_NO_MODEL_REJECT) == {"offense:ar", "spam"}
    from model.operating import OperatingPoints

    shipped = OperatingPoints.load(top.DEFAULT_PATH)
    assert shipped.get("offense", "ar").reject == NEVER
    assert shipped.get("spam", "ar").reject == NEVER
    assert shipped.get("spam", "en").reject == NEVER
    assert shipped.metadata["constraints"]["no_model_reject"] == ["offense:ar", "spam"]


def test_the_shipped_points_were_tuned_with_the_tuners_defaults():
    # The defaults say what was chosen (on the held-out dev sets); points tuned with other
    # settings would ship without the defaults that document them being changed too.
    from model.operating import OperatingPoints

    constraints = OperatingPoints.load(top.DEFAULT_PATH).metadata["constraints"]
    assert constraints["model_recall_at_review"] == top.DEFAULT_MODEL_RECALL
    assert constraints["exchange"] == top.DEFAULT_EXCHANGE
    assert constraints["recall_exempt"] == list(top.DEFAULT_RECALL_EXEMPT)


def test_a_barred_models_would_be_rejections_take_no_budget_from_the_next_category():
    # Offense and strife each have 40 violations at 0.90-0.99 with 4 acceptable comments among
    # them at 0.985; the false-reject ceiling fits one category's four, not both.  Offense,
    # tuned first, takes the budget; barred from rejecting, it leaves it to strife.
    n_bad, n_ok = 40, 200
    n = 2 * n_bad + n_ok
    j_off, j_str = CATEGORIES.index("offense"), CATEGORIES.index("strife")
    gold = np.zeros((n, len(CATEGORIES)), dtype=int)
    prob = np.full((n, len(CATEGORIES)), 0.01)
    gold[:n_bad, j_off] = 1
    gold[n_bad:2 * n_bad, j_str] = 1
    prob[:n_bad, j_off] = np.linspace(0.9, 0.99, n_bad)
    prob[n_bad:2 * n_bad, j_str] = np.linspace(0.9, 0.99, n_bad)
    prob[2 * n_bad:2 * n_bad + 4, j_off] = 0.985
    prob[2 * n_bad + 4:2 * n_bad + 8, j_str] = 0.985
    has = np.zeros_like(prob, dtype=bool)
    has[:, [j_off, j_str]] = True
    none = np.zeros_like(has)
    ev = top.Evidence(language=np.array(["en"] * n), gold=gold, rule_reject=none,
                      rule_review=none, hold=np.zeros(n, bool), banned=np.zeros(n, bool),
                      prob=prob, has_model=has, cap_review=none, cap_reject=none)
    kw = dict(leak=0.5, false_reject=5 / n_ok, precision=0.0)
    free, _ = top.tune_language(ev, "en", **kw)
    assert free["offense"].reject < 0.95 and free["strife"].reject > 0.985
    barred, f = top.tune_language(ev, "en", **kw, no_model_reject=("offense",))
    assert barred["offense"].reject == NEVER and barred["strife"].reject < 0.95
    assert 0 < f.false_reject <= 5 / n_ok


@pytest.mark.parametrize(("value", "valid"), [
    ("offense", True), ("spam:en", True), ("offense:ar", True),
    ("offence:ar", False), ("offense:AR", False), ("offense:fr", False), ("", False),
])
def test_a_bar_names_a_category_and_optionally_a_language(value, valid):
    assert top.valid_bar(value) is valid


def test_hard_negatives_hold_a_models_reject_point_above_the_traps_it_would_reject():
    # Tuning rows: violations score 0.8-0.99, acceptable comments under 0.5, so the reject
    # point falls just above 0.5.  Acceptable traps (hard negatives) score 0.6-0.75: with the
    # ceiling the point stays above them, at no cost on the tuning rows' figures here.
    n = 200
    gold = np.zeros((n, len(CATEGORIES)), dtype=int)
    gold[:60, 0] = 1
    prob = np.zeros((n, len(CATEGORIES)))
    prob[:60, 0] = np.linspace(0.8, 0.99, 60)
    prob[60:, 0] = np.linspace(0.01, 0.5, n - 60)
    ev = _offense_only(gold, prob)
    traps_prob = np.zeros((50, len(CATEGORIES)))
    traps_prob[:, 0] = np.linspace(0.6, 0.75, 50)
    traps = _offense_only(np.zeros((50, len(CATEGORIES)), dtype=int), traps_prob)
    free, _ = top.tune_language(ev, "en", leak=0.05, false_reject=0.01, precision=0.9)
    assert free["offense"].reject < 0.6
    hard = top.HardNegatives(traps, extra=0.0)
    assert hard.base == {"en": 0.0}
    held, fig = top.tune_language(ev, "en", leak=0.05, false_reject=0.01, precision=0.9,
                                  hard=hard)
    assert 0.75 < held["offense"].reject < 0.81  # the next candidate above the traps
    assert hard.rejected("en", np.array([held["offense"].reject] + [NEVER] * 4)) == 0.0
    # A share of extra trap rejections lets the point come down that far, no further.
    some = top.HardNegatives(traps, extra=0.7)
    lower, _ = top.tune_language(ev, "en", leak=0.05, false_reject=0.01, precision=0.9,
                                 hard=some)
    assert lower["offense"].reject < held["offense"].reject
    assert some.rejected("en", np.array([lower["offense"].reject] + [NEVER] * 4)) <= 0.7
    assert hard.allows("ar", np.full(len(CATEGORIES), 0.01))  # no Arabic traps: no ceiling


def test_the_hard_negatives_are_scored_by_the_engine_as_acceptable_rows(app, tmp_path):
    import json

    path = tmp_path / "traps.jsonl"
    rows = [{"id": "h1", "script": "latin", "kind": 1, "comment": "a stray dog bit my son"},
            {"id": "h2", "script": "arabic", "kind": 4, "comment": "قتلونا بالأسعار والله"},
            {"id": "h3", "script": "latin", "kind": 3, "comment": "I'm such an idiot, I lost it"}]
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows),
                    encoding="utf-8")
    with app.app_context():
        hard = top.collect_hard(app.extensions["raqib"], path, 0.01)
    assert len(hard.ev.gold) == 3 and not hard.ev.gold.any()
    assert hard.ev.language.tolist() == ["en", "ar", "en"]
    assert set(hard.base) == {"en", "ar"}
    # The classifier speaks on every row; rejecting at any probability rejects every trap it
    # may reject (not the ones a guard caps), past what the rules reject alone.
    assert hard.ev.has_model[:, CATEGORIES.index("offense")].all()
    anything = np.full(len(CATEGORIES), 1e-6)
    assert hard.rejected("en", anything) > hard.base["en"]
    assert not hard.allows("en", anything)
    assert hard.allows("en", np.full(len(CATEGORIES), NEVER))


def test_a_false_reject_extra_bounds_what_the_models_add_to_the_rules_own():
    # The rules already reject 4 of 200 acceptable comments (2%); the strife model's 40
    # violations sit at 0.90-0.99 with 2 acceptable comments at 0.985.  A 2% total ceiling
    # leaves the model nothing to add; an extra of 1% lets it reject from below 0.95.
    n_bad, n_ok = 40, 200
    n = n_bad + n_ok
    j = CATEGORIES.index("strife")
    gold = np.zeros((n, len(CATEGORIES)), dtype=int)
    prob = np.full((n, len(CATEGORIES)), 0.01)
    gold[:n_bad, j] = 1
    prob[:n_bad, j] = np.linspace(0.9, 0.99, n_bad)
    prob[n_bad:n_bad + 2, j] = 0.985
    has = np.zeros_like(prob, dtype=bool)
    has[:, j] = True
    none = np.zeros_like(has)
    rule_reject = none.copy()
    rule_reject[n_bad + 10:n_bad + 14, CATEGORIES.index("offense")] = True
    ev = top.Evidence(language=np.array(["en"] * n), gold=gold, rule_reject=rule_reject,
                      rule_review=none, hold=np.zeros(n, bool), banned=np.zeros(n, bool),
                      prob=prob, has_model=has, cap_review=none, cap_reject=none)
    kw = dict(leak=0.5, false_reject=0.02, precision=0.0)
    total, f_total = top.tune_language(ev, "en", **kw)
    assert total["strife"].reject > 0.985 and f_total.false_reject == pytest.approx(0.02)
    extra, f_extra = top.tune_language(ev, "en", **kw, false_reject_extra=0.01)
    assert extra["strife"].reject < 0.95
    assert f_extra.false_reject == pytest.approx(0.03)
    none_added, f_none = top.tune_language(ev, "en", **kw, false_reject_extra=0.0)
    assert none_added["strife"].reject > 0.985 and f_none.false_reject == pytest.approx(0.02)
