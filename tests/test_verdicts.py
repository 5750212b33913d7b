"""End-to-end verdicts through the API with the shipped rule checks (auto mode)."""

from __future__ import annotations

import pytest

from service.engine import bump_wordlist_version
from service.extensions import db
from service.models import WordListEntry

AUTO = {"MODE": "auto", "CAPTCHA": False}


def check(client, comment, **extra):
    r = client.post("/api/v1/check", json={"comment": comment, **extra})
    assert r.status_code == 200, r.get_json()
    return r.get_json()


def codes(body):
    return {r["code"] for r in body["reasons"]}


@pytest.mark.parametrize("app_overrides", [AUTO])
@pytest.mark.parametrize(
    ("comment", "code", "evidence"),
    [
        ("انت حمار وما بتفهم", "offense", "حمار"),
        ("يا حقـــيـــر", "offense", "حقـــيـــر"),
        ("You are a stuuupid idiot", "offense", "idiot"),
        ("الروافض كلهم خونة", "strife", "روافض"),
        ("Buy now!!! cheap watches at http://spam.example.com call +962 79 123 4567", "spam", None),
    ],
)
def test_policy_violations_are_rejected_with_spans(client, app_overrides, comment, code, evidence):
    body = check(client, comment)
    assert body["verdict"] == "reject"
    assert code in codes(body)
    spans = [s for r in body["reasons"] if r["code"] == code for s in r["spans"]]
    for span in spans:
        assert comment[span["start"] : span["end"]] == span["text"]
    if evidence:
        assert any(evidence in s["text"] or s["text"] in evidence for s in spans)


@pytest.mark.parametrize("app_overrides", [AUTO])
@pytest.mark.parametrize(
    ("comment", "evidence"),
    [
        ("f.u.c.k.i.n.g i.d.i.o.t", "i.d.i.o.t"),
        ("you are an \u202etoidi\u202c", "\u202etoidi\u202c"),  # right-to-left override
        ("you are an id\u0301iot", "id\u0301iot"),  # combining acute
        ("you are an i\u0336d\u0336i\u0336o\u0336t\u0336", "i\u0336d\u0336i\u0336o\u0336t\u0336"),
        ("you are an i😀d😀i😀o😀t", "i😀d😀i😀o😀t"),
        ("you are an idiot\ufe0f", "idiot"),
        ("you are an id\U000e0041iot", "id\U000e0041iot"),  # tag character
        ("يا حـ😀ـمار", "حـ😀ـمار"),
    ],
)
def test_evasions_are_rejected_with_the_disguised_word_as_evidence(
    client, app_overrides, comment, evidence
):
    body = check(client, comment)
    assert body["verdict"] == "reject" and "offense" in codes(body), body
    spans = [s for r in body["reasons"] if r["code"] == "offense" for s in r["spans"]]
    assert any(evidence in s["text"] for s in spans), spans
    assert all(comment[s["start"] : s["end"]] == s["text"] for s in spans)


@pytest.mark.parametrize("app_overrides", [AUTO])
@pytest.mark.parametrize(
    "comment",
    [
        "The assassination attempt in Scunthorpe was covered in class by a Dickens scholar.",
        "Civilians were killed in the airstrikes on Raqqa.",
        "Sunni and Shia leaders met to discuss the evacuation.",
        "السنة والشيعة والمسيحيون في الرقة عانوا من داعش",
        "الله يرحمهم",
        "Good article, thanks",
    ],
)
def test_hard_negatives_are_approved(client, app_overrides, comment):
    body = check(client, comment)
    assert body["verdict"] == "approve", body["reasons"]


@pytest.mark.parametrize("app_overrides", [AUTO])
def test_word_list_change_applies_to_the_next_verdict(client, app, app_overrides):
    comment = "This is pure flimflam from the coalition"
    # What the shipped models make of the comment is theirs (review or approve); before the
    # word lists name its words, no word-list reason and no rejection.
    before = check(client, comment)
    assert before["verdict"] != "reject"
    assert not {"banned_word", "suspect_word"} & codes(before)
    with app.app_context():
        db.session.add(WordListEntry(kind="banned", term="flimflam", created_by="test"))
        bump_wordlist_version()
        db.session.commit()
    body = check(client, comment)
    assert body["verdict"] == "reject"
    assert "banned_word" in codes(body)
    with app.app_context():
        db.session.add(WordListEntry(kind="suspect", term="coalition", created_by="test"))
        db.session.query(WordListEntry).filter_by(term="flimflam").delete()
        bump_wordlist_version()
        db.session.commit()
    body = check(client, comment)
    assert body["verdict"] == "review"
    assert body["status"] == "pending"
    assert "suspect_word" in codes(body)


@pytest.mark.parametrize("app_overrides", [AUTO])
def test_the_same_condolence_from_three_readers_is_not_spam(client, app_overrides, article, auth):
    text = "الله يرحمهم ويصبر اهلهم يا رب"
    for n in range(3):
        r = client.post(
            "/api/v1/comments",
            json={"article_id": article, "name": f"قارئ {n}", "comment": text},
            headers={**auth, "X-Raqib-Reader-IP": f"203.0.113.{n + 1}"},
        )
        assert r.status_code == 201, r.get_json()
        assert "spam" not in codes(r.get_json())


