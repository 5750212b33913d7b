"""Off-topic relative to the article: the relevance model, its artifact and the direct path."""

from __future__ import annotations

import json
import math

import joblib
import numpy as np
import pytest

from model.normalize import normalize_text
from model.relevance import (
    DEFAULT_PATH,
    FEATURE_VERSION,
    ArtifactVersionError,
    RelevanceModel,
)
from model.relevance_text import content_terms, gazetteer_ids, stem
from model.relevance_vectors import FAST_MAX_BATCH, FEATURES
from service.core import Article
from service.policy.off_topic import (
    OffTopicCheck,
)
from tests.conftest import SHARED_DATA
from tests.off_topic_support import ARTICLES, COMMENTS, fit_tiny_model, tiny_pairs
from tests.off_topic_support import ctx as _ctx
from tests.off_topic_support import score as _score


@pytest.fixture(scope="module")
def tiny_model() -> RelevanceModel:
    """A relevance model fitted inside the test on hand-written pairs (tests/off_topic_support)."""
    return fit_tiny_model()


# --------------------------------------------------------------------------- model and artifact


@pytest.mark.parametrize(
    ("token", "expected"),
    [("والمقاتلين", "مقاتل"), ("فروا", "فروا"), ("fighters", "fighter"), ("cities", "city")],
)
def test_stemming_folds_clitics_and_plurals_but_keeps_short_words(token, expected):
    assert stem(normalize_text(token)) == expected


@pytest.mark.parametrize(
    ("text", "ident"),
    [("مقاتلو داعش في الرقة", "raqqa"), ("ISIS fighters in Raqqa", "raqqa"),
     ("الولايات المتحدة", "usa"), ("the Syrian army", "syria")],
)  # fmt: skip
def test_gazetteer_bridges_arabic_and_english_names(text, ident):
    assert ident in gazetteer_ids(normalize_text(text))


def test_content_terms_drop_function_words_in_both_languages():
    terms = content_terms(normalize_text("The fighters of the city في الرقة هو"))
    assert "the" not in terms and "في" not in terms and "هو" not in terms
    assert "fighter" in terms


def test_features_are_finite_and_named(tiny_model):
    art = tiny_model.article(ARTICLES["raqqa-en"].title, ARTICLES["raqqa-en"].body)
    x = tiny_model.vectorizers.features([normalize_text("ISIS fighters fled"), ""], [art, art])
    assert x.shape == (2, len(FEATURES))
    assert np.isfinite(x).all()


def test_artifact_round_trip_keeps_probabilities(tiny_model, tmp_path):
    path = tiny_model.save(tmp_path / "relevance.joblib")
    loaded = RelevanceModel.load(path)
    comments, titles, bodies, _ = tiny_pairs()
    assert loaded.off_topic_proba(comments, titles, bodies) == pytest.approx(
        tiny_model.off_topic_proba(comments, titles, bodies), abs=2e-3
    )
    assert loaded.points == tiny_model.points


@pytest.mark.parametrize(
    "tamper",
    [
        lambda a: a["metadata"]["libraries"].update({"scikit-learn": "0.0.1"}),
        lambda a: a["relevance"].update({"feature_version": FEATURE_VERSION + 1}),
        lambda a: a.pop("relevance"),
    ],
)
def test_artifact_from_other_versions_is_refused(tiny_model, tamper):
    artifact = tiny_model.to_artifact()
    tamper(artifact)
    with pytest.raises(ArtifactVersionError):
        RelevanceModel.from_artifact(artifact)


# --------------------------------------------------------------------------- direct path
# Small batches (every single verdict) are scored without scikit-learn's transform; the numbers
# must be those of the sparse path.

