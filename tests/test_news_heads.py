"""News heads: a second embedding head per category, fitted on labelled news comments."""

from __future__ import annotations

import numpy as np
import pytest

from model.semantic import SemanticHeads
from training import left_out
from training import news_heads as nh
from training import tune_operating_points as top

DIM = 8
CATS = ("offense", "strife")


def _heads(news=None) -> SemanticHeads:
    return SemanticHeads(CATS, np.zeros((DIM, 2)), np.zeros(2),
                         {c: {"*": (1.0, 1.0, 0.0)} for c in CATS}, "fake-1", news=news)


def _separable(n: int = 120, seed: int = 1) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    y = (rng.random(n) < 0.4).astype(int)
    E = rng.normal(size=(n, DIM))
    E[:, 0] += 2.5 * y  # the label lives on one direction of the embedding
    return E / np.linalg.norm(E, axis=1, keepdims=True), y


def test_a_news_head_moves_the_stacked_logit_of_its_category_only():
    E, y = _separable()
    W, b = nh.fit_heads(E, y[:, None])
    news = {"categories": ("strife",), "weights": W, "intercepts": b}
    zeros = np.zeros((len(E), 2))
    plain = _heads().combine(zeros, E, ["ar"] * len(E))
    both = _heads(news).combine(zeros, E, ["ar"] * len(E))
    np.testing.assert_allclose(both["offense"], plain["offense"])
    # Without the head every row scores 0.5; with it the violations rank above the rest.
    assert both["strife"][y == 1].mean() > 0.6 > 0.4 > both["strife"][y == 0].mean()


def test_news_heads_round_trip_and_older_artifacts_load_without_them(tmp_path):
    E, y = _separable()
    W, b = nh.fit_heads(E, y[:, None])
    heads = _heads({"categories": ("strife",), "weights": W, "intercepts": b, "scale": 0.5})
    back = SemanticHeads.load(heads.save(tmp_path / "s.joblib"))
    assert back.news["categories"] == ("strife",) and back.news["scale"] == 0.5
    np.testing.assert_allclose(back.news["weights"], W)
    assert SemanticHeads.load(_heads().save(tmp_path / "old.joblib")).news is None
    with pytest.raises(ValueError, match="one weight column"):
        _heads({"categories": ("strife", "spam"), "weights": W, "intercepts": b})


def test_unlabelled_rows_are_left_out_of_a_category_fit():
    E, y = _separable()
    Y = np.c_[y, np.where(np.arange(len(y)) % 2 == 0, y, -1)]
    W, _ = nh.fit_heads(E, Y)
    half, _ = nh.fit_heads(E[::2], y[::2, None])
    np.testing.assert_allclose(W[:, 1], half[:, 0], rtol=1e-4, atol=1e-5)


def test_left_out_margins_never_see_the_article_they_score():
    E, y = _separable()
    groups = np.array([f"a{i % 4}" for i in range(len(y))])
    public = _separable(60, seed=2)
    public = (public[0], public[1][:, None])
    margins = nh.left_out_margins(E, y[:, None], groups, public)
    mine = groups == "a0"
    flipped = y.copy()
    flipped[mine] = 1 - flipped[mine]
    again = nh.left_out_margins(E, flipped[:, None], groups, public)
    np.testing.assert_allclose(again[mine], margins[mine])
    assert not np.allclose(again[~mine], margins[~mine])


def _evidence(n: int) -> top.Evidence:
    k = len(top.CATEGORIES)
    none = np.zeros((n, k), dtype=bool)
    has = none.copy()
    has[:, top.CATEGORIES.index("strife")] = True
    return top.Evidence(language=np.array(["ar"] * n), gold=np.zeros((n, k), dtype=int),
                        rule_reject=none, rule_review=none, hold=np.zeros(n, bool),
                        banned=np.zeros(n, bool), prob=np.full((n, k), 0.5), has_model=has,
                        cap_review=none, cap_reject=none)


def test_tuning_reads_the_stored_left_out_margins_and_refuses_other_rows():
    cases = [{"id": f"c{i}", "comment": f"comment {i}", "article_id": "a"} for i in range(3)]
    rows = [(c, None) for c in cases]
    shipped = {"categories": ("strife",),
               "left_out": {nh.row_key(c): [float(i)] for i, c in enumerate(cases)}}
    ev = left_out.with_news(rows, _evidence(3), shipped)
    j = top.CATEGORIES.index("strife")
    np.testing.assert_allclose(ev.prob[:, j], nh.add_margins(np.full(3, 0.5), np.arange(3.0)))
    assert (ev.prob[:, top.CATEGORIES.index("offense")] == 0.5).all()  # no model: untouched
    edited = [({**cases[0], "comment": "edited"}, None), *rows[1:]]
    with pytest.raises(SystemExit, match="news_heads"):
        left_out.with_news(edited, _evidence(3), shipped)


