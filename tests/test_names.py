"""Names of personalities: the CRF wrapper, the watchlist matcher and the personal_name check."""

from __future__ import annotations

import os
import pickle
import re
import time
from pathlib import Path

import joblib
import pytest

from model.ner import (
    DEFAULT_PATH,
    ArtifactVersionError,
    NerTagger,
    PersonSpan,
    decode,
    entities,
    sentence_features,
    tokenize,
)
from service.core import DEFAULT_REJECT, Article, Context, Submission
from service.policy.names import (
    TAGGER_MAX,
    PersonalNameCheck,
    Watchlist,
    load_seed_watchlist,
    load_titles,
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


class FakeTagger:
    """Marks the given names wherever they occur; counts the texts it was asked about."""

    def __init__(self, names: dict[str, float] | None = None):
        self.names = names or {}
        self.calls: list[str] = []

    def person_spans(
        self, text: str, threshold: float | None = None, max_tokens: int | None = None
    ) -> list[PersonSpan]:
        self.calls.append(text)
        cut = 0.05 if threshold is None else threshold
        found = []
        for name, prob in self.names.items():
            for m in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", text):
                if prob >= cut:
                    found.append(PersonSpan(m.start(), m.end(), m.group(), prob))
        return found


WATCH_ROWS = [
    {
        "id": "trump",
        "name_en": "Donald Trump",
        "name_ar": "دونالد ترامب",
        "aliases": "Trump|ترامب|ترمب",
        "kind": "head_of_state",
    },
    {
        "id": "abdullah_ii",
        "name_en": "Abdullah II",
        "name_ar": "عبدالله الثاني",
        "aliases": "King Abdullah|الملك عبدالله",
        "kind": "royal",
    },
    {
        "id": "nasrallah",
        "name_en": "Hassan Nasrallah",
        "name_ar": "حسن نصرالله",
        "aliases": ["Nasrallah", "نصرالله"],
        "kind": "militant",
    },
    {
        "id": "ronaldo",
        "name_en": "Cristiano Ronaldo",
        "name_ar": "كريستيانو رونالدو",
        "aliases": "Ronaldo|رونالدو",
        "kind": "footballer",
    },
    {"id": "sisi", "name_en": "Abdel Fattah el-Sisi", "name_ar": "عبد الفتاح السيسي",
     "aliases": "Sisi|السيسي", "kind": "head_of_state"},
]  # fmt: skip

SEED_BODY = (
    "Ammon News - The International Coalition stated that dozens of foreign fighters could "
    "have escaped Raqqa.\n\n"
    "Col. Ryan Dillon, the spokesman for the coalition forces, said there were about 300 "
    "militants.\n\n"
    'Russian Foreign Minister Sergei Lavrov accused the United States of "supporting '
    'terrorists," Moscow said.'
)
SEED_ARTICLE = Article(
    "raqqa-2017", "International coalition: 300 ISIS fighters might have fled from Raqqa", SEED_BODY
)


@pytest.fixture(scope="module")
def small_watchlist() -> Watchlist:
    return Watchlist.from_entries(WATCH_ROWS)


@pytest.fixture(scope="module")
def seed_watchlist() -> Watchlist:
    return Watchlist.from_entries(load_seed_watchlist())


def make_check(watchlist: Watchlist, names: dict[str, float] | None = None) -> PersonalNameCheck:
    return PersonalNameCheck(FakeTagger(names), lambda: watchlist)


def run(check: PersonalNameCheck, comment: str, name: str | None = None, article=None):
    return check(Context(Submission(comment, name=name), article))


def found(result) -> list[tuple[str, str]]:
    return [(r.params["name"], r.params["via"]) for r in result.reasons if r.field is None]


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


# -- the watchlist ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("comment", "name"),
    [
        ("Trump is wrong again", "Trump"),
        ("I don't trust Donald Trump's plans", "Donald Trump"),
        ("trump and his wall", "trump"),
        ("وترامب كذاب", "ترامب"),
        ("كلام دونالد ترمب فاضي", None),  # ترمب alone is listed, the pair is not
        ("بالأمس قابل عبدالله الثاني الوفد", "عبدالله الثاني"),
        ("وعبد الله الثاني قال", "عبد الله الثاني"),
        ("حمى الله الملكَ عبدالله", "الملكَ عبدالله"),
        ("خطاب نصرالله أمس", "نصرالله"),
        ("Nasrallah's speech", "Nasrallah"),
        ("مقابلة للسيسي اليوم", "للسيسي"),  # ل + ال contracted: the span keeps the token
        ("هدف رونالدو رائع", "رونالدو"),
    ],
)
def test_watchlist_finds_names_and_aliases_with_clitics(small_watchlist, comment, name):
    result = run(make_check(small_watchlist), comment)
    if name is None:
        assert found(result) == [("ترمب", "watchlist")]
        return
    assert found(result) == [(name, "watchlist")]
    reason = result.reasons[0]
    span = reason.spans[0]
    assert comment[span.start : span.end] == span.text == name
    assert reason.score == result.scores["personal_name"] == 0.95


