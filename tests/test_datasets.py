"""Tests for training.datasets against hand-written fixtures, plus one real-data check."""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
from collections import Counter
from pathlib import Path

import pytest

from training import dataset_loaders as loaders
from training import dataset_registry as reg
from training import datasets as ds

FIXTURES = Path(__file__).parent / "fixtures" / "data"
REPO = Path(__file__).resolve().parents[1]


def by_text(examples: list[ds.Example]) -> dict[str, ds.Example]:
    return {ex.text: ex for ex in examples}


@pytest.fixture(scope="module")
def fixture_all() -> list[ds.Example]:
    return ds.load_all(FIXTURES)


# --------------------------------------------------------------------------- label mapping


def test_osact2020_mapping() -> None:
    ex = by_text(ds.load_dataset(FIXTURES, "osact2020"))
    assert ex["@USER يا غبي اسكت URL"].labels == {"offense": 1, "strife": 0}
    # Untyped HS: offense known, strife unknown (absent, not negative).
    hs = ex["يا جماعة الطائفة الفلانية كلهم حثالة"]
    assert hs.labels == {"offense": 1}
    assert hs.split == "dev"
    assert all(e.language == "ar" and e.licence == "CC BY" for e in ex.values())


def test_osact2022_mapping() -> None:
    ex = by_text(ds.load_dataset(FIXTURES, "osact2022"))
    assert ex["أهل البلد الفلاني كلهم لصوص ومتخلفين URL"].labels == {"offense": 1, "strife": 1}
    assert ex["أتباع المذهب الفلاني أنجاس"].labels == {"offense": 1, "strife": 1}
    assert ex["أتباع المذهب الفلاني أنجاس"].split == "dev"
    # Gender hate (HS6) is not strife.
    assert ex["النساء مكانهن المطبخ فقط"].labels == {"offense": 1, "strife": 0}
    assert ex["@USER مبروك الفوز يا بطل 🏆"].labels == {"offense": 0, "strife": 0}


def test_hsab_mapping() -> None:
    ex = by_text(ds.load_dataset(FIXTURES, "lhsab"))
    assert ex["الله يحمي لبنان وأهله"].labels == {"offense": 0, "strife": 0}
    assert ex["يا حيوان يا كذاب"].labels == {"offense": 1, "strife": 0}
    assert ex["الطائفة الفلانية كلها عملاء"].labels == {"offense": 1, "strife": 1}
    assert len(ex) == 3  # the alef/tatweel variant was merged


def test_olid_mapping() -> None:
    ex = by_text(ds.load_dataset(FIXTURES, "olid"))
    assert ex["@USER Have a lovely weekend everyone URL"].labels == {"offense": 0, "strife": 0}
    assert ex["@USER you are a clown and a liar"].labels == {"offense": 1, "strife": 0}
    assert ex["@USER people of that religion are all vermin"].labels == {"offense": 1, "strife": 1}
    assert ex["@USER what the hell"].labels == {"offense": 1, "strife": 0}
    assert ex["@USER what the hell"].split == "test"


def test_davidson_mapping() -> None:
    ex = ds.load_dataset(FIXTURES, "davidson2017")
    labels = [e.labels for e in ex]
    assert labels[:3] == [
        {"offense": 1, "strife": 1},  # class 0 hate
        {"offense": 1, "strife": 0},  # class 1 offensive
        {"offense": 0, "strife": 0},  # class 2 neither
    ]
    # HTML entities stay in the text; only the dedupe key unescapes them.
    assert "&amp;" in ex[0].text


def test_mlma_mapping() -> None:
    ex = by_text(ds.load_dataset(FIXTURES, "mlma_ar"))
    assert ex["@user هؤلاء اللاجئون سبب كل المصائب"].labels == {"offense": 1, "strife": 1}
    assert ex["@user سؤال عن أسعار الرحلات"].labels == {"offense": 0, "strife": 0}
    # Origin target without hostility: strife unknown.
    assert ex["@user كلامك عن الجيران غريب"].labels == {"offense": 0}
    assert ex["@user البنات ما يفهموا شي"].labels == {"offense": 1, "strife": 0}
    assert len(ex) == 4  # empty text dropped


def test_taxonomy_subsets_and_flags() -> None:
    ex = by_text(ds.load_dataset(FIXTURES, "arabic_offensive_taxonomy"))
    assert ex["@someone الطائفة الفلانية سبب الخراب"].labels == {"strife": 1}
    assert ex["@someone نحن كلنا اخوة"].labels == {"strife": 0}
    assert ex["واش نتا مكلخ"].labels == {"offense": 1}
    assert ex["#برنامج المذيعة بتحكي بلا فهم"].labels == {"offense": 1}
    assert ex["انت ما تستحي يا قليل الادب"].subset == "saudi_hate"
    assert "تغريدة بلا تصنيف" not in ex  # NaN label
    assert "c'est une blague ou quoi" not in ex  # Latin-script OMCD row
    assert "ÇáÓáÇã Úáíßã" not in ex  # encoding_repaired=0
    # Duplicate across two subsets of the same folder: merged, first subset kept.
    assert ex["ربنا يوفقكم"].subset == "mubarak2017"


