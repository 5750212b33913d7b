"""Off-topic relative to the article: the relevance model, the score mapping and the check."""

from __future__ import annotations

import json
import math

import joblib
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from model.normalize import normalize_text
from model.relevance import (
    DEFAULT_PATH,
    FEATURE_VERSION,
    ArtifactVersionError,
    OperatingPoints,
    RelevanceModel,
)
from model.relevance_text import content_terms, gazetteer_ids, stem
from model.relevance_vectors import FAST_MAX_BATCH, FEATURES
from service.core import Article, Context, Policy, Submission, moderate
from service.policy.off_topic import (
    CROSS_LANGUAGE_CAP,
    GENERIC_PATH,
    GenericReactions,
    OffTopicCheck,
    ScoreMap,
    default_generic,
)
from tests.conftest import SHARED_DATA

REJECT = 0.85
REVIEW = 0.60

# --------------------------------------------------------------------------- tiny fixtures
# Four short articles (two per language) and comments written for them; a comment is on-topic
# for its own article and off-topic for the other article of its language.
ARTICLES = {
    "raqqa-en": Article(
        "raqqa-en",
        "International coalition: 300 ISIS fighters might have fled from Raqqa",
        "The coalition said dozens of foreign fighters could have hidden among civilians and "
        "escaped Raqqa during the evacuation. Its spokesman said about 300 militants were "
        "identified as potential ISIS fighters. The Syrian Democratic Forces reached an agreement "
        "with ISIS on the exit of civilians from the city.",
        "en",
    ),
    "derby-en": Article(
        "derby-en",
        "Faisaly beat Wehdat 2-1 in the league derby",
        "Faisaly scored twice in the second half to beat Wehdat in front of a full stadium. The "
        "referee sent off a Wehdat defender, and the coach blamed the pitch. Faisaly now lead the "
        "football league by three points.",
        "en",
    ),
    "raqqa-ar": Article(
        "raqqa-ar",
        "التحالف الدولي: 300 مقاتل من داعش ربما فروا من الرقة",
        "قال التحالف الدولي إن عشرات المقاتلين الأجانب ربما اختبأوا بين المدنيين وفروا من "
        "الرقة خلال عملية الإجلاء. وأضاف المتحدث باسم التحالف أن نحو 300 مسلح صنفوا مقاتلين "
        "محتملين في تنظيم داعش، وأن قوات سوريا الديمقراطية توصلت إلى اتفاق مع التنظيم.",
        "ar",
    ),
    "fuel-ar": Article(
        "fuel-ar",
        "رفع أسعار المحروقات في الأردن للشهر الثالث على التوالي",
        "قررت لجنة تسعير المشتقات النفطية رفع سعر البنزين والديزل للشهر الثالث، وسط غضب "
        "سائقي التكسي والمواطنين. وقالت الحكومة إن الأسعار العالمية للنفط ارتفعت، فيما طالب "
        "نواب بتخفيض الضريبة على المحروقات.",
        "ar",
    ),
}
COMMENTS = {
    "raqqa-en": [
        "How did 300 ISIS fighters escape from Raqqa with the civilians?",
        "The coalition should have inspected every man leaving the city",
        "Foreign fighters will go back home and cause trouble there",
        "The SDF agreement with ISIS was a huge mistake",
        "So the militants just walked out of Raqqa during the evacuation",
    ],
    "derby-en": [
        "What a second half, Faisaly deserved the win",
        "Wehdat defence was terrible and the red card killed them",
        "The referee ruined the derby again",
        "The stadium was full and the fans were loud all game",
        "Wehdat will still win the league, three points is nothing",
    ],
    "raqqa-ar": [
        "كيف هرب 300 مقاتل من داعش من الرقة؟",
        "التحالف كان لازم يفتش كل المدنيين اللي طلعوا من المدينة",
        "المقاتلين الأجانب رح يرجعوا على بلادهم ويعملوا مشاكل",
        "اتفاق قسد مع داعش كان غلطة كبيرة",
        "يعني المسلحين طلعوا من الرقة مع الإجلاء عادي",
    ],
    "fuel-ar": [
        "الأسعار نار وما حدا قادر يعبي بنزين",
        "الحكومة لازم توقف رفع المحروقات كل شهر",
        "سواقين التكسي أكثر ناس متضررين من رفع البنزين والديزل",
        "كل شهر رفع أسعار والرواتب نفسها",
        "خفضوا الضريبة على المحروقات بدل ما ترفعوا الأسعار",
    ],
}
BACKGROUND = [
    "The match ended in a draw after a late goal",
    "The government announced a new budget for schools",
    "Heavy rain is expected in Amman this weekend",
    "أمطار غزيرة متوقعة في عمان نهاية الأسبوع",
    "افتتاح مطعم جديد في عمان يقدم المنسف",
    "الحكومة تعلن موازنة جديدة للمدارس",
]