@pytest.mark.parametrize(
    "comment",
    [
        "I bought a king-size bed",
        "I'll play my trump card",
        "A Ronaldinho-style goal",
        "الملك لله وحده",
        "إذا جاء نصر الله والفتح",
        "Abdullah scored twice",
    ],
)
def test_watchlist_hard_negatives(small_watchlist, comment):
    result = run(make_check(small_watchlist), comment)
    assert result.reasons == [] and result.scores == {}


def test_spans_point_into_the_original_comment_through_diacritics_and_tatweel(small_watchlist):
    comment = "يا جماعة تـرامْـب ما بيفهم"
    result = run(make_check(small_watchlist), comment)
    span = result.reasons[0].spans[0]
    assert comment[span.start : span.end] == span.text == "تـرامْـب"


def test_seed_watchlist_is_large_bilingual_and_unique():
    rows = load_seed_watchlist()
    assert len(rows) >= 300
    ids = [r["id"] for r in rows]
    assert len(ids) == len(set(ids))
    assert all(r["name_en"] and r["name_ar"] and r["kind"] for r in rows)
    assert len(Watchlist.from_entries(rows)) == len(rows)


@pytest.mark.parametrize(
    ("comment", "entry_text"),
    [
        ("His Majesty King Abdullah II spoke today", "King Abdullah II"),
        ("بشار الأسد لازم يرحل", "بشار الأسد"),
        ("Abu Bakr al-Baghdadi is dead", "Abu Bakr al-Baghdadi"),
        ("والبغدادي قتل", "البغدادي"),
        ("الملكة رانيا افتتحت المدرسة", "الملكة رانيا"),
        ("Messi or Ronaldo?", "Messi"),
        ("لافروف اتهم واشنطن", "لافروف"),
    ],
)
def test_seed_watchlist_covers_regional_figures(seed_watchlist, comment, entry_text):
    check = PersonalNameCheck(None, lambda: seed_watchlist)
    names = [n for n, via in found(run(check, comment)) if via == "watchlist"]
    assert names[0] == entry_text


@pytest.mark.parametrize(
    "comment",
    [
        "إذا جاء نصر الله والفتح",  # Quran 110:1, "God's victory"
        "الأسد ملك الغابة",  # "the lion is king of the jungle"
        "صيام يوم عرفات",  # the Day of Arafat
        "صدام مسلح في المنطقة",  # "an armed clash"
        "The president said nothing new about the king-size budget",
        "كلام جميل ومحترم",
    ],
)
def test_seed_watchlist_leaves_common_words_alone(seed_watchlist, comment):
    check = PersonalNameCheck(None, lambda: seed_watchlist)
    assert found(run(check, comment)) == []


# -- title cues ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("comment", "tagged", "name", "score"),
    [
        ("I saw Col. Ryan Dillon on TV, he lies", {}, "Ryan Dillon", 0.9),
        ("Russian Foreign Minister Sergei Lavrov lies", {}, "Sergei Lavrov", 0.9),
        ("Ask Dr. Hani Ali, he knows", {}, "Hani Ali", 0.6),
        ("the pm rami said so", {"rami": 0.4}, "rami", 0.9),
        ("شو رأيك بالرئيس عباس؟", {"عباس": 0.45}, "عباس", 0.9),
        ("قال الوزير سمير الشوابكة", {"سمير الشوابكة": 0.35}, "سمير الشوابكة", 0.9),
        ("وزير الخارجية الروسي لافروفيتش كذاب", {"لافروفيتش": 0.4}, "لافروفيتش", 0.9),
        ("جلالة الملك أبو حسين", {"أبو حسين": 0.31}, "أبو حسين", 0.9),
        ("المهندس خالد الكركي", {"خالد الكركي": 0.3}, "خالد الكركي", 0.6),
    ],
)
def test_names_after_title_cues(small_watchlist, comment, tagged, name, score):
    result = run(make_check(small_watchlist, tagged), comment)
    assert (name, "title") in found(result)
    reason = next(r for r in result.reasons if r.params["via"] == "title")
    assert reason.score == score and reason.source == "rule"
    assert comment[reason.spans[0].start : reason.spans[0].end] == name