def test_spam_mapping() -> None:
    yt = ds.load_dataset(FIXTURES, "youtube_spam")
    # The second "check out my channel" differs only by its URL: merged. A bare link is kept.
    assert [(e.text, e.labels) for e in yt] == [
        ("Check out my channel http://example.com/1", {"spam": 1}),
        ("This song never gets old", {"spam": 0}),
        ("http://example.com/3", {"spam": 1}),
    ]
    ar = by_text(ds.load_dataset(FIXTURES, "arabic_lowquality_spam"))
    assert ar["توصيات فوركس مضمونة ارباح يومية تواصل واتساب"].labels == {"spam": 1}
    assert ar["وزارة التعليم تعلن النتائج   رابط  طقس اليوم حار"].labels == {"spam": 0}
    # is_duplicate_text=1 row dropped before dedupe.
    raw = ds.load_dataset(FIXTURES, "arabic_lowquality_spam", dedupe=False)
    assert sum("shop_2" in e.text for e in raw) == 0
    assert {e.language for e in raw} == {"ar"}


def test_english_hate_sets() -> None:
    storm = ds.load_dataset(FIXTURES, "stormfront_degibert2018")
    assert [(e.labels, e.split) for e in storm] == [
        ({"strife": 0}, "train"),
        ({"strife": 1}, "test"),
    ]  # relation and idk/skip dropped
    imp = by_text(ds.load_dataset(FIXTURES, "implicit_hate_elsherief2021"))
    assert imp["great rally today , thanks to all who came"].labels == {"strife": 0}
    assert imp["they keep flooding in and nobody asks what they believe"].labels == {"strife": 1}
    assert imp["typical snowflakes crying again"].labels == {"strife": 0}
    assert "you know exactly who runs the banks" not in imp  # hate without a target
    fox = by_text(ds.load_dataset(FIXTURES, "fox_news_comments"))
    assert fox["Those immigrants will ruin this city too"].labels == {"strife": 1}
    assert len(fox) == 3  # empty comment dropped
    sfu = by_text(ds.load_dataset(FIXTURES, "sfu_ctc"))
    assert sfu["Only an idiot would believe this government."].labels == {"offense": 1}
    assert sfu["The budget numbers do not add up, see table 3."].labels == {"offense": 0}
    assert len(sfu) == 2  # "mildly toxic" is unknown


def test_implicit_target_mapping() -> None:
    f = loaders._implicit_target_strife
    assert f("jews") == 1
    assert f("illegal immigrants | liberals") == 1
    assert f("black folks") == 1
    assert f("liberals | women") == 0
    assert f("white nationalists") == 0
    assert f("not specified") is None
    assert f("") is None


def test_arpufi_unlabelled_dropped() -> None:
    ex = ds.load_dataset(FIXTURES, "arpufi", dedupe=False)
    assert [e.labels for e in ex] == [{"offense": 0}, {"offense": 1}]


# --------------------------------------------------------------------------- dedupe


def test_dedupe_key() -> None:
    assert ds.dedupe_key("@USER  Hello\tWORLD http://x.y/z URL") == "hello world"
    assert ds.dedupe_key("أهلاً وسهـــلاً<LF>بكم") == ds.dedupe_key("اهلا وسهلا بكم")
    assert ds.dedupe_key("إسلام آمن") == "اسلام امن"
    assert ds.dedupe_key("a &amp; b") == "a & b"
    assert ds.dedupe_key("@USER URL") == ""


def test_within_set_duplicates_merge_to_held_out_split() -> None:
    raw = ds.load_dataset(FIXTURES, "osact2020", dedupe=False)
    kept = ds.load_dataset(FIXTURES, "osact2020")
    assert len(raw) == 5 and len(kept) == 4
    first = kept[0]
    assert first.text == "صباح الخير يا جماعة<LF>يوم جميل"  # first text kept verbatim
    assert first.split == "dev"  # its duplicate was in dev
    olid = by_text(ds.load_dataset(FIXTURES, "olid"))
    assert olid["@USER Have a lovely weekend everyone URL"].split == "test"


def test_conflicting_labels_keep_max_and_record() -> None:
    stats = ds.DedupeStats()
    ex = by_text(ds.load_all(FIXTURES, include=["osact2022"], stats=stats))
    merged = ex["انت انسان تافه"]
    assert merged.labels == {"offense": 1, "strife": 0}
    assert merged.conflicts == ("offense",)
    assert stats.conflicts == Counter({("osact2022", "offense"): 1})
    assert ex["أهل البلد الفلاني كلهم لصوص ومتخلفين URL"].conflicts == ()