def test_tuning_reads_off_topic_probabilities_from_the_refit_that_left_the_article_out():
    from types import SimpleNamespace

    cases = [{"id": f"c{i}", "comment": f"comment {i}", "article_id": "a"} for i in range(3)]
    rows = [(c, None) for c in cases]
    j = top.CATEGORIES.index("off_topic")
    ev = _evidence(3)
    has = ev.has_model.copy()
    has[:2, j] = True  # the third row was not scored (a generic reaction, say)
    ev = top.Evidence(**{**vars(ev), "has_model": has})
    table = {nh.row_key(cases[0]): 0.1, nh.row_key(cases[1]): 0.9}
    refit = SimpleNamespace(metadata={"left_out": table})
    check = SimpleNamespace(name="off_topic", semantic=refit)
    out = left_out.with_offtopic(SimpleNamespace(checks=[check]), rows, ev)
    assert out.prob[:, j].tolist() == [0.1, 0.9, 0.5]
    del table[nh.row_key(cases[1])]
    with pytest.raises(SystemExit, match="refit_offtopic"):
        left_out.with_offtopic(SimpleNamespace(checks=[check]), rows, ev)


def test_a_set_the_shipped_fits_were_fitted_on_is_refused_as_fresh():
    from types import SimpleNamespace

    from training import tuning_evidence as te

    cases = [{"id": f"c{i}", "comment": f"comment {i}", "article_id": "a"} for i in range(2)]
    rows = [(c, None) for c in cases]
    refit = SimpleNamespace(metadata={"left_out": {}})
    engine = SimpleNamespace(checks=[SimpleNamespace(name="off_topic", semantic=refit)])
    te._check_fresh(engine, {"left_out": {}}, rows)  # fitted on other rows: fresh
    with pytest.raises(SystemExit, match="not fresh"):
        te._check_fresh(engine, {"left_out": {nh.row_key(cases[1]): 0.3}}, rows)
    refit.metadata["left_out"][nh.row_key(cases[0])] = 0.2
    with pytest.raises(SystemExit, match="not fresh"):
        te._check_fresh(engine, None, rows)


def test_written_rows_join_every_fold_with_their_own_weight(tmp_path):
    E, y = _separable()
    groups = np.array([f"a{i % 4}" for i in range(len(y))])
    written = _separable(40, seed=3)
    written = (written[0], written[1][:, None])
    plain = nh.left_out_margins(E, y[:, None], groups)
    more = nh.left_out_margins(E, y[:, None], groups, written=written)
    assert not np.allclose(plain, more)  # every fold learns from them
    W, b = nh.fit_mixed(E, y[:, None], None, written)
    pooled = np.vstack([E, written[0]])
    weights = np.r_[np.full(len(E), nh.NEWS_WEIGHT), np.full(len(written[0]), nh.WRITTEN_WEIGHT)]
    same, _ = nh.fit_heads(pooled, np.vstack([y[:, None], written[1]]), weights)
    np.testing.assert_allclose(W, same, rtol=1e-4, atol=1e-5)  # one pool, weighted per source
    path = tmp_path / "w.jsonl"
    path.write_text('{"comment": "x", "language": "ar", "strife": 1}\n\n'
                    '{"comment": "y", "language": "en", "strife": 0}\n', encoding="utf-8")
    rows = nh.load_written([path])
    assert [r["strife"] for r in rows] == [1, 0]


def test_the_written_rows_weight_is_a_parameter_and_zero_leaves_them_out():
    E, y = _separable()
    written = _separable(40, seed=3)
    written = (written[0], written[1][:, None])
    none, _ = nh.fit_mixed(E, y[:, None], None)
    zero, _ = nh.fit_mixed(E, y[:, None], None, written, written_weight=0.0)
    np.testing.assert_allclose(zero, none)
    one, _ = nh.fit_mixed(E, y[:, None], None, written, written_weight=1.0)
    two, _ = nh.fit_mixed(E, y[:, None], None, written, written_weight=2.0)
    assert not np.allclose(one, two)


def test_written_rows_are_labelled_for_the_chosen_categories_only(monkeypatch):
    monkeypatch.setattr(nh, "row_embeddings", lambda _engine, rows: np.ones((len(rows), DIM)))
    rows = [{"comment": "x", "strife": 1, "offense": 1}, {"comment": "y", "strife": 0}]
    _, Y = nh.written_rows(None, rows, ("offense", "strife"))
    assert Y.tolist() == [[1, 1], [-1, 0]]  # a row without an offense label is left out of it
    _, Y = nh.written_rows(None, rows)
    assert Y.shape == (2, len(nh.NEWS_CATEGORIES))


def test_news_heads_are_fitted_only_for_categories_the_semantic_heads_have(tmp_path, capsys):
    with pytest.raises(SystemExit):
        nh.main(["--data", str(tmp_path), "--categories", "personal_name"])
    assert "invalid choice" in capsys.readouterr().err
