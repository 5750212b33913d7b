"""A moderation team on a busy day (issue 12) and dashboard parameters (issue 11, item 9).

Through the Flask test client with CSRF on, on SQLite and PostgreSQL.
"""

# The dashboard's fixtures are imported from its test module; a test naming one as a parameter
# is not a redefinition.
# ruff: noqa: F811

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from test_dashboard import (  # noqa: F401 - fixtures shared with the dashboard's tests
    PASSWORD,
    Spec,
    accounts,
    add_comments,
    admin,
    app,
    login,
    moderator,
    page_token,
    shown_ids,
    stored,
)


def post_form(client, path: str, data: dict, *, as_json: bool = False, page: str | None = None):
    """POST a dashboard form with the CSRF token a browser would have."""
    token = page_token(client, page or "/dashboard/queue")
    headers = {"Accept": "application/json", "X-CSRFToken": token} if as_json else {}
    return client.post(path, data={**data, "csrf_token": token}, headers=headers)


def decide(client, cid: int, action: str, *, seen: str | None = None, as_json=True, **extra):
    """A decision from the dashboard, saying which status the moderator saw."""
    data = {"action": action, **extra}
    if action == "reject":
        data.setdefault("reason_code", "offense")
    if action == "delete":
        data.setdefault("delete_code", "reader_reports")
    if seen:
        data["seen"] = seen
    return post_form(client, f"/dashboard/comments/{cid}/decision", data, as_json=as_json)


def set_status(app, cid: int, status: str) -> None:
    from service.extensions import db
    from service.models import Comment

    with app.app_context():
        db.session.get(Comment, cid).status = status
        db.session.commit()


def second_client(app):
    """Another browser: the second moderator (sami) signed in."""
    other = app.test_client()
    assert login(other, "sami").status_code == 302
    return other


# -- issue 11, item 9: every dashboard parameter is validated ----------------------------------
BAD_PARAMS = [
    # (path, query) -> 400, never 500 or 503
    ("/dashboard/queue", "status=nope"),
    ("/dashboard/queue", "order=random"),
    ("/dashboard/queue", "article=..%2F..%2Fetc"),
    ("/dashboard/queue", "article=" + "a" * 129),
    ("/dashboard/queue", "reason=drop%20table"),
    ("/dashboard/queue", "lang=fr"),
    ("/dashboard/queue", "verdict=maybe"),
    ("/dashboard/queue", "since=2024-13-01"),
    ("/dashboard/queue", "since=%C2%B2"),
    ("/dashboard/queue", "until=9999-12-31"),
    ("/dashboard/queue", "until=0001-01-01"),
    ("/dashboard/queue", "since=2024-05-02&until=2024-05-01"),
    ("/dashboard/queue", "q=" + "x" * 201),
    ("/dashboard/queue", "offset=9223372036854775808"),
    ("/dashboard/queue", "offset=-1"),
    ("/dashboard/queue", "offset=%C2%B2"),
    ("/dashboard/queue", "offset=1e3"),
    ("/dashboard/audit", "log=everything"),
    ("/dashboard/audit", "actor=" + "x" * 101),
    ("/dashboard/audit", "action=explode"),
    ("/dashboard/audit", "since=yesterday"),
    ("/dashboard/audit", "until=9999-12-31"),
    ("/dashboard/audit", "comment=%C2%B2"),
    ("/dashboard/audit", "comment=999999999999999999999999999999"),
    ("/dashboard/audit", "comment=0"),
    ("/dashboard/audit", "offset=9223372036854775808"),
    ("/dashboard/words/banned", "q=" + "x" * 201),
    ("/dashboard/words/personality", "offset=%C2%B2"),
    ("/dashboard/commenters", "kind=everyone"),
    ("/dashboard/commenters", "offset=-5"),
    ("/dashboard/stats", "days=365"),
    ("/dashboard/stats", "days=%C2%B2"),
    ("/dashboard/live", "after=-1"),
    ("/dashboard/live", "after=99999999999"),
    ("/dashboard/live", "ids=1,x"),
    ("/dashboard/live", "ids=" + ",".join(["1"] * 201)),
    ("/dashboard/live", "looking=%C2%B2"),
    ("/dashboard/live", "until=9999-12-31"),
]