def test_cross_set_duplicates_keep_first_in_fixed_order(fixture_all) -> None:
    texts = by_text(fixture_all)
    assert texts["@USER مبروك الفوز يا بطل 🏆"].source == "osact2022"
    assert "مبروك الفوز يا بطل 🏆" not in texts
    assert "@dude you are a clown and a liar" not in texts  # olid precedes davidson2017
    # Excluding the earlier set lets the later copy through.
    later = by_text(ds.load_all(FIXTURES, exclude=["olid"]))
    assert later["@dude you are a clown and a liar"].source == "davidson2017"


def test_no_duplicate_keys_and_labels_valid(fixture_all) -> None:
    keys = [ds.dedupe_key(e.text) for e in fixture_all]
    assert len(keys) == len(set(keys))
    for e in fixture_all:
        assert e.labels and set(e.labels) <= set(ds.CATEGORIES)
        assert set(e.labels.values()) <= {0, 1}
        assert e.split in ds.SPLITS and e.language in ("ar", "en")
        assert set(e.labels) <= set(ds.DATASETS[e.source].categories)


# --------------------------------------------------------------------------- selection


def test_include_exclude() -> None:
    only = ds.load_all(FIXTURES, include=["olid", "lhsab"])
    assert {e.source for e in only} == {"olid", "lhsab"}
    without = ds.load_all(FIXTURES, exclude=["sfu_ctc", "osact2022"])
    assert not {"sfu_ctc", "osact2022"} & {e.source for e in without}
    assert ds.load_all(FIXTURES, include=["olid"], exclude=["olid"]) == []
    with pytest.raises(ValueError, match="unknown dataset"):
        ds.load_all(FIXTURES, exclude=["oild"])
    with pytest.raises(ValueError, match="unknown dataset"):
        ds.load_dataset(FIXTURES, "nope")
    with pytest.raises(ValueError, match="load_relevance_pairs"):
        ds.load_dataset(FIXTURES, "semeval2015_cqa")


def test_missing_folders_skipped_with_warning(caplog) -> None:
    with caplog.at_level(logging.WARNING, logger="training.datasets"):
        ex = ds.load_all(FIXTURES, include=["olid", "thsab", "jigsaw_toxic_2018"])
    assert {e.source for e in ex} == {"olid"}
    assert "thsab skipped" in caplog.text and "jigsaw_toxic_2018 skipped" in caplog.text
    with pytest.raises(FileNotFoundError):
        ds.load_dataset(FIXTURES, "thsab")


def test_deterministic_order(fixture_all) -> None:
    again = ds.load_all(FIXTURES)
    assert again == fixture_all
    order = list(ds.DATASETS)
    ranks = [order.index(e.source) for e in fixture_all]
    assert ranks == sorted(ranks)


# --------------------------------------------------------------------------- pairs and NER


def test_relevance_pairs() -> None:
    pairs = ds.load_relevance_pairs(FIXTURES)
    assert pairs == ds.load_relevance_pairs(FIXTURES)
    sem = [p for p in pairs if p.source == "semeval2015_cqa"]
    assert [(p.comment, p.label, p.split) for p in sem] == [
        ("About two weeks at the immigration office.", 1, "dev"),
        ("haha where are you from?", 0, "dev"),
        ("Try the bakery near the corniche.", 1, "test"),
        ("Anyone selling a used car?", 0, "test"),
    ]  # Potential and Not English dropped
    assert sem[0].context == "Visa renewal\nHow long does a visa renewal take?"
    assert sem[0].context_id == "Q1"
    fox = [p for p in pairs if p.source == "fox_news_comments"]
    assert len(fox) == 6  # 3 non-empty comments x (own title, another title)
    for p in fox:
        own = p.context_id == ("30" if "bridge" in p.comment or "immigrants" in p.comment else "31")
        assert p.label == int(own)
    sfu = [p for p in pairs if p.source == "sfu_ctc"]
    assert {p.context for p in sfu} == {"Budget surplus surprises everyone",
                                        "Daycare plan costs more than expected"}
    assert all(p.language == "en" for p in pairs)
    assert not {p.source for p in ds.load_relevance_pairs(FIXTURES, exclude=["sfu_ctc"])} & {
        "sfu_ctc"
    }