DIRECT_COMMENTS = [
    "How did 300 ISIS fighters escape from Raqqa? The coalition, the coalition, the coalition!",
    "كيف هرب 300 مقاتل من داعش من الرقة؟ التحالف قال إن المقاتلين الأجانب فروا مع المدنيين",
    "ya 3ammi el ta7aluf ma 3emel shi fel raqqa, kolhom kazzabeen",
    "ISIS داعش Raqqa الرقة coalition التحالف",
    "Faisaly\t\t beat   Wehdat\n\n2-1 and the referee   sent off a defender",
    "البنزين البنزين البنزين غالي والحكومة ترفع الأسعار كل شهر",
    "٣٠٠ 300 3,000 2-1",
    "Buy cheap football shirts at www.example-shop.com",
    "😡😡😡 🙏",
    "ok",
    "a",
    "!!!",
    "",
    "zxqv qwrtp",
    # Many shared terms: long float32 sums, where summation order shows.
    ARTICLES["raqqa-en"].body + " " + ARTICLES["derby-en"].title,
    ARTICLES["fuel-ar"].body + " " + ARTICLES["raqqa-ar"].body,
]
DIRECT_ARTICLES = [
    *ARTICLES.values(),
    Article("title-only", "Faisaly beat Wehdat", "", "en"),
    Article(
        "long",
        "Raqqa, fuel and football",
        " ".join(a.body for a in ARTICLES.values()) * 2,  # several passages
        "en",
    ),
]


@pytest.fixture(params=["tiny", "shipped"])
def any_model(request) -> RelevanceModel:
    """The model fitted in the tests (float32 IDF) and the shipped one (float64 IDF)."""
    if request.param == "tiny":
        return request.getfixturevalue("tiny_model")
    return request.getfixturevalue("shipped").model


def _direct_pairs(model: RelevanceModel) -> tuple[list[str], list]:
    arts = [model.article(a.title, a.body) for a in DIRECT_ARTICLES]
    texts = [normalize_text(c) for c in DIRECT_COMMENTS]
    return [t for t in texts for _ in arts], [a for _ in texts for a in arts]


def test_direct_path_gives_the_sparse_path_probabilities(any_model):
    texts, arts = _direct_pairs(any_model)
    sparse = any_model.vectorizers.features(texts, arts, direct=False)
    direct = any_model.vectorizers.features(texts, arts, direct=True)
    features = any_model.vectorizers.features
    singles = np.vstack([features([t], [a]) for t, a in zip(texts, arts, strict=True)])
    np.testing.assert_allclose(direct, sparse, rtol=0, atol=1e-9)
    np.testing.assert_allclose(singles, sparse, rtol=0, atol=1e-9)
    expected = any_model.predict_proba(texts, arts, direct=False)
    one_by_one = [any_model.predict_proba([t], [a])[0] for t, a in zip(texts, arts, strict=True)]
    assert np.abs(np.asarray(one_by_one) - expected).max() <= 1e-9
    assert np.ptp(expected) > 0.1  # the sample spans on- and off-topic pairs


@pytest.mark.parametrize("comment", DIRECT_COMMENTS)
def test_direct_rows_equal_sklearn_transform(any_model, comment):
    vec = any_model.vectorizers
    text = normalize_text(comment)
    for row, vectorizer in ((vec.word_row(text), vec.word), (vec.char_row(text), vec.char)):
        expected = vectorizer.transform([text])
        np.testing.assert_array_equal(row.indices, expected.indices)
        np.testing.assert_allclose(row.data, expected.data, rtol=0, atol=1e-9)


def test_single_comments_skip_sklearn_transform_and_large_batches_use_it(tiny_model, monkeypatch):
    check = OffTopicCheck(tiny_model)
    article = ARTICLES["raqqa-en"]
    vectors, _ = check.article_vectors(article)  # the article side is cached beforehand
    calls: list[int] = []

    def counting(real):
        def transform(docs):
            calls.append(len(docs))
            return real(docs)

        return transform

    vec = tiny_model.vectorizers
    for vectorizer in (vec.word, vec.char):
        monkeypatch.setattr(vectorizer, "transform", counting(vectorizer.transform))
    assert check(_ctx("ISIS fighters fled Raqqa", article)).scores["off_topic"] >= 0.0
    assert calls == []
    texts = [normalize_text(COMMENTS["raqqa-en"][0])] * (FAST_MAX_BATCH + 1)
    tiny_model.predict_proba(texts, [vectors] * len(texts))
    assert calls == [FAST_MAX_BATCH + 1] * 2