PAGES = sorted({path for path, _ in BAD_PARAMS})


@pytest.mark.parametrize("path", PAGES)
def test_bad_dashboard_parameters_are_400_with_the_field(admin, queue_ids, path):
    # One app per page and database; every bad value of every filter of the page in it.
    for query in (q for p, q in BAD_PARAMS if p == path):
        r = admin.get(f"{path}?{query}")
        assert r.status_code == 400, (query, r.get_data(as_text=True)[:300])
        field = "until" if "since=2024-05-02" in query else query.split("=", 1)[0]
        assert f'<code dir="ltr">{field}</code>' in r.get_data(as_text=True), query


def test_bad_live_parameters_answer_json_for_the_script(admin):
    r = admin.get("/dashboard/live?after=-1", headers={"Accept": "application/json"})
    assert r.status_code == 400
    assert r.get_json()["errors"] == {"after": ["Must be greater than or equal to 0 and less "
                                                "than or equal to 2147483647."]}  # fmt: skip


GOOD_PARAMS = [
    ("/dashboard/queue", "q=%C2%B2"),  # "²" is text to search for, not a number
    ("/dashboard/queue", "q=07912345678"),  # an 11-digit phone number is text, not an id
    ("/dashboard/queue", "q=%23999999999999"),
    ("/dashboard/queue", "q=%23" + "9" * 10),
    ("/dashboard/queue", "status=all&q=%D8%AD%D9%83%D9%88%D9%85%D9%87"),
    ("/dashboard/queue", "status=reported&order=outcome"),
    ("/dashboard/queue", "since=2100-12-31&until=2100-12-31"),
    ("/dashboard/queue", "article=&reason=&lang=&verdict=&since=&until=&q=&offset="),
    ("/dashboard/queue", "offset=1000000"),
    ("/dashboard/audit", "comment=&actor=&action=undo&log=decisions"),
    ("/dashboard/audit", "log=lists&since=2000-01-01"),
    ("/dashboard/words/personality", "q=%D8%A7%D8%B1%D8%AF%D9%88%D8%BA%D8%A7%D9%86"),
    ("/dashboard/stats", "days=90"),
    ("/dashboard/live", "status=all&after=0&ids=1,2,3&looking=1"),
]


@pytest.mark.parametrize("path", sorted({path for path, _ in GOOD_PARAMS}))
def test_unusual_but_valid_parameters_answer_200(admin, queue_ids, path):
    for query in (q for p, q in GOOD_PARAMS if p == path):
        r = admin.get(f"{path}?{query}")
        assert r.status_code == 200, (query, r.get_data(as_text=True)[:300])


@pytest.mark.parametrize(
    "path",
    [
        "/dashboard/comments/999999999999999999999999999999",
        "/dashboard/comments/2147483648",
        "/dashboard/comments/0",
    ],
)
def test_impossible_comment_ids_are_404(admin, path):
    assert admin.get(path).status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/dashboard/comments/99999999999999999999/decision",
        "/dashboard/words/entry/99999999999999999999/delete",
        "/dashboard/commenters/99999999999999999999/delete",
        "/dashboard/admin/moderators/99999999999999999999/active",
    ],
)
def test_impossible_ids_in_actions_are_404(admin, path):
    r = post_form(admin, path, {"action": "approve"})
    assert r.status_code == 404


# -- item 1: three outcomes --------------------------------------------------------------------
QUEUE = [
    Spec("clean words", verdict="approve", hours_ago=5),
    Spec("maybe rude", verdict="review", reasons=(("offense", 0.6, "rude"),), hours_ago=4),
    Spec("you idiot", verdict="reject", reasons=(("offense", 0.95, "idiot"),), hours_ago=3),
    Spec("حكومة الإنتاج ضعيفة", lang="ar", verdict="approve", hours_ago=2, name="سلمى",
         email="Salma@Example.com"),  # fmt: skip
    Spec("another clean one", verdict="approve", hours_ago=1, status="published"),
]


