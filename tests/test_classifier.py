"""Tests for model/classifier.py and model/artifact.py on a tiny model trained here.

The corpus is invented: template sentences in English and Arabic whose offensive, strife and spam
versions differ by a handful of words, with 5% of labels flipped so nothing is perfectly
separable.  Nothing here reads the public datasets.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import joblib
import numpy as np
import pytest
import sklearn

from model.artifact import (
    ArtifactError,
    current_name,
    load_artifact,
    load_current,
    read_metadata,
    save_artifact,
)
from model.classifier import ClassifierCheck, HashedNgrams, RaqibClassifier, rescale
from model.normalize import normalize_text
from service.core import Article, Context, Policy, Submission, moderate, moderate_many
from training import train
from training.dataset_base import Example
from training.evaluate import binary_metrics

EN = {
    "subjects": ["the minister", "this article", "the new road", "the match", "the weather",
                 "the budget", "the school", "the hospital", "the mayor", "the council"],
    "neutral": ["is a good step", "was explained well", "needs more money", "looks fine",
                "will help many families", "should be finished soon", "is quite late",
                "made me think", "was discussed today", "deserves a follow up"],
    "insults": ["idiot", "moron", "stupid clown", "pathetic loser", "dumb fool", "scumbag"],
    "groups": ["muslims", "christians", "jews", "immigrants", "refugees", "arabs"],
    "hate": ["are vermin and must be expelled", "are a disease on this land",
             "should all be thrown out", "are animals who ruin everything"],
    "fillers": ["", "", "today", "again", "honestly", "as usual", "in my opinion", "for sure",
                "this week", "no doubt", "believe me", "as always"],
    "spam": ["buy cheap followers now at www.{}.com", "click here to win money http://{}.net",
             "best crypto signals, message me on whatsapp {}", "visit my channel {} subscribe"],
}
AR = {
    "subjects": ["الوزير", "هذا المقال", "الطريق الجديد", "المباراة", "الطقس", "الميزانية",
                 "المدرسة", "المستشفى", "رئيس البلدية", "المجلس"],
    "neutral": ["خطوة جيدة", "شرح واضح", "يحتاج دعم اكثر", "كلام منطقي", "يخدم الناس",
                "تاخر كثير", "موضوع مهم", "الله يوفقهم", "نتمنى التحسن", "شكرا على التوضيح"],
    "insults": ["حمار", "غبي", "حيوان", "كلب", "تافه", "وسخ"],
    "groups": ["الشيعة", "السنة", "المسيحيين", "اللاجئين", "اليهود", "الاكراد"],
    "hate": ["حثالة ويجب طردهم", "سرطان في البلد", "خونة وعملاء كلهم", "انجاس لازم يطلعوا"],
    "fillers": ["", "", "اليوم", "مرة ثانية", "بصراحة", "كالعادة", "برايي", "اكيد",
                "هالاسبوع", "بدون شك", "صدقني", "زي دايما"],
    "spam": ["خصم كبير اطلب الان عبر الرابط {}", "توصيات فوركس مضمونة تواصل واتساب {}",
             "زيادة متابعين بسعر رخيص {}", "اربح المال من البيت سجل هنا {}"],
}


def sentence(words: dict, kind: str, rng: random.Random) -> str:
    """One invented comment of ``kind`` (neutral, offense, strife, spam)."""
    subject, neutral = rng.choice(words["subjects"]), rng.choice(words["neutral"])
    tail = rng.choice(words["fillers"])
    if kind == "offense":
        text = f"{subject} {neutral} {rng.choice(words['insults'])} {tail}"
    elif kind == "strife":
        text = f"{rng.choice(['', subject])} {rng.choice(words['groups'])} " \
               f"{rng.choice(words['hate'])} {tail}"
    elif kind == "spam":
        text = rng.choice(words["spam"]).format(f"shop{rng.randint(1, 999)}")
    else:
        text = f"{subject} {neutral} {tail}"
    return " ".join(text.split())


def corpus(n: int, seed: int, noise: float = 0.05) -> list[Example]:
    """Distinct labelled invented comments per language, labels flipped with prob. ``noise``."""
    rng = random.Random(seed)
    out = []
    for lang, words in (("en", EN), ("ar", AR)):
        seen: set[str] = set()
        i = 0
        while len(seen) < n:
            kind = ("neutral", "neutral", "offense", "strife", "spam")[i % 5]
            text = sentence(words, kind, rng)
            if text in seen:
                continue
            i += 1
            seen.add(text)
            labels = {c: int(kind == c) for c in ("offense", "strife", "spam")}
            if kind == "strife":
                labels["offense"] = 1
            labels = {c: (1 - v if rng.random() < noise else v) for c, v in labels.items()}
            out.append(Example(text, labels, lang, f"synthetic_{lang}", "train", "test fixture"))
    return out


@pytest.fixture(scope="module")
def trained() -> tuple[RaqibClassifier, list[Example]]:
    """A tiny model fitted on invented comments, with held-out invented comments."""
    examples = corpus(1500, seed=1, noise=0.03)
    data = train.prepare(examples, [1.0] * len(examples), 7, train.QUICK, lambda _m: None)
    model = train.fit_model(data, train.QUICK, 7, {"offense": 0.8, "strife": 0.8, "spam": 0.85},
                            lambda _m: None)
    return model, corpus(60, seed=2, noise=0.0)


@pytest.fixture
def check(trained) -> ClassifierCheck:
    return ClassifierCheck(trained[0])


def ctx(text: str, language: str | None = None) -> Context:
    return Context(Submission(comment=text, language=language), Article("a1", "Budget news"))


# --------------------------------------------------------------------------- features


TEXTS = ["", "ok", "You are an IDIOT!!!", "يا حمار 😡 انت", "mixed نص and text 123",
         "a" * 50, "  spaced   out\ttext \n here  ", "emoji only 🙂🙂"]


@pytest.mark.parametrize("n_features", [2**10, 2**18])
def test_features_of_a_text_do_not_depend_on_its_batch(n_features: int) -> None:
    ngrams = HashedNgrams(n_features=n_features).fit([])
    batch = ngrams.transform(TEXTS).toarray()
    for i, text in enumerate(TEXTS):
        alone = ngrams.transform([text]).toarray()[0]
        np.testing.assert_allclose(batch[i], alone, rtol=1e-6)


@pytest.mark.parametrize("text", [t for t in TEXTS if t.strip()])
def test_feature_rows_are_unit_scaled_counts(text: str) -> None:
    ngrams = HashedNgrams(n_features=2**18).fit([])
    row = ngrams.transform([text])
    _, _, counts = ngrams.entries([text])
    # Counts divided by sqrt(number of n-grams): the values sum to sqrt(count).
    assert row.sum() == pytest.approx(np.sqrt(counts[0]), rel=1e-5)
    assert row.nnz > 0


def test_scoring_path_equals_the_training_matrix_times_the_weights(trained) -> None:
    model, heldout = trained
    texts = [normalize_text(e.text) for e in heldout[:50]] + ["", "🙂"]
    expected = model.ngrams.transform(texts) @ model.coef + model.intercept
    np.testing.assert_allclose(model.margins(texts), expected, rtol=1e-4, atol=1e-4)


@pytest.mark.parametrize("unit", ["rain ", "الجو بارد اليوم ", "thanks for the report. "])
def test_repeating_a_text_does_not_change_its_features(unit: str) -> None:
    """Presence, not counts: fifty copies are the same evidence as two."""
    ngrams = HashedNgrams(n_features=2**18, binary=True).fit([])
    twice, many = ngrams.transform([unit * 2, unit * 50]).toarray()
    np.testing.assert_allclose(twice, many, rtol=1e-6)


def test_repeating_a_harmless_text_does_not_raise_the_scores(trained) -> None:
    model, _ = trained
    texts = [normalize_text("rain " * 2), normalize_text("rain " * 50)]
    twice, many = model.margins(texts)
    np.testing.assert_allclose(twice, many, rtol=1e-5, atol=1e-5)


def test_word_order_changes_the_bigram_features() -> None:
    ngrams = HashedNgrams(n_features=2**20, char_ngrams=(9, 9)).fit([])
    a, b = ngrams.transform(["dog bites man", "man bites dog"]).toarray()
    assert not np.allclose(a, b)


# --------------------------------------------------------------------------- scores


@pytest.mark.parametrize("threshold", [0.1, 0.35, 0.5, 0.72, 0.95])
@pytest.mark.parametrize("anchor", [0.8, 0.85])
def test_rescale_maps_threshold_to_anchor_and_keeps_order(threshold: float, anchor: float) -> None:
    p = np.linspace(0, 1, 101)
    s = rescale(p, threshold, anchor)
    assert rescale(np.array([threshold]), threshold, anchor)[0] == pytest.approx(anchor)
    assert s[0] == pytest.approx(0.0) and s[-1] == pytest.approx(1.0)
    assert np.all(np.diff(s) > 0)
    away = np.abs(p - threshold) > 1e-9  # exact ties are float-rounding either way
    assert np.all((s[away] >= anchor) == (p[away] >= threshold))


@pytest.mark.parametrize("language", ["en", "ar"])
def test_heldout_macro_f1_of_the_tiny_model(trained, language: str) -> None:
    model, heldout = trained
    rows = [e for e in heldout if e.language == language]
    probs = model.predict_proba([e.text for e in rows], [language] * len(rows))
    for cat in model.categories:
        y = [e.labels[cat] for e in rows]
        m = binary_metrics(y, probs[cat], model.threshold(cat, language))
        assert m["macro_f1"] >= 0.8, (cat, m)


@pytest.mark.parametrize(
    ("text", "language", "category"),
    [("the budget was explained well you stupid clown", "en", "offense"),
     ("refugees are a disease on this land", "en", "strife"),
     ("click here to win money http://shop77.net", "en", "spam"),
     ("الميزانية شرح واضح يا حمار", "ar", "offense"),
     ("اللاجئين حثالة ويجب طردهم", "ar", "strife"),
     ("توصيات فوركس مضمونة تواصل واتساب 0791234567", "ar", "spam")],
)
def test_check_flags_each_category_with_a_model_reason(check, text, language, category) -> None:
    result = check(ctx(text, language))
    assert result.scores[category] >= 0.5
    reason = next(r for r in result.reasons if r.code == category)
    assert reason.source == "model" and reason.score == result.scores[category]
    p, t = float(reason.params["probability"]), float(reason.params["threshold"])
    # The score is the probability rescaled so that the threshold maps onto the anchor.
    assert reason.score == pytest.approx(
        float(rescale(np.array([p]), t, check.model.anchors[category])[0]), abs=1e-3)


@pytest.mark.parametrize(("text", "language"), [("the council was discussed today", "en"),
                                                ("المدرسة الله يوفقهم", "ar")])
def test_check_leaves_clean_comments_below_review(check, text, language) -> None:
    result = check(ctx(text, language))
    assert all(s < 0.4 for s in result.scores.values()), result.scores
    assert result.reasons == []


@pytest.mark.parametrize("comment", ["The match looks fine, you st*pid CLOWN!!",
                                     "المباراة كلام منطقي يا حمـــــار"])
def test_spans_point_into_the_original_comment(check, comment: str) -> None:
    c = ctx(comment)
    reason = next(r for r in check(c).reasons if r.code == "offense")
    assert reason.spans
    for span in reason.spans:
        assert comment[span.start:span.end] == span.text
    assert any(("clown" in s.text.lower()) or ("حم" in s.text) or ("st" in s.text.lower())
               for s in reason.spans)


def test_batch_scores_equal_one_by_one(check) -> None:
    texts = [e.text for e in corpus(10, seed=5)] + ["", "🙂"]
    ctxs = [ctx(t) for t in texts]
    batch = check.batch(ctxs)
    for c, b in zip(ctxs, batch, strict=True):
        single = check(c)
        assert single.scores == pytest.approx(b.scores)
        assert [r.code for r in single.reasons] == [r.code for r in b.reasons]


def test_check_plugs_into_the_core(check) -> None:
    policy = Policy(checks=[check], mode="auto", model_version="test")
    bad = moderate(Submission("immigrants should all be thrown out", language="en"), None,
                   policy)
    good = moderate(Submission("the hospital will help many families", language="en"), None,
                    policy)
    assert bad.verdict == "reject" and any(r.code == "strife" for r in bad.reasons)
    assert good.verdict == "approve" and good.status == "published"
    many = moderate_many([(Submission("يا كلب"), None), (Submission("شكرا على التوضيح"), None)],
                         policy)
    assert [v.language for v in many] == ["ar", "ar"]
    assert many[0].scores["offense"] > many[1].scores["offense"]


def test_unknown_category_is_refused(trained) -> None:
    with pytest.raises(ValueError, match="no head"):
        ClassifierCheck(trained[0], categories=["off_topic"])


# --------------------------------------------------------------------------- artifact


@pytest.fixture
def saved(trained, tmp_path: Path) -> Path:
    path = save_artifact(trained[0], {"version": "2026.01.01-test"}, tmp_path / "raqib-t.joblib")
    (tmp_path / "CURRENT").write_text(path.name + "\n")
    return path


def test_artifact_round_trip_scores_identically(trained, saved: Path) -> None:
    model, heldout = trained
    loaded = load_artifact(saved.name, root=saved.parent)
    assert loaded.version == "2026.01.01-test"
    assert loaded.metadata["versions"]["sklearn"] == sklearn.__version__
    texts = [e.text for e in heldout[:40]]
    langs = [e.language for e in heldout[:40]]
    a, b = model.predict_proba(texts, langs), loaded.model.predict_proba(texts, langs)
    for cat in model.categories:
        np.testing.assert_allclose(a[cat], b[cat], rtol=1e-6)
    assert load_current(saved.parent).version == loaded.version


def test_check_loads_a_path_only_inside_the_model_folder(saved: Path) -> None:
    with pytest.raises(ArtifactError, match="outside the allowed directory"):
        ClassifierCheck(saved)


def _rewrite(path: Path, **changes) -> None:
    payload = joblib.load(path)
    payload["metadata"]["versions"].update(changes)
    joblib.dump(payload, path)


@pytest.mark.parametrize("other", ["0.24.2", "1.9.0", "2.0.0"])
def test_artifact_from_another_sklearn_is_refused_with_both_versions(saved, other) -> None:
    _rewrite(saved, sklearn=other)
    with pytest.raises(ArtifactError) as err:
        load_artifact(saved.name, root=saved.parent)
    message = str(err.value)
    assert other in message and sklearn.__version__ in message
    assert "retrain" in message and f"scikit-learn=={other}" in message
    # The metadata is still readable (for diagnostics) without unpickling the model.
    assert read_metadata(saved.name, root=saved.parent)["versions"]["sklearn"] == other


@pytest.mark.parametrize("damage", ["truncate", "garbage", "empty", "not-a-dict", "bad-model"])
def test_corrupt_artifacts_are_refused(saved: Path, damage: str) -> None:
    raw = saved.read_bytes()
    if damage == "truncate":
        saved.write_bytes(raw[: len(raw) // 2])
    elif damage == "garbage":
        saved.write_bytes(b"\x80\x05not a pickle at all" * 10)
    elif damage == "empty":
        saved.write_bytes(b"")
    elif damage == "not-a-dict":
        joblib.dump([1, 2, 3], saved)
    else:
        payload = joblib.load(saved)
        payload["model"] = payload["model"][:100]
        joblib.dump(payload, saved)
    with pytest.raises(ArtifactError, match="corrupt|format"):
        load_artifact(saved.name, root=saved.parent)


def test_missing_artifact_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ArtifactError, match="not found"):
        load_artifact("raqib-nope.joblib", root=tmp_path)
    with pytest.raises(ArtifactError, match="CURRENT is missing"):
        load_current(tmp_path)


@pytest.mark.parametrize("attack", ["dotdot", "absolute", "symlink", "suffix", "directory"])
def test_paths_escaping_the_model_folder_are_refused(saved: Path, tmp_path: Path,
                                                     attack: str) -> None:
    root = tmp_path / "models"
    root.mkdir()
    outside = saved  # lives in tmp_path, one level above root
    if attack == "dotdot":
        path: str | Path = f"../{outside.name}"
    elif attack == "absolute":
        path = outside
    elif attack == "symlink":
        (root / "raqib-link.joblib").symlink_to(outside)
        path = "raqib-link.joblib"
    elif attack == "suffix":
        (root / "raqib-x.pkl").write_bytes(outside.read_bytes())
        path = "raqib-x.pkl"
    else:
        (root / "raqib-dir.joblib").mkdir()
        path = "raqib-dir.joblib"
    with pytest.raises(ArtifactError, match="outside the allowed|must be a .joblib|not found"):
        load_artifact(path, root=root)


@pytest.mark.parametrize("content", ["../raqib-t.joblib", "/etc/passwd", "sub/raqib-t.joblib",
                                     "raqib-t.pkl"])
def test_current_marker_must_name_a_bare_artifact(saved: Path, content: str) -> None:
    (saved.parent / "CURRENT").write_text(content)
    with pytest.raises(ArtifactError, match="bare artifact file name"):
        current_name(saved.parent)


def test_metadata_is_plain_json(saved: Path) -> None:
    meta = read_metadata(saved.name, root=saved.parent)
    assert json.loads(json.dumps(meta)) == meta