# --------------------------------------------------------------------------- shipped artifact

METRICS_PATH = DEFAULT_PATH.with_name("relevance_metrics.json")
SEED_TITLE = "International coalition: 300 ISIS fighters might have fled from Raqqa"
SEED_BODY = (
    "The International Coalition stated that dozens of foreign fighters could have been hiding "
    "among civilians and might have managed to escape Raqqa during the evacuation of 3,000 "
    "civilians. Col. Ryan Dillon, the spokesman for the coalition forces, said there were about "
    "300 militants identified as potential ISIS fighters."
)


@pytest.fixture(scope="module")
def shipped() -> OffTopicCheck:
    if not DEFAULT_PATH.exists():
        pytest.skip(f"no trained artifact at {DEFAULT_PATH}: run training.train_relevance")
    return OffTopicCheck.load()


def test_shipped_artifact_is_small_and_ranks_the_seed_article(shipped):
    assert DEFAULT_PATH.stat().st_size < 8 * 1024 * 1024
    article = Article("raqqa-2017", SEED_TITLE, SEED_BODY, "en")
    off = _score(shipped, "Buy cheap football shirts, best prices in town", article)
    on = _score(shipped, "How could 300 ISIS fighters escape Raqqa with the civilians?", article)
    assert off > on
    assert _score(shipped, "Good article, thanks!", article) == 0.0


@pytest.mark.data
def test_shipped_artifact_recorded_held_out_auc_is_useful(shipped):
    if not SHARED_DATA.is_dir():
        pytest.skip(f"shared data absent at {SHARED_DATA} (set RAQIB_SHARED_DATA)")
    held_out = shipped.model.metadata["held_out"]
    recorded = json.loads(METRICS_PATH.read_text(encoding="utf-8"))["held_out"]
    assert recorded == held_out  # the JSON describes this artifact
    for source in ("semeval2015_cqa", "fox_news_comments", "sfu_ctc", "anercorp_windows",
                   "ar_tweets_hashtag"):  # fmt: skip
        auc = held_out[source]["roc_auc"]
        assert not math.isnan(auc) and auc > 0.6, (source, auc)
    artifact = joblib.load(DEFAULT_PATH)
    assert artifact["metadata"]["feature_version"] == FEATURE_VERSION


def test_the_engine_gives_every_worker_the_sites_newest_articles(app):
    from datetime import timedelta

    from model.semantic_relevance import RECENT_BODY_CHARS
    from service.engine import RECENT_ARTICLES
    from service.extensions import db
    from service.models import Article as Row
    from service.models import utcnow

    start = utcnow() - timedelta(days=1)
    with app.app_context():
        for i in range(RECENT_ARTICLES + 4):
            db.session.add(Row(id=f"a{i:02d}", title=f"Story {i}", body="خبر " * 400,
                               created_at=start + timedelta(minutes=i)))
        db.session.commit()
        engine = app.extensions["raqib"]
        got = engine.recent_articles()
        newest = [f"a{i:02d}" for i in range(RECENT_ARTICLES + 3, 3, -1)]
        assert [a.id for a in got] == newest
        assert {len(a.body) for a in got} == {RECENT_BODY_CHARS}  # the lead is enough
        db.session.add(Row(id="late", title="Late story", body="", created_at=utcnow()))
        db.session.commit()
        assert engine.recent_articles()[0].id == newest[0]  # re-read once a minute, not per comment
        engine.forget_recent_articles()
        assert engine.recent_articles()[0].id == "late"
        # A Coral placeholder story (no title yet) is not one to compare comments with.
        db.session.add(Row(id="placeholder", title="", body="", created_at=utcnow()))
        db.session.commit()
        engine.forget_recent_articles()
        assert "placeholder" not in {a.id for a in engine.recent_articles()}