@pytest.mark.parametrize(
    ("comment", "tagged"),
    [
        ("The President said nothing new", {}),
        ("the king size bed is too big", {"size": 0.1}),
        ("The Minister of Health should resign", {}),
        ("Gen Z hates this", {}),
        ("meet me at 5 PM Monday", {}),
        ("الرئيس قال كلام فاضي", {}),
        ("الملك حكى اليوم", {}),
        ("الوزير الجديد ما عمل شي", {}),
        ("الرئيس ترك منصبه", {}),  # a verb after the title: the tagger does not back it
        ("Another lie about the President...If only", {}),
        ("She is a queen. Everyone knows", {}),
        ("thanks to the king @Mohammad", {}),
        ("Prince, Purple Rain", {}),
        ("Sen IV is out", {}),
        ("undermining the president’s Agendas", {}),
    ],
)
def test_generic_words_after_titles_do_not_fire(small_watchlist, comment, tagged):
    result = run(make_check(small_watchlist, tagged), comment)
    assert found(result) == []


def test_arabic_title_cue_without_any_tagger_only_reaches_review(small_watchlist):
    # An unknown word after a title may be a name or anything else: a moderator decides.
    check = PersonalNameCheck(None, lambda: small_watchlist)
    result = run(check, "الرئيس كوستاريكوف لازم يستقيل")
    assert found(result) == [("كوستاريكوف", "title")]
    assert result.scores["personal_name"] == 0.5


def test_a_given_name_after_an_arabic_title_needs_no_tagger(small_watchlist):
    check = PersonalNameCheck(None, lambda: small_watchlist)
    result = run(check, "الرئيس عباس لازم يستقيل")
    assert found(result) == [("عباس", "title")]
    assert result.scores["personal_name"] == 0.9


def test_seed_titles_cover_both_languages_with_sane_scores():
    cues = load_titles()
    by_lang = {c.language for c in cues}
    assert by_lang == {"en", "ar"}
    assert all(0.5 <= c.score <= 0.95 for c in cues)
    assert {"president", "col", "الرئيس", "رئيس الوزراء"} <= {c.cue for c in cues}


# -- article names -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("comment", "name"),
    [
        ("Dillon is lying about the numbers", "Dillon"),
        ("What Ryan Dillon says is propaganda", "Ryan Dillon"),
        ("Lavrov's accusations again", "Lavrov"),
        ("sergei lavrov should stop", "sergei lavrov"),
    ],
)
def test_persons_named_in_the_article_are_personalities(small_watchlist, comment, name):
    result = run(make_check(small_watchlist), comment, article=SEED_ARTICLE)
    assert found(result) == [(name, "article")]
    assert result.scores["personal_name"] == 0.9


def test_one_word_tagger_guesses_in_the_article_are_not_article_names(small_watchlist):
    # The tagger takes the news agency "Ammon" for a person: one word alone is as often a
    # place or an outlet, so it is not harvested; in the comment it stays the tagger's own
    # (scored) guess.
    check = make_check(small_watchlist, {"Ammon": 0.7, "Ryan Dillon": 0.9})
    result = run(check, "Ammon is biased as usual", article=SEED_ARTICLE)
    assert found(result) == [("Ammon", "tagger")]
    assert result.scores["personal_name"] == 0.7


def test_article_names_are_extracted_once_per_article_version(small_watchlist):
    check = make_check(small_watchlist)
    tagger = check.tagger
    run(check, "first comment", article=SEED_ARTICLE)
    article_calls = len([c for c in tagger.calls if "spokesman" in c])
    assert article_calls > 0
    run(check, "second comment about Dillon", article=SEED_ARTICLE)
    assert len([c for c in tagger.calls if "spokesman" in c]) == article_calls
    edited = Article(SEED_ARTICLE.id, SEED_ARTICLE.title, SEED_BODY + "\n\nGen. Joe Votel agreed.")
    result = run(check, "Votel is right", article=edited)
    assert found(result) == [("Votel", "article")]