@pytest.fixture
def queue_ids(app):
    return add_comments(app, QUEUE)


def test_badges_name_the_outcome_in_words(admin, queue_ids):
    html = admin.get("/dashboard/queue").get_data(as_text=True)
    assert html.count('class="badge v-review"') == 1
    assert "Needs review" in html and "Breaks the policy" in html and "Clean" in html
    assert "auto: approve" not in html
    # The "Raqib says" filter names them the same way, not by their codes.
    menu = html.split('<select name="verdict">', 1)[1].split("</select>", 1)[0]
    assert ">Needs review<" in menu and ">Breaks the policy<" in menu and ">Clean<" in menu


def test_most_serious_first_orders_by_outcome(admin, queue_ids):
    shown = shown_ids(admin.get("/dashboard/queue?order=outcome"))
    assert shown == [queue_ids[2], queue_ids[1], queue_ids[0], queue_ids[3]]


@pytest.mark.parametrize("as_json", [True, False], ids=["fetch", "form"])
def test_bulk_approve_refuses_flagged_comments_unless_overridden(app, admin, queue_ids, as_json):
    ids = queue_ids[:3]
    r = post_form(admin, "/dashboard/comments/bulk",
                  {"ids": ids, "action": "approve"}, as_json=as_json)  # fmt: skip
    assert [stored(app, i)[0] for i in ids] == ["published", "pending", "pending"]
    if as_json:
        body = r.get_json()
        assert {s["id"] for s in body["skipped"]} == set(ids[1:])
        assert "2 comments that Raqib flagged were not approved" in body["message"]
    r = post_form(admin, "/dashboard/comments/bulk",
                  {"ids": ids[1:], "action": "approve", "include_flagged": "y"},
                  as_json=as_json)  # fmt: skip
    assert [stored(app, i)[0] for i in ids] == ["published"] * 3


def test_bulk_skips_rows_decided_since_the_page_was_loaded(app, admin, queue_ids):
    first, second = queue_ids[0], queue_ids[3]
    # Someone else rejected the first one meanwhile.
    assert decide(second_client(app), first, "reject", seen="pending").status_code == 200
    r = post_form(
        admin,
        "/dashboard/comments/bulk",
        {"ids": [first, second], "action": "reject", "reason_code": "spam",
         "seen_rows": [f"{first}:pending", f"{second}:pending"]},
        as_json=True,
    )  # fmt: skip
    body = r.get_json()
    assert [x["id"] for x in body["results"]] == [second]
    assert body["skipped"] == [
        {"id": first, "status": "rejected", "status_label": "Rejected", "why": "changed"}
    ]
    status, trail = stored(app, first)
    assert status == "rejected" and trail[-1][0] == "sami" and trail[-1][-1] == "offense"


def test_stats_show_what_moderators_did_with_each_outcome(app, admin, queue_ids):
    decide(admin, queue_ids[1], "approve", seen="pending")  # review -> approved
    decide(admin, queue_ids[2], "reject", seen="pending")  # reject -> rejected
    html = admin.get("/dashboard/stats?days=7").get_data(as_text=True)
    assert "Automatic verdicts" in html
    assert "bar-review" in html and "bar-reject" in html


def test_agreement_tally_counts_review_outcomes():
    from service.dashboard.stats import tally

    report = tally([("review", [], "approve", "a"), ("review", [], "delete", "b"),
                    ("reject", [], "reject", "a")])  # fmt: skip
    assert report.by_outcome["review"] == {"approve": 1, "reject": 1}
    assert report.overall.reviewed == 1  # review decided nothing to agree with


