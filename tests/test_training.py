"""Tests for the training command, its splits, evaluation helpers, promotion and feedback.

Training runs use ``--quick`` on invented dataset folders written here (same file layouts as
``shared/data``, template sentences, not excerpts of the real data).  Tests marked ``data`` check
the SHIPPED artifact against the real datasets and skip when they are absent.
"""

from __future__ import annotations

import csv
import json
import os
import random
import shutil
from pathlib import Path

import numpy as np
import pytest

from model.artifact import ArtifactError, current_name, load_current
from training import evaluate as ev
from training import feedback as fb
from training import train
from training.datasets import load_all

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("RAQIB_SHARED_DATA", REPO.parent / "shared" / "data"))

EN_SUBJ = ["the minister", "this article", "the new road", "the match", "the budget",
           "the school", "the hospital", "the mayor", "the council", "the report"]
EN_NEUTRAL = ["is a good step", "was explained well", "needs more money", "looks fine",
              "will help families", "should be finished", "is late", "made me think"]
EN_INSULT = ["you idiot", "what a moron", "stupid clown", "pathetic loser", "dumb fool"]
EN_GROUP = ["muslims", "christians", "jews", "immigrants", "refugees", "arabs"]
EN_HATE = ["are vermin", "are a disease", "should be thrown out", "ruin everything"]
AR_SUBJ = ["الوزير", "هذا المقال", "الطريق الجديد", "المباراة", "الميزانية", "المدرسة",
           "المستشفى", "رئيس البلدية", "المجلس", "التقرير"]
AR_NEUTRAL = ["خطوة جيدة", "شرح واضح", "يحتاج دعم", "كلام منطقي", "يخدم الناس", "تاخر كثير",
              "موضوع مهم", "نتمنى التحسن"]
AR_INSULT = ["يا حمار", "يا غبي", "يا حيوان", "يا كلب", "يا تافه"]
AR_GROUP = ["الشيعة", "السنة", "المسيحيين", "اللاجئين", "اليهود", "الاكراد"]
AR_HATE = ["حثالة", "سرطان في البلد", "خونة وعملاء", "لازم يطلعوا"]
SONG = ["great", "old", "amazing", "my favourite", "so good", "catchy", "beautiful", "sad",
        "too long", "perfect", "lovely", "boring"]
TAILS = ["", "today", "again", "honestly", "for sure", "no doubt", "اليوم", "بصراحة", "اكيد"]


def _texts(rng: random.Random, lang: str, kind: str, n: int) -> list[str]:
    subj, neutral, insult, group, hate = (
        (EN_SUBJ, EN_NEUTRAL, EN_INSULT, EN_GROUP, EN_HATE) if lang == "en"
        else (AR_SUBJ, AR_NEUTRAL, AR_INSULT, AR_GROUP, AR_HATE))
    out: set[str] = set()
    while len(out) < n:
        tail = rng.choice(TAILS)
        if kind == "neutral":
            t = f"{rng.choice(subj)} {rng.choice(neutral)} {tail}"
        elif kind == "offense":
            t = f"{rng.choice(subj)} {rng.choice(neutral)} {rng.choice(insult)} {tail}"
        elif kind == "strife":
            t = f"{rng.choice(group)} {rng.choice(hate)} {rng.choice(subj)} {tail}"
        elif kind == "song" and lang == "en":
            t = f"this song {rng.choice(['is', 'was', 'sounds'])} {rng.choice(SONG)} {tail}"
        elif kind == "song":
            t = f"حساب عن {rng.choice(subj)} تغريدة رقم {rng.randint(1, 99999)}"
        elif lang == "en":
            t = f"buy {rng.randint(100, 99999)} cheap followers at www.shop.com {tail}"
        else:
            t = f"خصم كبير {rng.randint(10, 99999)} اطلب الان واتساب {tail}"
        out.add(" ".join(t.split()))
    return sorted(out)