# -- the tagger alone, own names, impersonation ------------------------------------------------


@pytest.mark.parametrize(
    ("prob", "score"),
    [(0.4, None), (0.55, 0.55), (0.7, 0.7), (0.95, TAGGER_MAX)],
)
def test_tagger_only_names_score_their_probability_but_never_reject(small_watchlist, prob, score):
    result = run(make_check(small_watchlist, {"Samir Shawabkeh": prob}), "Samir Shawabkeh stole it")
    if score is None:
        assert result.reasons == [] and result.scores == {}
        return
    assert found(result) == [("Samir Shawabkeh", "tagger")]
    assert result.scores["personal_name"] == score < DEFAULT_REJECT["personal_name"]
    assert result.reasons[0].source == "model"
    assert result.caps == {"personal_name": "reject"}


def test_tagger_only_names_never_reject_even_with_lower_thresholds(small_watchlist):
    from service.core import Policy, Submission, moderate

    check = make_check(small_watchlist, {"Samir Shawabkeh": 0.95})
    low = Policy(
        checks=[check], reject={"personal_name": 0.6}, review={"personal_name": 0.4}, mode="auto"
    )
    verdict = moderate(Submission("Samir Shawabkeh stole it"), None, low)
    assert verdict.verdict == "review" and verdict.status == "pending"
    watched = moderate(Submission("Donald Trump stole it"), None, low)
    assert watched.verdict == "reject"


@pytest.mark.parametrize(
    ("comment", "tagged"),
    [
        ("شو رأيك يا جماعة", {"شو رأيك": 0.8}),
        ("والله ما بعرف", {"والله": 0.6}),
        ("The President said so", {"The President": 0.8}),
        ("Raqqa is free now", {"Raqqa": 0.87}),
        ("من عمان الى الرقة", {"الرقة": 0.7}),
        ("Hamas and ISIS again", {"Hamas": 0.6, "ISIS": 0.7}),
    ],
)
def test_tagger_spans_of_function_words_titles_or_places_are_dropped(
    small_watchlist, comment, tagged
):
    assert found(run(make_check(small_watchlist, tagged), comment)) == []


@pytest.mark.parametrize(
    ("comment", "tagged", "name"),
    [
        ("بدي احكي عن سمير الشوابكة اللي بسرق", {"سمير الشوابكة اللي": 0.6}, "سمير الشوابكة"),
        ("I trust President Samir Haddad", {"President Samir Haddad": 0.7}, "Samir Haddad"),
    ],
)
def test_tagger_spans_are_trimmed_to_the_name(small_watchlist, comment, tagged, name):
    reasons = run(make_check(small_watchlist, tagged), comment).reasons
    assert [r.params["name"] for r in reasons] == [name]


@pytest.mark.parametrize(
    ("comment", "tagged", "kept"),
    [
        ("طيح الله حظ محمد عبده", {"محمد عبده": 0.9}, True),
        ("كلام أبو جويدة صح", {"أبو جويدة": 0.6}, True),
        ("با ريت يكونو باخلاقه", {"ريت يكونو": 0.73}, False),  # dialect verbs, not a name
        ("انا فخور فيك", {"فخور": 0.95}, False),  # one Arabic word alone
        ("يلعن أبو هالحكومة", {"أبو هالحكومة": 0.7}, False),  # a curse, not a kunya
        ("كلام سامي بس", {"سامي": 0.9}, False),  # a given name alone names nobody
        ("Keith Ellison again", {"Keith Ellison": 0.9}, True),
        ("Osuna did that", {"Osuna": 0.9}, True),  # English keeps capitalisation as evidence
    ],
)
def test_arabic_names_from_the_tagger_alone_need_a_given_name(
    small_watchlist, comment, tagged, kept
):
    result = run(make_check(small_watchlist, tagged), comment)
    assert bool(found(result)) is kept


