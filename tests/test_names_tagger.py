"""Names of personalities: the CRF tagger, its training helpers and the shipped model."""

from __future__ import annotations

import os
import pickle
import re
from pathlib import Path

import joblib
import pytest

from model.ner import (
    DEFAULT_PATH,
    ArtifactVersionError,
    NerTagger,
    decode,
    entities,
    sentence_features,
    tokenize,
)
from training.train_ner import FILES, evaluate, load_corpora, per_scores, read_conll

REPO = Path(__file__).resolve().parent.parent
SHARED_DATA = Path(os.environ.get("RAQIB_SHARED_DATA", REPO.parent / "shared" / "data"))

# -- fixtures -------------------------------------------------------------------------------

TINY_TRAIN = [
    ("President Barack Obama met Ahmad Khalil in Amman .", "O B I O B I O O O"),
    ("Yesterday Ahmad Khalil visited the market .", "O B I O O O O"),
    ("Sara Haddad said the bridge was closed .", "B I O O O O O O"),
    ("The minister praised Sara Haddad and Barack Obama .", "O O O B I O B I O"),
    ("قال الرئيس محمود عباس إن الاتفاق انتهى", "O O B I O O O"),
    ("التقى الوزير سمير الشوابكة بالوفد", "O O B I O"),
    ("وصل محمود عباس إلى عمان", "O B I O O"),
    ("غادر سمير الشوابكة المدينة", "O B I O"),
]


def _iob(short: str) -> list[str]:
    return [{"B": "B-PERS", "I": "I-PERS", "O": "O"}[t] for t in short.split()]


@pytest.fixture(scope="module")
def tiny_tagger() -> NerTagger:
    """A CRF fitted in-test on eight hand-written sentences (both scripts)."""
    sklearn_crfsuite = pytest.importorskip("sklearn_crfsuite")
    xs = [sentence_features(text.split()) for text, _ in TINY_TRAIN]
    ys = [_iob(tags) for _, tags in TINY_TRAIN]
    crf = sklearn_crfsuite.CRF(algorithm="lbfgs", c1=0.0, c2=0.01, max_iterations=60)
    crf.fit(xs, ys)
    return NerTagger.from_crf(crf)


# -- the CRF wrapper --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Yesterday Ahmad Khalil visited the market .", ["Ahmad Khalil"]),
        ("The minister praised Sara Haddad and Barack Obama .", ["Sara Haddad", "Barack Obama"]),
        ("وصل محمود عباس إلى عمان", ["محمود عباس"]),
        ("غادر سمير الشوابكة المدينة", ["سمير الشوابكة"]),
    ],
)
def test_tiny_crf_tags_person_names_with_character_offsets(tiny_tagger, text, expected):
    spans = tiny_tagger.person_spans(text)
    assert [s.text for s in spans] == expected
    for s in spans:
        assert text[s.start : s.end] == s.text
        assert 0.0 < s.prob <= 1.0


def test_tagger_round_trips_through_its_artifact(tiny_tagger, tmp_path):
    path = tiny_tagger.save(tmp_path / "ner.joblib", {"note": "tiny"})
    loaded = NerTagger.load(path)
    sentence = ["The", "minister", "praised", "Sara", "Haddad", "and", "Barack", "Obama", "."]
    assert loaded.tag_tokens(sentence) == tiny_tagger.tag_tokens(sentence)
    assert loaded.metadata["note"] == "tiny"
    assert set(loaded.metadata["libraries"]) == {"sklearn-crfsuite", "python-crfsuite"}


def test_tagger_survives_pickling(tiny_tagger):
    copy = pickle.loads(pickle.dumps(tiny_tagger))  # noqa: S301 - our own object
    text = "غادر سمير الشوابكة المدينة"
    assert copy.person_spans(text) == tiny_tagger.person_spans(text)


@pytest.mark.parametrize(
    ("tamper", "message"),
    [
        (lambda a: a["metadata"]["libraries"].update({"sklearn-crfsuite": "0.0.1"}), "0.0.1"),
        (lambda a: a["metadata"]["libraries"].update({"python-crfsuite": "9.9"}), "with 9.9"),
        (lambda a: a["tagger"].update({"feature_version": -1}), "features v-1"),
        (lambda a: a.pop("metadata"), "not a Raqib NER artifact"),
    ],
)
def test_loading_refuses_artifacts_from_other_versions(tiny_tagger, tmp_path, tamper, message):
    artifact = tiny_tagger.to_artifact()
    tamper(artifact)
    path = tmp_path / "ner.joblib"
    joblib.dump(artifact, path)
    with pytest.raises(ArtifactVersionError, match=re.escape(message)):
        NerTagger.load(path)