# -- item 2: the last click does not silently win ----------------------------------------------
def test_stale_decision_is_refused_with_who_and_when(app, admin, queue_ids, accounts):
    cid = queue_ids[0]
    sami = second_client(app)
    assert decide(sami, cid, "reject", seen="pending").status_code == 200
    r = decide(admin, cid, "approve", seen="pending")
    assert r.status_code == 409
    body = r.get_json()
    assert body["conflict"]["status"] == "rejected" and body["conflict"]["seen"] == "rejected"
    assert body["message"].startswith("Rejected by sami just now")
    assert stored(app, cid)[0] == "rejected"
    # The plain form gets a page with the same question and a button to decide anyway.
    page = decide(admin, cid, "approve", seen="pending", as_json=False)
    assert page.status_code == 409
    html = page.get_data(as_text=True)
    assert "Rejected by sami" in html and 'name="seen" value="rejected"' in html
    # Deciding anyway: the moderator now says what they saw.
    assert decide(admin, cid, "approve", seen="rejected").status_code == 200
    assert stored(app, cid)[0] == "published"


def test_stale_page_cannot_republish_a_deleted_comment(app, admin, queue_ids):
    cid = queue_ids[4]  # published
    assert decide(second_client(app), cid, "delete", seen="published").status_code == 200
    assert decide(admin, cid, "approve", seen="published").status_code == 409
    assert stored(app, cid)[0] == "deleted"


def test_api_decision_with_an_outdated_expected_status_is_409(client, auth, app, queue_ids):
    cid = queue_ids[0]
    ok = client.post(f"/api/v1/comments/{cid}/decision", headers=auth,
                     json={"action": "reject", "reason": "spam", "expected_status": "pending"})
    assert ok.status_code == 200 and ok.get_json()["status"] == "rejected"
    r = client.post(f"/api/v1/comments/{cid}/decision", headers=auth,
                    json={"action": "approve", "expected_status": "pending"})  # fmt: skip
    assert r.status_code == 409
    body = r.get_json()
    assert body["code"] == 409 and body["status"] == "Conflict"
    assert body["current"]["status"] == "rejected"
    assert body["current"]["actor"] == "mona" and body["current"]["action"] == "reject"
    assert datetime.fromisoformat(body["current"]["at"]) <= datetime.now(UTC)
    assert stored(app, cid)[0] == "rejected"
    # Without expected_status the API decides as before (any status, any time).
    again = client.post(f"/api/v1/comments/{cid}/decision", headers=auth,
                        json={"action": "approve"})  # fmt: skip
    assert again.status_code == 200 and again.get_json()["status"] == "published"


@pytest.mark.parametrize("bad", ["maybe", "", 3])
def test_api_expected_status_must_be_a_status(client, auth, queue_ids, bad):
    r = client.post(f"/api/v1/comments/{queue_ids[0]}/decision", headers=auth,
                    json={"action": "approve", "expected_status": bad})  # fmt: skip
    assert r.status_code == 400


# -- item 5: the commenter ---------------------------------------------------------------------
def post_comment(client, text: str, *, email: str | None = "x@example.com", ip="198.51.100.7"):
    data = {"article_id": "a1", "name": "Reader", "email": email, "comment": text}
    return client.post("/api/v1/comments", json=data, environ_base={"REMOTE_ADDR": ip})


@pytest.fixture
def no_captcha(app):
    from service.extensions import db
    from service.models import Article

    app.config["CAPTCHA"] = False
    with app.app_context():
        if db.session.get(Article, "a1") is None:
            db.session.add(Article(id="a1", title="Water prices in Amman", body="", language="en"))
            db.session.commit()


def add_to_list(client, kind: str, field: str, value: str, **extra):
    return post_form(
        client, "/dashboard/commenters", {"kind": kind, "field": field, "value": value, **extra},
        page="/dashboard/commenters",
    )  # fmt: skip