def _write(path: Path, header: list[str], rows: list[list]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        w.writerows(rows)


def write_synthetic_data(root: Path, seed: int = 0) -> Path:
    """Invented dataset folders in the layouts of shared/data (olid, osact2020, lhsab, spam)."""
    rng = random.Random(seed)
    rows = []
    for kind, a, c, n in (("neutral", "NOT", "NULL", 120), ("offense", "OFF", "IND", 60),
                          ("strife", "OFF", "GRP", 40)):
        for t in _texts(rng, "en", kind, n):
            rows.append([len(rows), f"@USER {t}", a, "TIN", c,
                         "test" if rng.random() < 0.25 else "train"])
    _write(root / "olid" / "olid_v1.csv",
           ["id", "tweet", "subtask_a", "subtask_b", "subtask_c", "split"], rows)
    rows = []
    for kind, off, hs, n in (("neutral", "NOT_OFF", "NOT_HS", 120), ("offense", "OFF", "NOT_HS",
                                                                    60)):
        for t in _texts(rng, "ar", kind, n):
            rows.append([t, off, hs, "dev" if rng.random() < 0.25 else "train"])
    _write(root / "osact2020" / "osact2020_offensive.csv", ["text", "off", "hs", "split"], rows)
    rows = [[t, label] for kind, label, n in (("neutral", "normal", 120), ("offense", "abusive",
                                                                             60),
                                              ("strife", "hate", 50))
            for t in _texts(rng, "ar", kind, n)]
    _write(root / "lhsab" / "lhsab.csv", ["text", "label"], rows)
    rows = [[f"Song {i % 3}", f"vid{i % 3}", f"c{i}", "a", "2014-01-01", t, label]
            for i, (t, label) in enumerate(
                [(t, 1) for t in _texts(rng, "en", "spam", 60)]
                + [(t, 0) for t in _texts(rng, "en", "song", 60)])]
    _write(root / "youtube_spam" / "youtube_spam_collection.csv",
           ["video", "video_id", "COMMENT_ID", "AUTHOR", "DATE", "CONTENT", "CLASS"], rows)
    spam_dir = root / "arabic_lowquality_spam"
    _write(spam_dir / "spam_tweets_positive_only.csv",
           ["id", "created_at", "text", "source_file", "category", "is_duplicate_text"],
           [["", "", t, "x.csv", "low_quality_2018", 0] for t in _texts(rng, "ar", "spam", 60)])
    _write(spam_dir / "users_15tweets_labeled.csv", ["user_idx", "text", "label"],
           [[i, t, 0] for i, t in enumerate(_texts(rng, "ar", "song", 30))])
    return root


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory) -> Path:
    return write_synthetic_data(tmp_path_factory.mktemp("data"))


def run_train(data: Path, out: Path, *extra: str) -> int:
    return train.main(["--data", str(data), "--out", str(out), "--candidates",
                       str(out.parent / f"{out.name}-candidates"), "--quick", *extra])


@pytest.fixture(scope="module")
def trained_out(synthetic, tmp_path_factory) -> Path:
    """A model folder after one quick training run (promoted, with card and plots)."""
    out = tmp_path_factory.mktemp("first") / "model"
    assert run_train(synthetic, out) == 0
    return out


def _eval(out: Path) -> dict:
    version = current_name(out).removeprefix("raqib-").removesuffix(".joblib")
    return json.loads((out / f"eval-{version}.json").read_text(encoding="utf-8"))


def _copy(src: Path, dst: Path) -> Path:
    shutil.copytree(src, dst)
    return dst


# --------------------------------------------------------------------------- splits