@pytest.mark.parametrize(
    ("marginals", "threshold", "labels"),
    [
        ([(0.9, 0.0), (0.1, 0.8), (0.0, 0.1)], 0.5, ["B-PERS", "I-PERS", "O"]),
        ([(0.9, 0.0), (0.1, 0.8), (0.0, 0.1)], 0.05, ["B-PERS", "I-PERS", "I-PERS"]),
        ([(0.6, 0.1), (0.7, 0.2)], 0.5, ["B-PERS", "B-PERS"]),
        ([(0.2, 0.1), (0.0, 0.35)], 0.3, ["B-PERS", "I-PERS"]),
        ([(0.2, 0.1), (0.0, 0.35)], [0.5, 0.3], ["O", "B-PERS"]),
    ],
)
def test_decoding_threshold_trades_precision_for_recall(marginals, threshold, labels):
    assert decode(marginals, threshold) == labels


@pytest.mark.parametrize(
    ("labels", "spans"),
    [
        (["B-PERS", "I-PERS", "O", "B-PERS"], [(0, 2), (3, 4)]),
        (["O", "I-PERS", "I-PERS"], [(1, 3)]),
        (["B-PERS", "B-PERS"], [(0, 1), (1, 2)]),
        (["O", "O"], []),
    ],
)
def test_entities_are_read_from_iob_labels(labels, spans):
    assert entities(labels) == spans


def test_tokenizer_keeps_punctuation_apart_and_offsets_exact():
    text = "Col. Ryan Dillon, said: «الرئيسُ» @user"
    spans = tokenize(text)
    words = [text[s:e] for s, e in spans]
    assert words == ["Col", ".", "Ryan", "Dillon", ",", "said", ":", "«", "الرئيسُ", "»", "@user"]


def test_features_mark_title_cues_and_capitals():
    feats = sentence_features(["the", "President", "Ryan", "Dillon"])
    assert feats[2]["-1:cue"] == 1.0
    assert feats[2]["cap_mid"] == 1.0
    assert "cap" not in feats[0]
    arabic = sentence_features(["قال", "الرئيس", "وعباس"])
    assert arabic[2]["-1:cue"] == 1.0 and arabic[2]["stem"] == "عباس"


# -- training helpers ---------------------------------------------------------------------------


def test_conll_reader_keeps_only_person_tags(tmp_path):
    aner = tmp_path / "aner.txt"
    aner.write_text("قال O\nمحمود B-PERS\nعباس I-PERS\nفي O\nعمان B-LOC\n\nانتهى O\n")
    wnut = tmp_path / "wnut.conll"
    wnut.write_text(
        "\ufeffHi\tO\nRyan\tB-person\nDillon\tI-person\n\t\nin\tO\nDubbz\ufeff\tB-group\n"
    )
    assert read_conll(aner) == [
        (["قال", "محمود", "عباس", "في", "عمان"], ["O", "B-PERS", "I-PERS", "O", "O"]),
        (["انتهى"], ["O"]),
    ]
    assert read_conll(wnut) == [
        (["Hi", "Ryan", "Dillon"], ["O", "B-PERS", "I-PERS"]),
        (["in", "Dubbz"], ["O", "O"]),
    ]


def test_per_scores_count_only_exact_spans():
    gold = [["B-PERS", "I-PERS", "O"], ["O", "B-PERS"]]
    pred = [["B-PERS", "O", "O"], ["O", "B-PERS"]]
    scores = per_scores(gold, pred)
    assert (scores["precision"], scores["recall"], scores["f1"]) == (0.5, 0.5, 0.5)


# -- the shipped model --------------------------------------------------------------------------


def _shipped() -> NerTagger:
    if not DEFAULT_PATH.exists():
        pytest.skip(f"{DEFAULT_PATH} not built (python -m training.train_ner)")
    return NerTagger.load(DEFAULT_PATH)


def test_shipped_model_is_small_and_records_its_training_data():
    # Load time is a benchmark figure (bench/profile_verdict.py), not a test assertion.
    tagger = _shipped()
    assert DEFAULT_PATH.stat().st_size < 5_000_000
    assert tagger.metadata["data_sha256"].keys() == FILES.keys()


@pytest.mark.data
@pytest.mark.slow
def test_shipped_model_per_f1_on_held_out_test_splits():
    if not all((SHARED_DATA / rel).exists() for rel in FILES.values()):
        pytest.skip(f"NER data not found under {SHARED_DATA} (set RAQIB_SHARED_DATA)")
    tagger = _shipped()
    corpora = load_corpora(SHARED_DATA)
    # Measured 0.53 (ANERcorp) and 0.37 (WNUT-17) at training time; margins absorb
    # library-level numeric drift, not model changes.
    assert evaluate(tagger, corpora["anercorp_test"])["f1"] >= 0.45
    assert evaluate(tagger, corpora["wnut17_test"])["f1"] >= 0.30