@pytest.mark.parametrize(("field", "value"), [("email", "X@Example.com"), ("ip", "198.51.100.7")])
def test_blocked_commenter_is_rejected_with_its_reason(app, admin, client, no_captcha, field,
                                                       value):  # fmt: skip
    before = post_comment(client, "The water bills doubled this summer.").get_json()
    assert before["status"] == "pending"
    assert add_to_list(admin, "blocked", field, value).status_code == 302
    after = post_comment(client, "The water bills doubled this summer, again.").get_json()
    # Rejected whatever the mode (the default is pre: everything else waits).
    assert after["verdict"] == "reject" and after["status"] == "rejected"
    assert after["reasons"][0]["code"] == "blocked_commenter"
    assert "not accepted" in after["reasons"][0]["message"]
    other = post_comment(client, "Same text, other sender.", email="y@example.com",
                         ip="203.0.113.9").get_json()  # fmt: skip
    assert other["status"] == "pending"


def test_trusted_commenter_clean_comments_publish_flagged_ones_wait(app, admin, client,
                                                                    no_captcha):  # fmt: skip
    assert add_to_list(admin, "trusted", "email", "x@example.com").status_code == 302
    # A generic reaction: clean whatever the article, so the test is about trust, not a model.
    clean = post_comment(client, "Thanks for sharing").get_json()
    assert clean["verdict"] == "approve" and clean["status"] == "published"
    rude = post_comment(client, "You idiot, the water minister is a donkey.").get_json()
    assert rude["verdict"] != "approve" and rude["status"] != "published"


def test_commenter_lists_need_an_admin_and_are_audited(app, admin, moderator_client):
    assert add_to_list(moderator_client, "blocked", "email", "a@example.com").status_code == 403
    assert add_to_list(admin, "blocked", "email", "a@example.com", note="troll").status_code == 302
    again = add_to_list(admin, "trusted", "email", "A@example.com")
    assert again.status_code == 400 and "Already on the list" in again.get_data(as_text=True)
    log = admin.get("/dashboard/audit?log=lists").get_data(as_text=True)
    assert "a@example.com" in log and "troll" in log and "Blocked commenters" in log


@pytest.fixture
def moderator_client(app, accounts):
    return second_client(app)


@pytest.mark.parametrize(
    ("field", "value"),
    [("email", "not an email"), ("ip", "999.1.1.1"), ("ip_hash", "zz-not-hex"), ("email", "")],
)
def test_commenter_list_values_are_checked(admin, field, value):
    r = add_to_list(admin, "blocked", field, value)
    assert r.status_code == 400


def test_comment_page_shows_the_commenters_other_comments(app, admin):
    ids = add_comments(app, [
        Spec("first by omar", email="omar@example.com"),
        Spec("second by omar", email="OMAR@example.com", status="rejected"),
        Spec("third by omar", email="omar@example.com"),
        Spec("someone else", email="nour@example.com"),
    ])  # fmt: skip
    html = admin.get(f"/dashboard/comments/{ids[0]}").get_data(as_text=True)
    assert f"#{ids[1]}" in html and f"#{ids[2]}" in html and f"#{ids[3]}" not in html
    assert "Reject all 2 pending comments from this commenter" in html
    r = post_form(admin, f"/dashboard/comments/{ids[0]}/reject-commenter",
                  {"reason_code": "spam"}, page=f"/dashboard/comments/{ids[0]}")  # fmt: skip
    assert r.status_code == 302
    assert [stored(app, i)[0] for i in ids] == ["rejected", "rejected", "rejected", "pending"]
    assert stored(app, ids[1])[1][-1][0] == "raqib"  # already rejected: left alone