def test_official_splits_are_the_test_rows_and_others_get_a_fixed_share(synthetic) -> None:
    examples = load_all(synthetic)
    roles = train.assign_roles(examples, seed=1)
    for ex, role in zip(examples, roles, strict=True):
        if ex.source == "olid":
            assert (role == "test") == (ex.split == "test")
        if ex.source == "osact2020":
            assert (role == "test") == (ex.split == "dev")
    lhsab = [r for ex, r in zip(examples, roles, strict=True) if ex.source == "lhsab"]
    assert abs(lhsab.count("test") / len(lhsab) - train.TEST_FRACTION) < 0.02
    assert 0.05 < lhsab.count("val") / len(lhsab) < 0.12
    assert train.overlap_count(examples, roles) == 0


@pytest.mark.parametrize("seeds", [(1, 2), (20261124, 7)])
def test_test_rows_do_not_depend_on_the_seed_but_validation_rows_do(synthetic, seeds) -> None:
    examples = load_all(synthetic)
    a, b = (train.assign_roles(examples, seed=s) for s in seeds)
    assert np.array_equal(a == "test", b == "test")
    assert not np.array_equal(a == "val", b == "val")


def test_spam_negatives_are_sampled_from_other_sets_only(synthetic) -> None:
    examples, added = train.add_spam_negatives(load_all(synthetic))
    assert added.any()
    for ex, is_added in zip(examples, added, strict=True):
        if is_added:
            assert ex.labels["spam"] == 0
            assert ex.source not in ("youtube_spam", "arabic_lowquality_spam")


# --------------------------------------------------------------------------- metrics


@pytest.mark.parametrize("seed", range(5))
def test_best_threshold_maximises_macro_f1(seed: int) -> None:
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 2, 300)
    p = np.clip(0.3 * y + rng.normal(0.35, 0.2, 300), 0, 1).round(2)
    t = ev.best_threshold(y, p)
    best = max(ev.binary_metrics(y, p, c)["macro_f1"] for c in np.unique(p))
    assert ev.binary_metrics(y, p, t)["macro_f1"] == pytest.approx(best, abs=1e-4)


@pytest.mark.parametrize("y", [[0, 0, 0], [1, 1, 1]])
def test_single_class_rows_have_no_auc_and_default_threshold(y) -> None:
    m = ev.binary_metrics(y, [0.2, 0.6, 0.9], 0.5)
    assert m["roc_auc"] is None and m["pr_auc"] is None and m["macro_f1"] is None
    assert ev.best_threshold(y, [0.2, 0.6, 0.9]) == 0.5


@pytest.mark.parametrize(
    ("candidate", "current", "promoted"),
    [({"offense": 0.80, "strife": 0.60}, {"offense": 0.80, "strife": 0.60}, True),
     ({"offense": 0.796, "strife": 0.70}, {"offense": 0.80, "strife": 0.60}, True),
     ({"offense": 0.79, "strife": 0.70}, {"offense": 0.80, "strife": 0.60}, False),
     ({"offense": 0.90, "strife": 0.50}, {"offense": 0.80, "strife": 0.60}, False),
     ({"offense": 0.80, "strife": None}, {"offense": 0.80, "strife": 0.60}, True)],
)
def test_promotion_requires_no_category_to_get_worse(candidate, current, promoted) -> None:
    ok, lines = ev.promotion_decision(candidate, current, tolerance=0.005)
    assert ok is promoted
    assert len(lines) == 2


# --------------------------------------------------------------------------- the command


