"""No input can stall a check: every check on adversarial text at the maximum length.

The inputs (``bench/worst_case.py``) target super-linear regular expressions and quadratic loops:
repeated ``@a``, digit and punctuation runs, one-letter words, dotted letters, URL and e-mail
fragments, combining marks, bidi controls, emoji.  Each check must finish one comment in 100 ms
of CPU time (the minimum of three runs).  What this guards against costs orders of magnitude more:
before the fixes, ``@@@…`` took 3 s in language detection and ``111…`` 0.24 s in the spam cues.
The bound was 50 ms until 2026-12-06, when the classifier's linear cost on 2,000 characters of
distinct n-grams reached it on a slower machine of the same kind (`python bench/worst_case.py`:
classifier 47.4 ms on ``digit-dash``, 45.9 ms on ``dash-letter``; 52 ms in one parallel test
run), so the bound now leaves that headroom.  Article bodies are read up to ``MAX_ARTICLE_BODY``
characters, vectorised once per article and cached: the first comment on a new article may pay
up to 1 s (about 0.2 s measured alone; the bound leaves room for the parallel test run), later
ones the same 100 ms as any comment.
"""

from __future__ import annotations

import sys

import pytest

from tests.conftest import REPO

sys.path.insert(0, str(REPO / "bench"))
import worst_case  # noqa: E402 - the benchmark owns the inputs

from service.core import MAX_ARTICLE_BODY, Article  # noqa: E402

LIMIT = 0.100
COMMENTS = list(worst_case.comment_inputs())
BODIES = list(worst_case.body_inputs())


@pytest.fixture(scope="module")
def engine_app():
    return worst_case.build_engine()


@pytest.mark.slow
@pytest.mark.parametrize(("name", "comment"), COMMENTS, ids=[n for n, _ in COMMENTS])
def test_every_check_finishes_an_adversarial_comment_in_100_ms(engine_app, name, comment):
    article = Article(id="a", title="Fuel prices rise again", body="The ministry said " * 40)
    slow = [
        (check, round(t * 1000, 1))
        for t, check in worst_case.time_checks(engine_app, comment, article, repeat=3)
        if t > LIMIT
    ]
    assert not slow, f"{name}: {slow} ms"


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