def _tiny_pairs() -> tuple[list[str], list[str], list[str], list[int]]:
    comments, titles, bodies, labels = [], [], [], []
    for home, texts in COMMENTS.items():
        lang = ARTICLES[home].language
        for text in texts:
            for aid, article in ARTICLES.items():
                if article.language != lang:
                    continue
                comments.append(text)
                titles.append(article.title)
                bodies.append(article.body)
                labels.append(int(aid == home))
    return comments, titles, bodies, labels


@pytest.fixture(scope="module")
def tiny_model() -> RelevanceModel:
    """A relevance model fitted inside the test on the hand-written pairs above."""
    comments, titles, bodies, labels = _tiny_pairs()
    corpus = [f"{a.title}\n{a.body}" for a in ARTICLES.values()] + comments + BACKGROUND
    return RelevanceModel.fit(
        corpus, comments, titles, bodies, labels,
        c=1.0, points=OperatingPoints(review=0.5, reject=0.9),
        n_components=6, word_min_df=1, char_min_df=1,
    )  # fmt: skip


@pytest.fixture
def check(tiny_model) -> OffTopicCheck:
    return OffTopicCheck(tiny_model)


def _ctx(comment: str, article: Article | None) -> Context:
    return Context(Submission(comment=comment), article)


def _score(check: OffTopicCheck, comment: str, article: Article | None) -> float | None:
    return check(_ctx(comment, article)).scores.get("off_topic")


# --------------------------------------------------------------------------- the check


@pytest.mark.parametrize(
    ("article_id", "off_topic", "on_topic"),
    [
        ("raqqa-en", "Buy cheap football shirts", "ISIS fighters fled Raqqa among the civilians"),
        ("raqqa-ar", "مين بيعرف مطعم منيح بعمان؟", "داعش هربوا من الرقة والتحالف ما عمل شي"),
        ("fuel-ar", "اتفاق قسد مع داعش في الرقة", "البنزين صار غالي كثير والحكومة ترفع الأسعار"),
        ("derby-en", "The coalition evacuated civilians from Raqqa",
         "Faisaly were lucky, the referee helped them"),
    ],
)  # fmt: skip
def test_clearly_off_topic_comment_scores_above_on_topic(check, article_id, off_topic, on_topic):
    article = ARTICLES[article_id]
    assert _score(check, off_topic, article) > _score(check, on_topic, article)


def test_off_topic_reason_is_a_model_reason_without_spans(check):
    result = check(_ctx("Buy cheap football shirts", ARTICLES["raqqa-en"]))
    (reason,) = result.reasons
    assert reason.code == "off_topic"
    assert reason.source == "model"
    assert reason.spans == ()
    assert reason.score == result.scores["off_topic"]
    assert 0.0 <= float(reason.params["probability"]) <= 1.0


GENERIC = [
    "Good article",
    "Good article, thanks!",
    "thanks 🙏",
    "Well said!!!",
    "WELL SAID",
    "so true",
    "rest in peace",
    "Thank you very much for sharing",
    "الله يرحمهم",
    "الله يرحمهم ويصبر اهلهم",
    "حسبي الله",
    "حسبي الله ونعم الوكيل",
    "الله يحمي الأردن 🇯🇴",
    "شكراً على الخبر",
    "شكرا على الخبر",
    "كلام صحيح والله",
    "كلام صحيح جدا",
    "يعطيكم العافية",
    "shukran",
]


@pytest.mark.parametrize("comment", GENERIC)
@pytest.mark.parametrize("article_id", sorted(ARTICLES))
def test_generic_reactions_are_never_rejected(check, comment, article_id):
    article = ARTICLES[article_id]
    assert _score(check, comment, article) == 0.0
    verdict = moderate(Submission(comment=comment), article, Policy([check], mode="auto"))
    assert verdict.scores["off_topic"] < REJECT
    assert verdict.status != "rejected"


@pytest.mark.parametrize(
    "comment",
    [
        "thanks, now buy cheap football shirts at my shop",
        "شكرا، مين بيعرف مطعم منيح بعمان؟",
        "good",
        "very very",
        "والله",
        "",
    ],
)
def test_generic_list_does_not_excuse_other_content(comment):
    assert not default_generic().matches(normalize_text(comment))


def test_generic_list_covers_both_languages_with_about_a_hundred_entries():
    rows = GENERIC_PATH.read_text(encoding="utf-8").splitlines()[1:]
    languages = [r.split("\t")[1] for r in rows if r.strip()]
    assert len(languages) >= 100
    assert languages.count("ar") >= 40
    assert languages.count("en") >= 40