@pytest.mark.parametrize(
    ("comment", "own_name", "tagged"),
    [
        ("I, Ahmad Khalil, disagree with this", "Ahmad Khalil", {"Ahmad Khalil": 0.9}),
        ("Ahmad here: I disagree", "Ahmad Khalil", {"Ahmad": 0.8}),
        ("انا محمد الزعبي وبقول رأيي", "محمد الزعبي", {"محمد الزعبي": 0.9}),
        ("My name is Ronaldo too, not the player", "Ronaldo Haddad", {}),
    ],
)
def test_the_commenters_own_name_is_not_a_violation(small_watchlist, comment, own_name, tagged):
    result = run(make_check(small_watchlist, tagged), comment, name=own_name)
    assert result.reasons == []


def test_other_names_are_still_flagged_next_to_the_own_name(small_watchlist):
    result = run(make_check(small_watchlist), "Ahmad Khalil thinks Trump lies", name="Ahmad Khalil")
    assert found(result) == [("Trump", "watchlist")]


@pytest.mark.parametrize(
    ("name_field", "score"),
    [
        ("King Abdullah II", 0.95),
        ("الملك عبدالله الثاني", 0.95),
        ("Donald Trump", 0.6),
        ("دونالد ترامب الحقيقي", 0.6),
    ],
)
def test_name_field_impersonating_a_listed_figure_is_flagged(small_watchlist, name_field, score):
    result = run(make_check(small_watchlist), "Nice article, thanks", name=name_field)
    (reason,) = result.reasons
    assert reason.field == "name" and reason.code == "personal_name" and reason.source == "form"
    assert reason.score == score == result.scores["personal_name"]
    assert reason.params["via"] == "watchlist"
    assert reason.params["name"] in name_field


@pytest.mark.parametrize(
    "name_field", ["Ahmad", "Sara Haddad", "أبو خالد", "Ronaldo Haddad", "", None]
)
def test_ordinary_name_fields_are_fine(small_watchlist, name_field):
    assert run(make_check(small_watchlist), "Nice article", name=name_field).reasons == []


# -- the shipped model --------------------------------------------------------------------------


def _shipped() -> NerTagger:
    if not DEFAULT_PATH.exists():
        pytest.skip(f"{DEFAULT_PATH} not built (python -m training.train_ner)")
    return NerTagger.load(DEFAULT_PATH)


def test_shipped_model_is_small_and_loads_fast():
    _shipped()  # warm imports so the timing measures the artifact
    started = time.perf_counter()
    tagger = _shipped()
    assert time.perf_counter() - started < 2.0
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


# -- places, institutions, private people (hand-written fixtures) -------------------------------

AR_ARTICLE = Article(
    "ar-fixture",
    "الحكومة ترفع أجور النقل العام",
    "قال وزير النقل المهندس باسل العضايلة إن الأجور سترتفع.\n\n"
    "وقال رئيس جمعية المخابز الأردنية عمر الحياصات إن الخبز لن يتأثر.\n\n"
    "وأكد العضايلة أن القرار مؤقت.",
)
EN_ARTICLE = Article(
    "en-fixture",
    "Bus fares rise in Irbid",
    "IRBID — Transport Commissioner Dana Khreisat said fares would rise.\n\n"
    "Festival manager Karim Haddadin told reporters the King Hussein Park shuttle would run. "
    "Residents of Wadi Seer and Jabal Hussein complained.",
)


def seed_check() -> PersonalNameCheck:
    watchlist = Watchlist.from_entries(load_seed_watchlist())
    return PersonalNameCheck(FakeTagger(), lambda: watchlist)


@pytest.fixture(scope="module")
def seeded() -> PersonalNameCheck:
    return seed_check()


@pytest.mark.parametrize(
    "comment",
    [
        "بسكن بضاحية الامير حسن والباص ما بيوصل",  # proclitic ب on the head
        "الطريق لمطار الملكة علياء الدولي مزدحم",  # the title between head and name
        "عشارع وصفي التل في أزمة كل يوم",  # dialect ع of على
        "شارع الملكة رانيا مسكر من الصبح",
        "مدينة الحسين للشباب بدها باصات",
        "جسر الملك حسين مسكر اليوم",
        "رحت على مستشفى الأمير حمزة وكان الوضع ممتاز",
        "Queen Alia International Airport buses are late",  # descriptors before the head
        "King Abdullah II Park needs a shuttle too",  # an ordinal before the head
        "near the King Talal Dam road",
        "Prince Hamzah Hospital staff were great",
        "Roads to King Abdullah University Hospital are closed",
        "the queen alia airport road is flooded",  # lowercase head
    ],
)
def test_names_inside_place_and_institution_names_are_not_personalities(seeded, comment):
    assert found(run(seeded, comment)) == []