# -- item 6: reader reports --------------------------------------------------------------------
def test_reader_report_opens_the_reported_queue_until_decided(app, admin, client, queue_ids):
    cid = queue_ids[4]  # published
    r = client.post(f"/api/v1/comments/{cid}/report", json={"reason": "offense"},
                    environ_base={"REMOTE_ADDR": "192.0.2.1"})  # fmt: skip
    assert r.status_code == 202 and r.get_json() == {"comment_id": cid, "received": True}
    # The same reader again, and a second reader, by form.
    client.post(f"/api/v1/comments/{cid}/report", json={"reason": "spam"},
                environ_base={"REMOTE_ADDR": "192.0.2.1"})  # fmt: skip
    client.post(f"/api/v1/comments/{cid}/report", data={"reason": "spam", "note": "ad"},
                environ_base={"REMOTE_ADDR": "192.0.2.2"})  # fmt: skip
    page = admin.get("/dashboard/queue?status=reported")
    assert shown_ids(page) == [cid]
    assert "Reported 2 times" in page.get_data(as_text=True)
    r = decide(admin, cid, "delete", seen="published")
    assert r.status_code == 200 and stored(app, cid) [0] == "deleted"
    assert stored(app, cid)[1][-1][-1] == "reader_reports"
    assert shown_ids(admin.get("/dashboard/queue?status=reported")) == []
    # Undo reopens the reports it had closed.
    undo = r.get_json()["undo"]
    post_form(admin, "/dashboard/undo", {"decisions": undo["decisions"]}, as_json=True)
    assert shown_ids(admin.get("/dashboard/queue?status=reported")) == [cid]


@pytest.mark.parametrize(
    ("which", "body", "status"),
    [
        ("pending", {"reason": "offense"}, 404),  # not public: nothing to report
        ("missing", {"reason": "offense"}, 404),
        ("published", {"reason": "boring"}, 400),
        ("published", {}, 400),
        ("published", {"reason": "other", "note": "x" * 501}, 400),
        ("published", {"reason": "other", "note": "\x00"}, 400),
    ],
)
def test_bad_reports_are_refused(client, queue_ids, which, body, status):
    cid = {"pending": queue_ids[0], "published": queue_ids[4], "missing": 2**31}[which]
    r = client.post(f"/api/v1/comments/{cid}/report", json=body)
    assert r.status_code == status
    assert r.get_json()["code"] == status


@pytest.mark.parametrize("app_overrides", [{"RATELIMIT_ENABLED": True}])
def test_reports_are_rate_limited(client, queue_ids):
    cid = queue_ids[4]
    codes = [
        client.post(f"/api/v1/comments/{cid}/report", json={"reason": "spam"}).status_code
        for _ in range(6)
    ]
    assert codes == [202] * 5 + [429]


# -- item 7: undo ------------------------------------------------------------------------------
def test_undo_restores_the_status_and_is_audited(app, admin, queue_ids):
    cid = queue_ids[0]
    r = decide(admin, cid, "reject", seen="pending")
    undo = r.get_json()["undo"]
    assert undo["seconds"] == 10
    back = post_form(admin, "/dashboard/undo", {"decisions": undo["decisions"]}, as_json=True)
    assert back.get_json()["results"][0]["status"] == "pending"
    status, trail = stored(app, cid)
    assert status == "pending"
    assert trail[-1][:4] == ("huda", "undo", "rejected", "pending")


def test_undo_is_refused_when_someone_decided_since_or_it_is_not_yours(app, admin, queue_ids):
    cid = queue_ids[0]
    undo = decide(admin, cid, "reject", seen="pending").get_json()["undo"]
    sami = second_client(app)
    mine = post_form(sami, "/dashboard/undo", {"decisions": undo["decisions"]}, as_json=True)
    assert mine.get_json()["ok"] is False  # not sami's decision
    decide(sami, cid, "approve", seen="rejected")
    late = post_form(admin, "/dashboard/undo", {"decisions": undo["decisions"]}, as_json=True)
    assert late.get_json()["ok"] is False
    assert stored(app, cid)[0] == "published"


def test_undo_expires(app, admin, queue_ids):
    from service.extensions import db
    from service.models import Decision

    undo = decide(admin, queue_ids[0], "approve", seen="pending").get_json()["undo"]
    with app.app_context():
        d = db.session.get(Decision, int(undo["decisions"]))
        d.created_at = d.created_at - timedelta(minutes=5)
        db.session.commit()
    r = post_form(admin, "/dashboard/undo", {"decisions": undo["decisions"]}, as_json=True)
    assert r.get_json()["ok"] is False
    assert stored(app, queue_ids[0])[0] == "published"