def test_quick_training_promotes_one_artifact_with_eval_card_and_plots(trained_out: Path) -> None:
    artifacts = sorted(trained_out.glob("raqib-*.joblib"))
    assert [a.name for a in artifacts] == [current_name(trained_out)]
    loaded = load_current(trained_out)
    meta = loaded.metadata
    assert meta["seed"] == train.DEFAULT_SEED and meta["quick"] is True
    assert set(meta["dataset_sha256"]) == {"olid", "osact2020", "lhsab", "youtube_spam",
                                           "arabic_lowquality_spam"}
    assert all(len(h) == 64 for h in meta["dataset_sha256"].values())
    assert set(meta["licences"]) == set(meta["dataset_sha256"])
    assert set(meta["thresholds"]) == {"offense", "strife", "spam"}
    evaluation = _eval(trained_out)
    assert evaluation["version"] == loaded.version
    assert evaluation["splits"]["test_rows_also_in_training"] == 0
    card = (trained_out / "MODEL_CARD.md").read_text(encoding="utf-8")
    for heading in ("## Held-out evaluation", "## Leave-one-dataset-out",
                    "## Comparison with alt-profanity-check", "## Training data", "## Caveats"):
        assert heading in card
    plots = sorted((trained_out / "plots").glob("pr-*.png"))
    assert plots and all(p.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" for p in plots)
    assert all(f"plots/{p.name}" in card for p in plots)


@pytest.mark.parametrize(("group", "category", "minimum"),
                         [("olid", "offense", 0.8), ("lhsab", "offense", 0.8),
                          ("osact2020", "offense", 0.8), ("all-en", "spam", 0.8),
                          ("all-ar", "strife", 0.7)])
def test_quick_model_reaches_heldout_macro_f1(trained_out: Path, group, category,
                                              minimum) -> None:
    rows = {(r["group"], r["category"]): r for r in _eval(trained_out)["heldout"]}
    row = rows[(group, category)]
    assert row["split"] != "train" and row["n"] > 0
    assert row["macro_f1"] >= minimum, row


def test_lodo_and_baseline_are_reported(trained_out: Path) -> None:
    evaluation = _eval(trained_out)
    # OLID is the only English offense set here: with nothing to learn English from, it is
    # skipped rather than reported on a model that never saw the language.
    lodo = {(r["group"], r["category"]) for r in evaluation["lodo"]}
    assert {("lhsab", "offense"), ("osact2020", "offense")} <= lodo
    assert ("olid", "offense") not in lodo
    base = {(r["group"], r["category"]) for r in evaluation["alt_profanity_check"]}
    assert ("olid", "offense") in base


def test_training_twice_gives_the_same_model(synthetic, trained_out: Path, tmp_path) -> None:
    out = tmp_path / "model"
    assert run_train(synthetic, out, "--no-lodo") == 0
    assert current_name(out).split("-", 1)[1] == current_name(trained_out).split("-", 1)[1]
    a = {(r["group"], r["category"]): r["macro_f1"] for r in _eval(out)["heldout"]}
    b = {(r["group"], r["category"]): r["macro_f1"] for r in _eval(trained_out)["heldout"]}
    assert a == b


def test_worse_model_is_kept_out_unless_forced(synthetic, trained_out, tmp_path,
                                               monkeypatch) -> None:
    out = _copy(trained_out, tmp_path / "model")
    before = current_name(out)

    def useless(X, S, y, weight, rows, **kw):
        return np.zeros(X.shape[1], dtype=np.float32), 0.0

    monkeypatch.setattr(train, "fit_head", useless)
    assert run_train(synthetic, out, "--no-lodo") == train.EXIT_NOT_PROMOTED
    assert current_name(out) == before
    candidates = list((tmp_path / "model-candidates").glob("*/raqib-*.joblib"))
    assert len(candidates) == 1 and candidates[0].name != before
    assert run_train(synthetic, out, "--no-lodo", "--force") == 0
    assert current_name(out) == candidates[0].name
    assert [p.name for p in out.glob("raqib-*.joblib")] == [candidates[0].name]
    assert not (out / before.replace("raqib-", "eval-").replace(".joblib", ".json")).exists()


def test_unusable_current_model_is_replaced(synthetic, trained_out, tmp_path) -> None:
    out = _copy(trained_out, tmp_path / "model")
    (out / current_name(out)).write_bytes(b"corrupt")
    with pytest.raises(ArtifactError):
        load_current(out)
    assert run_train(synthetic, out, "--no-lodo") == 0
    load_current(out)


def test_excluded_dataset_is_absent_from_model_and_evaluation(synthetic, tmp_path) -> None:
    out = tmp_path / "model"
    assert run_train(synthetic, out, "--no-lodo", "--exclude", "olid") == 0
    meta = load_current(out).metadata
    assert meta["excluded"] == ["olid"] and "olid" not in meta["dataset_sha256"]
    assert all(r["group"] != "olid" for r in _eval(out)["heldout"])


@pytest.mark.parametrize("argv", [["--exclude", "no_such_set"], ["--data", "/nonexistent"],
                                  ["--from-db", "sqlite:////nonexistent/dir/raqib.sqlite3"]])
def test_bad_arguments_fail_cleanly(synthetic, tmp_path, argv) -> None:
    args = ["--data", str(synthetic), "--out", str(tmp_path / "m"), "--quick", *argv]
    assert train.main(args) == 2
    assert not (tmp_path / "m" / "CURRENT").exists()


def test_data_flag_is_required(capsys) -> None:
    with pytest.raises(SystemExit) as err:
        train.main([])
    assert err.value.code == 2
    assert "--data" in capsys.readouterr().err


# --------------------------------------------------------------------------- feedback


@pytest.mark.parametrize(
    ("reason", "expected"),
    [("offense", {"offense"}), ("Offensive language", {"offense"}), ("strife", {"strife"}),
     ("sectarian hate", {"strife"}), ("spam", {"spam"}), ("إساءة للكاتب", {"offense"}),
     ("اساءه", {"offense"}), ("فتنة طائفية", {"strife"}), ("إعلان", {"spam"}),
     ("offense, spam", {"offense", "spam"}), ("off_topic", set()), ("personal_name", set()),
     ("", set()), (None, set())],
)
def test_reason_text_maps_to_categories(reason, expected) -> None:
    assert fb.reason_categories(reason) == expected


@pytest.mark.parametrize(
    ("status", "decisions", "labels"),
    [("published", [], {"offense": 0, "strife": 0, "spam": 0}),
     ("pending", [], None),
     ("rejected", [("verdict", True, None)], None),
     ("rejected", [("reject", False, "offense")], {"offense": 1}),
     ("rejected", [("reject", False, "no reason given")], None),
     ("published", [("reject", False, "spam"), ("approve", False, None)],
      {"offense": 0, "strife": 0, "spam": 0}),
     ("rejected", [("approve", False, None), ("reject", False, "strife")], {"strife": 1}),
     ("deleted", [("delete", False, "spam")], None),
     ("rejected", [("reject", False, "spam"), ("reject", True, "offense")], {"spam": 1})],
)
def test_labels_come_from_the_latest_human_decision(status, decisions, labels) -> None:
    assert fb.labels_for(status, decisions) == labels


@pytest.fixture
def feedback_db(tmp_path) -> str:
    """A SQLite database made with the service's models, holding moderated comments."""
    from service import create_app
    from service.extensions import db
    from service.models import Article, Comment, Decision

    url = f"sqlite:///{tmp_path / 'raqib.sqlite3'}"
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "k",
                      "INSTANCE_PATH": str(tmp_path / "instance")})
    rows = [  # body, language, status, [(action, automatic, reason)]
        ("Great reporting, thank you", "en", "published", [("approve", False, None)]),
        ("you are an idiot", "en", "rejected", [("reject", False, "offense")]),
        ("يا حمار", "ar", "rejected", [("verdict", True, None), ("reject", False, "إساءة")]),
        ("buy followers www.x.com", "en", "rejected", [("reject", False, "spam")]),
        ("not about this at all", "en", "rejected", [("reject", False, "off_topic")]),
        ("waiting for review", "en", "pending", [("verdict", True, None)]),
        ("auto published", "en", "published", [("verdict", True, None)]),
        ("deleted one", "en", "deleted", [("delete", False, None)]),
    ]
    with app.app_context():
        db.create_all()
        db.session.add(Article(id="a1", title="t"))
        for body, lang, status, decisions in rows:
            c = Comment(article_id="a1", name="n", body=body, language=lang, fingerprint="f",
                        verdict="approve", status=status, model_version="m")
            c.decisions = [Decision(actor="mod", automatic=auto, action=action,
                                    from_status="pending", to_status=status, reason=reason)
                           for action, auto, reason in decisions]
            db.session.add(c)
        db.session.commit()
        db.engine.dispose()
    return url