@pytest.mark.parametrize("app_overrides", [AUTO])
def test_same_text_repeated_becomes_spam(client, app_overrides, article):
    text = "Visit my page for the real story about Raqqa and the fighters"
    statuses = []
    for i in range(3):
        r = client.post(
            "/api/v1/comments", json={"article_id": article, "name": f"n{i}", "comment": text}
        )
        statuses.append(r.get_json())
    assert "spam" in codes(statuses[-1])
    assert statuses[-1]["verdict"] == "reject"


@pytest.mark.parametrize("app_overrides", [AUTO])
@pytest.mark.parametrize(
    ("comment", "name_text"),
    [
        ("Sergei Lavrov is lying again", "Sergei Lavrov"),
        ("الملك عبدالله الثاني زار المخيم", "عبدالله الثاني"),
        ("What did Donald Trump say about Raqqa?", "Donald Trump"),
    ],
)
def test_names_of_personalities_are_rejected(client, app_overrides, article, comment, name_text):
    body = check(client, comment, article_id=article)
    assert body["verdict"] == "reject", body
    spans = [s for r in body["reasons"] if r["code"] == "personal_name" for s in r["spans"]]
    assert any(name_text in s["text"] or s["text"] in name_text for s in spans)
    for s in spans:
        assert comment[s["start"] : s["end"]] == s["text"]


@pytest.mark.parametrize("app_overrides", [AUTO])
def test_watchlist_edits_apply_once_seeded(client, app, app_overrides):
    from service.seed import seed_watchlist

    comment = "Zorblax Quintavius should resign"
    assert "personal_name" not in codes(check(client, comment))
    with app.app_context():
        assert seed_watchlist() > 300
        db.session.add(
            WordListEntry(kind="personality", term="Zorblax Quintavius", created_by="test")
        )
        bump_wordlist_version()
        db.session.commit()
    assert "personal_name" in codes(check(client, comment))


@pytest.mark.parametrize("app_overrides", [AUTO])
def test_commenters_own_name_is_not_a_violation(client, app_overrides, article):
    body = check(client, "I, Omar Haddad, think the evacuation was botched", name="Omar Haddad")
    assert "personal_name" not in codes(body)


@pytest.mark.parametrize("app_overrides", [AUTO])
def test_batch_check_sees_repeated_text_with_one_lookup(client, app_overrides, article, auth):
    # Long enough to count every reader's copies (a campaign), not only the same reader's.
    text = "Visit my page for the real story about Raqqa and the fighters, all the videos are there"
    for i in range(2):
        client.post(
            "/api/v1/comments", json={"article_id": article, "name": f"n{i}", "comment": text}
        )
    items = [{"comment": text}, {"comment": "A different and longer comment about Raqqa"}]
    r = client.post("/api/v1/check/batch", json={"items": items}, headers=auth)
    first, second = r.get_json()["results"]
    assert "spam" in codes(first) and first["verdict"] == "reject"
    # The other text was never seen: whatever its own scores, it is not a duplicate.
    assert second["verdict"] != "reject" and second["scores"]["spam"] < 0.85


@pytest.mark.parametrize("app_overrides", [AUTO, {"MODE": "pre", "CAPTCHA": False}])
def test_an_uncertain_comment_is_review_in_the_api_storage_and_metrics(
    client, app, app_overrides, article, auth
):
    """A suspect word holds a comment: the verdict says review in every mode, as stored."""
    with app.app_context():
        db.session.add(WordListEntry(kind="suspect", term="flimflam", created_by="test"))
        bump_wordlist_version()
        db.session.commit()
    text = "The coalition statement about Raqqa is flimflam"
    assert check(client, text, article_id=article)["verdict"] == "review"
    r = client.post("/api/v1/comments", json={"article_id": article, "name": "n", "comment": text})
    body = r.get_json()
    assert r.status_code == 201, body
    assert (body["verdict"], body["status"]) == ("review", "pending")
    stored = client.get(f"/api/v1/comments/{body['id']}", headers=auth).get_json()
    assert stored["verdict"] == "review"
    batch = client.post("/api/v1/check/batch", json={"items": [{"comment": text}]}, headers=auth)
    assert batch.get_json()["results"][0]["verdict"] == "review"
    metrics = client.get("/metrics").get_data(as_text=True)
    assert 'raqib_verdicts_total{status="pending",verdict="review"}' in metrics


def test_the_openapi_document_lists_the_three_outcomes(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    verdict = spec["components"]["schemas"]["VerdictOut"]["properties"]["verdict"]
    assert verdict["enum"] == ["approve", "review", "reject"]
    stored = spec["components"]["schemas"]["CommentOut"]["properties"]["verdict"]
    assert stored["enum"] == ["approve", "review", "reject"]