def test_plain_form_gets_an_undo_button_once(app, admin, queue_ids):
    decide(admin, queue_ids[0], "approve", seen="pending", as_json=False)
    first = admin.get("/dashboard/queue").get_data(as_text=True)
    assert 'id="undo"' in first
    assert 'id="undo"' not in admin.get("/dashboard/queue").get_data(as_text=True)


def test_delete_needs_its_own_reason(app, admin, queue_ids):
    cid = queue_ids[4]
    r = decide(admin, cid, "delete", seen="published", delete_code="", reason_code="offense")
    assert r.status_code == 400 and "reason for deleting" in r.get_json()["message"]
    assert stored(app, cid)[0] == "published"


# -- item 4: the live queue --------------------------------------------------------------------
def test_live_reports_counts_new_comments_decisions_and_viewers(app, admin, queue_ids):
    sami = second_client(app)
    after = max(queue_ids)
    ids = ",".join(str(i) for i in queue_ids[:2])
    decide(sami, queue_ids[0], "reject", seen="pending")
    sami.get(f"/dashboard/comments/{queue_ids[1]}")  # sami looks at the second
    new = add_comments(app, [Spec("brand new")])
    r = admin.get(f"/dashboard/live?after={after}&ids={ids}&looking={queue_ids[1]}")
    body = r.get_json()
    assert body["counts"]["pending"] == 4 and body["counts"]["rejected"] == 1
    assert body["counts"]["all"] == 6
    assert body["new"] == 1 and new[0] > after
    first = body["rows"][str(queue_ids[0])]
    assert first["status"] == "rejected" and first["decided"].startswith("Rejected by sami")
    assert first["by_me"] is False
    assert body["rows"][str(queue_ids[1])]["viewers"] == ["sami"]


def test_live_poll_costs_a_bounded_number_of_queries(app, admin, queue_ids):
    from sqlalchemy import event

    from service.extensions import db

    statements: list[str] = []
    with app.app_context():
        engine = db.engine
    listener = lambda *a: statements.append(a[2])  # noqa: E731
    event.listen(engine, "before_cursor_execute", listener)
    try:
        ids = ",".join(str(i) for i in queue_ids)
        assert admin.get(f"/dashboard/live?ids={ids}&looking={queue_ids[0]}").status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    assert len(statements) <= 12, statements


# -- items 8 to 11: mixed text, search, time, labels, evidence ---------------------------------
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("حكومه", [3]),  # ة and ه
        ("الانتاج", [3]),  # hamza
        ("salma@example.com", [3]),  # email, any case
        ("سلمى", [3]),  # name
        ("IDIOT", [2]),
        ("#{id2}", [2]),
        ("CLEAN", [0, 4]),
    ],
)
def test_search_uses_the_normaliser_across_tabs(admin, queue_ids, query, expected):
    from urllib.parse import quote

    query = query.replace("{id2}", str(queue_ids[2]))
    r = admin.get(f"/dashboard/queue?status=all&q={quote(query)}")
    assert sorted(shown_ids(r)) == sorted(queue_ids[i] for i in expected)


def test_tab_counts_show_where_the_matches_are(admin, queue_ids):
    html = admin.get("/dashboard/queue?q=clean").get_data(as_text=True)
    assert 'data-count="pending">1<' in html and 'data-count="published">1<' in html
    assert 'data-count="all">2<' in html