def test_feedback_rows_from_the_database(feedback_db: str) -> None:
    rows = {ex.text: ex for ex in fb.load_feedback(feedback_db)}
    assert set(rows) == {"Great reporting, thank you", "you are an idiot", "يا حمار",
                         "buy followers www.x.com", "auto published"}
    assert rows["you are an idiot"].labels == {"offense": 1}
    assert rows["يا حمار"].labels == {"offense": 1} and rows["يا حمار"].language == "ar"
    assert rows["buy followers www.x.com"].labels == {"spam": 1}
    assert rows["Great reporting, thank you"].labels == {"offense": 0, "strife": 0, "spam": 0}
    assert all(ex.source == "feedback" for ex in rows.values())


def test_training_from_db_records_feedback_without_the_url(synthetic, feedback_db,
                                                           tmp_path) -> None:
    out = tmp_path / "model"
    assert run_train(synthetic, out, "--no-lodo", "--from-db", feedback_db) == 0
    meta = load_current(out).metadata
    assert meta["feedback"] == {"rows": 5, "weight": 3.0, "database": "sqlite"}
    assert feedback_db not in json.dumps(meta)


# --------------------------------------------------------------------------- shipped model


@pytest.fixture(scope="module")
def shipped():
    if not SHARED.is_dir():
        pytest.skip(f"real-data checks skipped: {SHARED} is absent (set RAQIB_SHARED_DATA)")
    if current_name() is None:
        pytest.skip("no shipped model: model/CURRENT is absent (run `raqib train --data ...`)")
    artifact = load_current()
    version = artifact.version
    evaluation = json.loads((REPO / "model" / f"eval-{version}.json").read_text("utf-8"))
    return artifact, evaluation