@pytest.mark.parametrize(
    ("comment", "name"),
    [
        ("الملك عبدالله زار مستشفى البشير امس", "الملك عبدالله"),  # head after: no construct
        ("I met Prince Hamzah at the hospital", "Prince Hamzah"),
        ("King Abdullah visited the hospital yesterday", "King Abdullah"),
        ("الملكة رانيا زارت المدرسة", "الملكة رانيا"),
        ("فنان كبير كاظم الساهر", "كاظم الساهر"),  # كبير is not ك + بير ("well")
        ("In the hospital, King Abdullah said thanks", "King Abdullah"),  # a comma in between
    ],
)
def test_personalities_beside_place_words_are_still_personalities(seeded, comment, name):
    assert found(run(seeded, comment)) == [(name, "watchlist")]


@pytest.mark.parametrize(
    ("comment", "tagged"),
    [
        ("my son Omar takes the bus every day", {"Omar": 0.9}),
        ("Our neighbour Khaled Haddad fixed it", {"Khaled Haddad": 0.9}),
        ("ابني يزن بيروح عالمدرسة بالباص", {"يزن": 0.9}),
        ("جاري ابو سامي الحمايدة سواق باص", {}),  # kin word before the kunya
        ("أخوي محمد سواق تكسي", {"محمد سواق": 0.8}),
        ("انا اسمي خالد الرواجفة وبشتغل سواق", {}),
        ("Great article, thanks. - Rania", {"Rania": 0.9}),  # a signature
        ("Great article, thanks.\nKhaled", {"Khaled": 0.9}),
    ],
)
def test_private_people_and_signatures_are_not_personalities(seeded, comment, tagged):
    watchlist = Watchlist.from_entries(load_seed_watchlist())
    check = PersonalNameCheck(FakeTagger(tagged), lambda: watchlist)
    assert found(run(check, comment)) == []


def test_a_signature_that_poses_as_a_royal_is_still_a_personality(seeded):
    assert found(run(seeded, "Nice work everyone - King Abdullah")) == [
        ("King Abdullah", "watchlist")
    ]


@pytest.mark.parametrize(
    "comment",
    [
        "النائب ما بيمثلنا",
        "رئيس الوزراء لازم يتدخل",
        "وزير النقل لازم يستقيل",
        "الوزير الجديد ما عمل اشي",
        "The minister should explain the fares",
        "The Prime Minister said nothing",
        "الاساتذة نواب عن الشعب",  # a plural of the family-name shape
        "على المستوى الشعبي الناس تعبانة",  # على folds to علي, المستوى looks like a nisba
    ],
)
def test_titles_without_a_name_are_not_personalities(seeded, comment):
    assert found(run(seeded, comment)) == []


# -- Arabic names by shape, context and Arabizi --------------------------------------------------


@pytest.mark.parametrize(
    ("comment", "name", "via", "score"),
    [
        ("الوزير العواملة ما بحس فينا", "العواملة", "title", 0.9),  # family-name shape
        ("وزير الزراعة خالد الرواجفة لازم يستقيل", "خالد الرواجفة", "title", 0.9),
        ("رئيس جمعية تجار الخضار عوض المناصير حكى", "عوض المناصير", "title", 0.6),
        ("العواملة نائب محترم", "العواملة", "shape", 0.85),  # a family name holding an office
        ("خالد الرواجفة حكى كلام منطقي", "خالد الرواجفة", "shape", 0.6),  # review
        ("خالد الرواجفة كان أحسن وزير نقل", "خالد الرواجفة", "context", 0.85),
        ("الله يرحم ايام الدكتور سليم القضاة", "سليم القضاة", "context", 0.85),  # era
        ("el na2eb Haddad 7aka mnee7", "Haddad", "title", 0.9),  # Arabizi title
    ],
)
def test_arabic_names_are_found_by_shape_title_and_context(seeded, comment, name, via, score):
    result = run(seeded, comment)
    assert found(result) == [(name, via)]
    assert result.scores["personal_name"] == score


def test_a_courtesy_title_alone_stays_in_review(seeded):
    result = run(seeded, "سألت الدكتور سليم القضاة عن الدوا")
    assert found(result) == [("سليم القضاة", "title")]
    assert result.scores["personal_name"] == 0.6


# -- the article's own officials ----------------------------------------------------------------


