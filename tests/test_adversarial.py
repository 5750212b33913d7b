"""No input can stall a check: every check on adversarial text at the maximum length.

The inputs (``bench/worst_case.py``) target super-linear regular expressions and quadratic loops:
repeated ``@a``, digit and punctuation runs, one-letter words, dotted letters, URL and e-mail
fragments, combining marks, bidi controls, emoji.  What this guards against costs orders of
magnitude more than a verdict: before the fixes, ``@@@…`` took 3 s in language detection and
``111…`` 0.24 s in the spam cues, both quadratic.  The tests assert how the work *grows*, never
how long it takes on this machine (a fixed bound of 100 ms per check held, but a loaded CI machine
stretches every figure; ``python bench/worst_case.py`` prints the costs: 47.4 ms for the
classifier on ``digit-dash`` at 2,000 characters on 2026-12-06): each check's CPU time on four
times the text must grow less than ten-fold (linear work grows about four-fold, quadratic
sixteen-fold).  Article bodies are read up to ``MAX_ARTICLE_BODY`` characters, vectorised once
per article and cached; that is counted, not timed.
"""

from __future__ import annotations

import sys

import pytest

from tests.conftest import REPO

sys.path.insert(0, str(REPO / "bench"))
import worst_case  # noqa: E402 - the benchmark owns the inputs

from service.core import MAX_ARTICLE_BODY, Article  # noqa: E402

# Quadratic work on four times the text costs sixteen times as much, linear work four times
# (less with each check's fixed cost); a check under FLOOR at the maximum length cannot stall a
# worker whatever its growth, and below it the ratio of two tiny CPU times is noise.
GROWTH_LIMIT = 10.0
FLOOR = 0.005
COMMENTS = list(worst_case.comment_inputs())
BODIES = list(worst_case.body_inputs())


@pytest.fixture(scope="module")
def engine_app():
    return worst_case.build_engine()


@pytest.mark.slow
@pytest.mark.parametrize(("name", "comment"), COMMENTS, ids=[n for n, _ in COMMENTS])
def test_no_check_grows_faster_than_linearly_on_an_adversarial_comment(
        engine_app, name, comment):
    article = Article(id="a", title="Fuel prices rise again", body="The ministry said " * 40)
    quarter = dict(
        (check, t) for t, check in
        worst_case.time_checks(engine_app, comment[: len(comment) // 4], article, repeat=3))
    whole = worst_case.time_checks(engine_app, comment, article, repeat=3)
    steep = [
        (check, round(t * 1000, 1), round(t / max(quarter[check], 1e-6), 1))
        for t, check in whole
        if t > FLOOR and t > GROWTH_LIMIT * quarter[check]
    ]
    assert not steep, f"{name}: (check, ms at full length, growth on 4x the text) {steep}"


@pytest.mark.slow
@pytest.mark.parametrize(("name", "body"), BODIES[::3], ids=[n for n, _ in BODIES[::3]])
def test_an_adversarial_article_body_is_read_once_and_then_from_the_caches(
        engine_app, name, body, monkeypatch):
    """The article's own work (names harvested, relevance vectors) is done once, on a bounded
    prefix, whatever the body; what it costs is printed by ``bench/worst_case.py`` (a timed
    assertion here failed under a loaded CI machine at 1.46 s for 0.37 s of work)."""
    from model.relevance import RelevanceModel
    from service.policy.names.articles import ArticleNames

    assert len(body) > MAX_ARTICLE_BODY  # checks read a bounded prefix
    read: dict[str, list[int]] = {"names": [], "vectors": []}
    extract, vectors = ArticleNames._extract, RelevanceModel.article

    def counted_extract(self, art):
        read["names"].append(len(art.body))
        return extract(self, art)

    def counted_vectors(self, title, text):
        read["vectors"].append(len(text))
        return vectors(self, title, text)

    monkeypatch.setattr(ArticleNames, "_extract", counted_extract)
    monkeypatch.setattr(RelevanceModel, "article", counted_vectors)
    article = Article(id=name, title="Fuel prices", body=body)
    worst_case.time_checks(engine_app, "The ministry must explain", article, repeat=1)
    worst_case.time_checks(engine_app, "The ministry lied again", article, repeat=3)
    assert len(read["names"]) == 1 and len(read["vectors"]) == 1, read
    assert max(read["names"] + read["vectors"]) <= MAX_ARTICLE_BODY, read