@pytest.mark.data
def test_shipped_artifact_is_small_and_alone(shipped) -> None:
    # Load time is a benchmark figure (bench/bench_model.py), not a test assertion.
    artifact, _ = shipped
    assert artifact.path.stat().st_size < 25e6
    assert len(list((REPO / "model").glob("raqib-*.joblib"))) == 1


@pytest.mark.data
@pytest.mark.parametrize(("group", "category", "minimum"),
                         [("osact2020", "offense", 0.75), ("olid", "offense", 0.68),
                          ("lhsab", "offense", 0.78), ("all-ar", "offense", 0.75),
                          ("all-en", "offense", 0.8), ("all-ar", "strife", 0.6),
                          ("all-en", "strife", 0.6), ("youtube_spam", "spam", 0.8)])
def test_shipped_heldout_metrics_are_reasonable(shipped, group, category, minimum) -> None:
    _, evaluation = shipped
    assert evaluation["quick"] is False
    rows = {(r["group"], r["category"]): r for r in evaluation["heldout"]}
    assert rows[(group, category)]["macro_f1"] >= minimum


@pytest.mark.data
def test_shipped_evaluation_rows_were_held_out_of_training(shipped) -> None:
    artifact, evaluation = shipped
    meta = artifact.metadata
    examples = load_all(SHARED, exclude=meta["excluded"])
    from training.dataset_registry import dataset_hashes

    if dataset_hashes(SHARED, meta["dataset_sha256"]) != meta["dataset_sha256"]:
        pytest.skip("shared/data changed since the shipped model was trained")
    roles = train.assign_roles(examples, meta["seed"])
    assert train.overlap_count(examples, roles) == 0
    digests = train.test_digests(examples, roles)
    recorded = evaluation["splits"]["test_digests"]
    assert {k: v for k, v in recorded.items() if k != "feedback"} == digests