def test_article_officials_are_harvested_by_role_and_given_name(seeded):
    ar = {name for _, name in seeded.extract_article_names(AR_ARTICLE)}
    assert {"باسل العضايلة", "العضايله", "عمر الحياصات", "الحياصات"} <= ar
    en = {name for _, name in seeded.extract_article_names(EN_ARTICLE)}
    assert {"Dana Khreisat", "khreisat", "Karim Haddadin", "haddadin"} <= en
    # Places are not persons, nor their last words surnames.
    assert not en & {"Wadi Seer", "seer", "Jabal Hussein", "hussein", "park"}


@pytest.mark.parametrize(
    ("article", "comment", "name"),
    [
        (AR_ARTICLE, "العضايلة ما بعرف شو بيحكي", "العضايلة"),
        (AR_ARTICLE, "والحياصات كمان نفس الحكي", "الحياصات"),  # the clitic stays outside
        (AR_ARTICLE, "el Hiyasat bi7ki 3ala kefo", "Hiyasat"),  # Arabizi, other script
        (AR_ARTICLE, "Hiyasat should resign", "Hiyasat"),
        (EN_ARTICLE, "Khreisat should resign", "Khreisat"),
        (EN_ARTICLE, "Haddadin is doing a good job", "Haddadin"),
    ],
)
def test_article_officials_by_surname_in_either_script(seeded, article, comment, name):
    result = run(seeded, comment, article=article)
    assert found(result) == [(name, "article")]
    assert result.scores["personal_name"] == 0.9


@pytest.mark.parametrize(
    "comment",
    [
        "they called it a plan but nothing changed",  # "called" has the skeleton of a name
        "Residents of Wadi Seer are angry",
        "Hussein Park is crowded",
    ],
)
def test_article_names_do_not_match_common_words_or_places(seeded, comment):
    article = Article(
        "ar-fixture-2",
        "الوزارة تفتتح مدرسة",
        "قال وزير التربية الدكتور سامي الخوالدي إن المدرسة جاهزة.",
    )
    assert found(run(seeded, comment, article=article)) == []
    assert found(run(seeded, comment, article=EN_ARTICLE)) == []


def test_cross_script_skeletons_fold_what_latin_spelling_loses():
    from service.policy.names.phonetic import skeleton

    assert skeleton("الطراونه") == skeleton("tarawneh") == "trn"
    assert skeleton("الصرايره") == skeleton("sarayreh")
    assert skeleton("القضاه") == skeleton("qudah")
    assert skeleton("الخوالده") != skeleton("الطراونه")


def test_given_name_lexicon_builder_marks_everyday_words_ambiguous(tmp_path):
    import sqlite3

    from service.policy.names.build_given_names import build

    db = tmp_path / "names.sqlite3"
    con = sqlite3.connect(db)
    con.execute(
        "CREATE TABLE units (arabic_key TEXT, latin TEXT, latin_lang TEXT, country TEXT, "
        "role TEXT, count INTEGER, source TEXT)"
    )
    con.executemany(
        "INSERT INTO units VALUES (?, ?, '', ?, ?, ?, 'test')",
        [
            ("يزن", "Yazan", "JO", "given", 9),
            ("جمال", "Jamal", "JO", "given", 9),
            ("عبد الله", "Abdullah", "JO", "given", 9),
            ("بهرام", "Bahram", "IR", "given", 9),  # not an Arab country: Latin only
            ("حداد", "Haddad", "LB", "surname", 9),  # a surname, not a given name
            ("نادر", "Nader", "EG", "given", 1),  # too rare
        ],
    )
    con.commit()
    con.close()
    corpus = tmp_path / "anercorp"
    corpus.mkdir()
    (corpus / "train.txt").write_text(
        "جمال O\nجمال O\nجمال O\nجمال B-PERS\nيزن B-PERS\nالطقس O\n", encoding="utf-8"
    )
    rows = {(name, script): ambiguous for name, script, _, ambiguous in build(db, corpus)}
    assert rows[("يزن", "ar")] == 0 and rows[("جمال", "ar")] == 1
    assert ("عبدالله", "ar") in rows  # joined as the watchlist joins it
    assert ("بهرام", "ar") not in rows and ("bahram", "en") in rows
    assert ("حداد", "ar") not in rows and ("haddad", "en") not in rows
    assert ("نادر", "ar") not in rows