def test_watchlist_search_finds_entries_through_the_normaliser(app, admin):
    from service.extensions import db
    from service.models import WordListEntry

    with app.app_context():
        db.session.add(WordListEntry(kind="personality", term="Recep Erdogan",
                                     aliases="أردوغان|Erdoğan", note="head_of_state",
                                     created_by="seed"))  # fmt: skip
        db.session.commit()
    html = admin.get("/dashboard/watchlist?q=اردوغان", follow_redirects=True).get_data(as_text=True)
    assert "Recep Erdogan" in html
    assert "head of state" in html and "Shipped with Raqib" in html
    assert "head_of_state" not in html


def test_times_are_shown_in_the_site_time_zone(app, admin):
    (cid,) = add_comments(app, [Spec("what time is it", hours_ago=0)])
    from service.extensions import db
    from service.models import Comment

    with app.app_context():
        c = db.session.get(Comment, cid)
        c.created_at = datetime(2026, 1, 15, 22, 30, tzinfo=UTC)
        db.session.commit()
    html = admin.get(f"/dashboard/comments/{cid}").get_data(as_text=True)
    assert "2026-01-16 01:30" in html  # Amman is UTC+3
    assert "Asia/Amman (UTC+03:00)" in html
    # The day filter is Amman's 16 January, not UTC's 15th.
    assert cid in shown_ids(admin.get("/dashboard/queue?since=2026-01-16&until=2026-01-16"))
    assert cid not in shown_ids(admin.get("/dashboard/queue?since=2026-01-15&until=2026-01-15"))


def test_unknown_time_zone_is_a_configuration_error(tmp_path):
    from conftest import make_app

    from service.config import ConfigError

    with pytest.raises(ConfigError, match="RAQIB_TIMEZONE"):
        make_app(tmp_path, f"sqlite:///{tmp_path / 'x.sqlite3'}", TIMEZONE="Mars/Olympus")


def test_arabic_audit_arrow_points_the_reading_way(app, admin, queue_ids):
    decide(admin, queue_ids[0], "reject", seen="pending")
    post_form(admin, "/dashboard/language", {"lang": "ar"})
    html = admin.get("/dashboard/audit").get_data(as_text=True)
    assert "←" in html and "→" not in html.split("<main", 1)[1]


def test_duplicate_reasons_make_one_chip(app, admin):
    (cid,) = add_comments(app, [Spec(
        "buy now at www.x.example call 0790000000 best prices",
        verdict="reject",
        reasons=(("spam", 0.95, "www.x.example"), ("spam", 0.9, "0790000000"),
                 ("spam", 0.6, "best prices"), ("spam", 0.5, "buy now")),
    )])  # fmt: skip
    html = admin.get("/dashboard/queue").get_data(as_text=True)
    row = html.split(f'id="c-{cid}"', 1)[1].split("</li>\n  {%", 1)[0]
    assert row.count('class="chip chip-spam"') == 1
    assert "0.95" in row and "×4" in row


def test_model_highlights_only_words_that_carry_weight(app, admin):
    from service.core import Reason, Span
    from service.extensions import db
    from service.models import Comment
    from service.store import reason_dict

    (cid,) = add_comments(app, [Spec("you are better than them, idiot", verdict="reject")])
    text = "you are better than them, idiot"
    spans = tuple(Span(text.find(w), text.find(w) + len(w), w) for w in ("better", "idiot"))
    with app.app_context():
        c = db.session.get(Comment, cid)
        c.reasons = [reason_dict(Reason("offense", "model", 0.92, spans))]
        db.session.commit()
    html = admin.get(f"/dashboard/comments/{cid}").get_data(as_text=True)
    marked = html.split('id="comment-text">', 1)[1].split("</blockquote>", 1)[0]
    assert ">idiot</mark>" in marked
    assert ">better</mark>" not in marked


def test_mixed_direction_text_is_isolated():
    from service.dashboard.evidence import isolate

    out = str(isolate("زوروا www.x.example أو @promo الآن <b>"))
    assert "<bdi>www.x.example</bdi>" in out and "<bdi>@promo</bdi>" in out
    assert "<b>" not in out and "&lt;" in out
    assert str(isolate("He said يا حمار today")) == "He said <bdi>يا حمار</bdi> today"