def test_ner() -> None:
    ner = ds.load_ner(FIXTURES)
    assert set(ner) == {"anercorp", "wnut17"}
    assert set(ner["anercorp"]) == {"train", "test"}
    assert set(ner["wnut17"]) == {"train", "dev", "test"}
    s1, s2 = ner["anercorp"]["train"]
    assert s1[1] == ["B-PERS", "O", "B-PERS", "I-PERS", "O", "O", "O"]  # LOC -> O
    assert s2[1] == ["O", "B-PERS", "O", "O"]  # orphan I-PERS repaired
    w1, w2 = ner["wnut17"]["train"]
    assert w1 == (["@paulwalk", "met", "john", "smith", "in", "paris"],
                  ["O", "O", "B-PERS", "I-PERS", "O", "O"])
    assert w2[0] == ["lol", "!"]
    assert [s[0] for s in ner["wnut17"]["dev"]] == [["hi", "maria"], ["ok"]]
    assert ner["wnut17"]["test"] == [(["go", "spurs"], ["O", "O"])]
    for sets in ner.values():
        for sents in sets.values():
            for tokens, tags in sents:
                assert len(tokens) == len(tags)
                assert set(tags) <= {"O", "B-PERS", "I-PERS"}


# --------------------------------------------------------------------------- metadata


def test_dataset_hashes(tmp_path) -> None:
    hashes = reg.dataset_hashes(FIXTURES, ["olid", "wnut17"])
    data = (FIXTURES / "olid" / "olid_v1.csv").read_bytes()
    manifest = f"{hashlib.sha256(data).hexdigest()}  olid_v1.csv\n"
    assert hashes["olid"] == hashlib.sha256(manifest.encode()).hexdigest()
    assert len(hashes["wnut17"]) == 64
    shutil.copytree(FIXTURES / "olid", tmp_path / "olid")
    assert reg.dataset_hashes(tmp_path, ["olid"]) == {"olid": hashes["olid"]}
    with (tmp_path / "olid" / "olid_v1.csv").open("a", encoding="utf-8") as fh:
        fh.write("9,@USER new row,NOT,NULL,NULL,train\n")
    assert reg.dataset_hashes(tmp_path, ["olid"])["olid"] != hashes["olid"]


def test_licences_and_registry() -> None:
    assert reg.licences(["sfu_ctc", "davidson2017"]) == {
        "sfu_ctc": "CC BY-NC-SA 4.0 (non-commercial)",
        "davidson2017": "MIT",
    }
    assert len(ds.DATASETS) == 21
    for name, info in ds.DATASETS.items():
        assert info.name == name and info.language in ("ar", "en")
        assert info.licence and info.files and info.source
        has_text_labels = bool(set(info.categories) & set(ds.CATEGORIES))
        assert (info.loader is not None) == has_text_labels
        assert info.has_official_test == ("test" in info.splits)


# --------------------------------------------------------------------------- real data


def _shared_data() -> Path:
    return Path(os.environ.get("RAQIB_SHARED_DATA", REPO.parent / "shared" / "data"))


@pytest.mark.data
def test_real_data() -> None:
    data_dir = _shared_data()
    if not data_dir.is_dir():
        pytest.skip(f"shared data absent: {data_dir} (set RAQIB_SHARED_DATA)")
    stats = ds.DedupeStats()
    examples = ds.load_all(data_dir, stats=stats)

    seen: dict[str, set[str]] = {}
    langs: dict[str, set[str]] = {}
    values: Counter[tuple[str, str, int]] = Counter()
    splits: dict[str, set[str]] = {}
    for e in examples:
        seen.setdefault(e.source, set()).update(e.labels)
        langs.setdefault(e.source, set()).add(e.language)
        splits.setdefault(e.source, set()).add(e.split)
        for cat, v in e.labels.items():
            values[(e.language, cat, v)] += 1

    for name in ds.CLASSIFICATION_DATASETS:
        info = ds.DATASETS[name]
        assert stats.kept[name] > 0, f"{name} yielded no rows"
        assert langs[name] == {info.language}
        assert seen[name] == set(info.categories) & set(ds.CATEGORIES), name
        if info.has_official_test:
            assert "test" in splits[name], name
    for lang in ("ar", "en"):
        for cat in ds.CATEGORIES:
            assert values[(lang, cat, 1)] > 100, (lang, cat, "positives")
            assert values[(lang, cat, 0)] > 100, (lang, cat, "negatives")

    pairs = ds.load_relevance_pairs(data_dir)
    by_source = Counter((p.source, p.label) for p in pairs)
    for name in reg.RELEVANCE_DATASETS:
        assert by_source[(name, 1)] > 100 and by_source[(name, 0)] > 100, name

    ner = ds.load_ner(data_dir)
    for name in reg.NER_DATASETS:
        for split in ds.DATASETS[name].splits:
            tags = Counter(t for _, ts in ner[name][split] for t in ts)
            assert tags["B-PERS"] > 100 and tags["O"] > tags["B-PERS"], (name, split)

    hashes = reg.dataset_hashes(data_dir, ds.DATASETS)
    assert all(len(h) == 64 for h in hashes.values())