def test_generic_phrases_match_after_normalisation_only():
    generic = GenericReactions(["كلام صحيح"])
    assert generic.matches(normalize_text("كـــلام صحيـح!!"))  # tatweel, trailing marks
    assert generic.matches(normalize_text("وكلام صحيح"))  # attached "and"
    assert not generic.matches(normalize_text("كلام"))


@pytest.mark.parametrize("article", [None, Article("empty", "", "")])
def test_no_article_gives_no_score(check, article):
    result = check(_ctx("Buy cheap football shirts", article))
    assert result.scores == {}
    assert result.reasons == []


@pytest.mark.parametrize(
    ("comment", "article_id"),
    [
        ("مين بيعرف مطعم منيح بعمان؟", "raqqa-en"),
        ("سواقين التكسي زعلانين", "derby-en"),
        ("Buy cheap football shirts", "fuel-ar"),
        ("Wehdat will win the league", "raqqa-ar"),
    ],
)
def test_cross_language_comments_are_capped_below_reject(check, comment, article_id):
    result = check(_ctx(comment, ARTICLES[article_id]))
    assert result.scores["off_topic"] <= CROSS_LANGUAGE_CAP < REJECT
    assert result.reasons[0].params["cross_language"] == "1"


@pytest.mark.parametrize(
    ("comment", "article_id"),
    [("داعش هربوا من الرقة", "raqqa-en"), ("ISIS fighters left Raqqa", "raqqa-ar")],
)
def test_cross_language_comment_naming_the_articles_places_stays_below_review(
    check, comment, article_id
):
    result = check(_ctx(comment, ARTICLES[article_id]))
    assert result.scores["off_topic"] < REVIEW
    assert set(result.reasons[0].params["shared_names"].split(",")) >= {"raqqa"}


def test_names_every_jordanian_story_shares_do_not_bridge_languages(check):
    article = Article("fuel-en", "Jordan raises fuel prices", "The government in Amman said", "en")
    result = check(_ctx("الحكومة في الأردن ما بتهتم", article))
    assert "shared_names" not in result.reasons[0].params


def test_batch_scores_equal_single_scores(check):
    ctxs = [_ctx(c, ARTICLES[a]) for a, texts in COMMENTS.items() for c in texts[:2]]
    ctxs += [_ctx("Buy cheap football shirts", ARTICLES["raqqa-en"]), _ctx("thanks", None)]
    batch = check.batch(ctxs)
    single = [check(c) for c in ctxs]
    assert [sorted(b.scores) for b in batch] == [sorted(s.scores) for s in single]
    flat = [v for b in batch for v in b.scores.values()]
    assert flat == pytest.approx([v for s in single for v in s.scores.values()])


def test_article_is_vectorised_once_per_content(tiny_model, monkeypatch):
    check = OffTopicCheck(tiny_model, cache_size=2)
    calls = []
    real = tiny_model.article

    def counting(title, body):
        calls.append(title)
        return real(title, body)

    monkeypatch.setattr(tiny_model, "article", counting)
    raqqa = ARTICLES["raqqa-en"]
    for comment in COMMENTS["raqqa-en"]:
        check(_ctx(comment, raqqa))
    assert len(calls) == 1
    edited = Article(raqqa.id, raqqa.title, raqqa.body + " Updated.", "en")
    check(_ctx("fighters", edited))
    assert len(calls) == 2  # an edited article is vectorised again
    check(_ctx("fighters", ARTICLES["derby-en"]))
    assert check.cache_info() == {"size": 2, "max": 2}


# --------------------------------------------------------------------------- score mapping


@pytest.mark.parametrize(("p_review", "p_reject"), [(0.5, 0.9), (0.4, 0.97), (0.6, 0.7)])
def test_score_map_puts_operating_points_on_the_policy_thresholds(p_review, p_reject):
    m = ScoreMap(p_review, p_reject, review=REVIEW, reject=REJECT)
    assert m(p_review) == pytest.approx(REVIEW)
    assert m(p_reject) == pytest.approx(REJECT)
    assert m(0.0) == 0.0
    assert m(1.0) == 1.0
    assert m(p_review - 0.01) < REVIEW
    assert REVIEW < m((p_review + p_reject) / 2) < REJECT


@given(st.floats(0, 1), st.floats(0, 1))
def test_score_map_is_monotone(a, b):
    m = ScoreMap(0.5, 0.93)
    lo, hi = sorted((a, b))
    assert m(lo) <= m(hi)


def test_uncertain_probabilities_land_in_review_band_not_reject(tiny_model):
    check = OffTopicCheck(tiny_model)
    points = tiny_model.points
    scores = check.map(np.linspace(points.review, points.reject, 20, endpoint=False))
    assert np.all((scores >= REVIEW) & (scores < REJECT))


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
    comments, titles, bodies, _ = _tiny_pairs()
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
