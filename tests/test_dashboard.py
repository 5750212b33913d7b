"""The moderators' dashboard through the Flask test client, with CSRF on, like a browser."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import event, select

from service.core import CATEGORIES, Reason, Span

PASSWORD = "correct horse battery"
TOKEN_RE = re.compile(r'name="csrf-token" content="([^"]+)"')
FORM_TOKEN_RE = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')
ROW_RE = re.compile(r'<li class="row[^"]*" id="c-(\d+)"')


@pytest.fixture
def app(app):
    """The conftest app with the dashboard registered and CSRF protection on."""
    from service.dashboard import init_dashboard

    if "dashboard" not in app.blueprints:
        init_dashboard(app)
    app.config["WTF_CSRF_ENABLED"] = True
    return app


@pytest.fixture
def accounts(app):
    """An admin (huda), a moderator (sami) and a disabled moderator (old); returns their ids."""
    from service.auth import create_moderator
    from service.extensions import db

    with app.app_context():
        ids = {}
        for name, role in (("huda", "admin"), ("sami", "moderator"), ("old", "moderator")):
            mod, _ = create_moderator(name, role=role, password=PASSWORD)
            ids[name] = mod.id
        mod.active = False
        db.session.commit()
    return ids


def page_token(client, path: str = "/dashboard/login") -> str:
    """The CSRF token a browser would find on ``path``."""
    html = client.get(path).get_data(as_text=True)
    found = TOKEN_RE.search(html) or FORM_TOKEN_RE.search(html)
    assert found, f"no CSRF token on {path}"
    return found.group(1)


def login(client, username: str, password: str = PASSWORD):
    """Sign in through the login form."""
    token = page_token(client, "/dashboard/login")
    return client.post(
        "/dashboard/login",
        data={"username": username, "password": password, "csrf_token": token},
    )


@pytest.fixture
def admin(client, accounts):
    """A client signed in as the admin."""
    assert login(client, "huda").status_code == 302
    return client


@pytest.fixture
def moderator(client, accounts):
    """A client signed in as a plain moderator."""
    assert login(client, "sami").status_code == 302
    return client


@dataclass
class Spec:
    """A stored comment to create, with its automatic verdict."""

    text: str
    article: str = "a1"
    lang: str = "en"
    verdict: str = "approve"
    reasons: tuple[tuple[str, float | None, str], ...] = ()  # (code, score, evidence)
    hours_ago: float = 1.0
    status: str = "pending"
    name: str = "Omar"
    email: str | None = "omar@example.com"
    extra: dict = field(default_factory=dict)


def add_comments(app, specs: list[Spec]) -> list[int]:
    """Store comments as the API does (comment plus automatic audit entry), in one commit."""
    from service.extensions import db
    from service.models import Article, Comment, Decision
    from service.store import fingerprint, reason_dict

    now = datetime.now(UTC)
    with app.app_context():
        for aid in sorted({s.article for s in specs}):
            if db.session.get(Article, aid) is None:
                db.session.add(Article(id=aid, title=f"Article {aid}", body="", language="en"))
        comments = []
        for spec in specs:
            reasons, scores = [], dict.fromkeys(CATEGORIES, 0.0)
            for code, score, evidence in spec.reasons:
                start = spec.text.find(evidence) if evidence else -1
                spans = (Span(start, start + len(evidence), evidence),) if start >= 0 else ()
                reasons.append(Reason(code, "rule", score, spans))
                if code in scores and score is not None:
                    scores[code] = score
            created = now - timedelta(hours=spec.hours_ago)
            comment = Comment(
                article_id=spec.article,
                name=spec.name,
                email=spec.email,
                body=spec.text,
                language=spec.lang,
                fingerprint=fingerprint(spec.text),
                verdict=spec.verdict,
                status=spec.status,
                risk=max(scores.values()),
                scores=scores,
                reasons=[reason_dict(r) for r in reasons],
                model_version="t-1",
                created_at=created,
            )
            comment.decisions.append(
                Decision(
                    actor="raqib",
                    automatic=True,
                    action="verdict",
                    to_status="pending",
                    reason=", ".join(sorted({r.code for r in reasons})) or spec.verdict,
                    created_at=created,
                )
            )
            comments.append(comment)
        db.session.add_all(comments)
        db.session.commit()
        return [c.id for c in comments]


def shown_ids(response) -> list[int]:
    """The comment ids listed on a queue page, in order."""
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return [int(i) for i in ROW_RE.findall(response.get_data(as_text=True))]


def stored(app, comment_id: int):
    """The comment's status and its audit entries as (actor, action, from, to, reason)."""
    from service.extensions import db
    from service.models import Comment

    with app.app_context():
        c = db.session.get(Comment, comment_id)
        return c.status, [
            (d.actor, d.action, d.from_status, d.to_status, d.reason) for d in c.decisions
        ]


# -- signing in and out -----------------------------------------------------------------------
def test_signed_out_visitor_is_sent_to_login(client, accounts):
    r = client.get("/dashboard/queue?status=rejected")
    assert r.status_code == 302
    assert r.headers["Location"].startswith("/dashboard/login?next=")


def test_login_then_logout(client, accounts):
    r = login(client, "huda")
    assert r.status_code == 302 and r.headers["Location"] == "/dashboard/queue"
    page = client.get("/dashboard/queue").get_data(as_text=True)
    assert "huda" in page
    token = page_token(client, "/dashboard/queue")
    r = client.post("/dashboard/logout", data={"csrf_token": token})
    assert r.status_code == 302
    assert client.get("/dashboard/queue").status_code == 302


@pytest.mark.parametrize(
    ("username", "password"),
    [("huda", "wrong password"), ("nobody", PASSWORD), ("old", PASSWORD)],
    ids=["wrong-password", "unknown-user", "disabled-account"],
)
def test_bad_credentials_are_refused(client, accounts, username, password):
    r = login(client, username, password)
    assert r.status_code == 401
    assert "Wrong username or password." in r.get_data(as_text=True)
    assert client.get("/dashboard/queue").status_code == 302


def test_login_starts_a_new_session(client, accounts):
    before = page_token(client, "/dashboard/login")
    login(client, "huda")
    after = page_token(client, "/dashboard/queue")
    assert before != after
    cookie = client.get_cookie("session")
    assert cookie is not None and cookie.http_only and cookie.same_site == "Lax"


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/x", "/api/v1/check", "/\\evil.example"]
)
def test_login_never_redirects_outside_the_dashboard(client, accounts, target):
    token = page_token(client, "/dashboard/login")
    r = client.post(
        "/dashboard/login",
        data={"username": "huda", "password": PASSWORD, "csrf_token": token, "next": target},
    )
    assert r.headers["Location"] == "/dashboard/queue"


def test_disabled_account_loses_its_session(app, client, accounts):
    from service.extensions import db
    from service.models import Moderator

    login(client, "sami")
    assert client.get("/dashboard/queue").status_code == 200
    with app.app_context():
        db.session.get(Moderator, accounts["sami"]).active = False
        db.session.commit()
    assert client.get("/dashboard/queue").status_code == 302


@pytest.mark.parametrize("app_overrides", [{"RATELIMIT_ENABLED": True}])
def test_login_attempts_are_rate_limited(client, accounts):
    token = page_token(client, "/dashboard/login")
    codes = [
        client.post(
            "/dashboard/login",
            data={"username": "huda", "password": "nope", "csrf_token": token},
        ).status_code
        for _ in range(11)
    ]
    assert codes[:10] == [401] * 10
    assert codes[10] == 429


# -- roles ------------------------------------------------------------------------------------
ADMIN_GETS = ["/dashboard/admin/moderators", "/dashboard/admin/thresholds"]


@pytest.mark.parametrize("path", ADMIN_GETS)
def test_moderator_cannot_open_admin_pages(moderator, path):
    r = moderator.get(path)
    assert r.status_code == 403
    assert "text/html" in r.headers["Content-Type"]


@pytest.mark.parametrize("path", ADMIN_GETS)
def test_admin_opens_admin_pages(admin, path):
    assert admin.get(path).status_code == 200


def test_moderator_cannot_change_lists_or_accounts(app, moderator, accounts):
    from service.extensions import db
    from service.models import WordListEntry

    with app.app_context():
        entry = WordListEntry(kind="banned", term="zorglub", aliases="")
        db.session.add(entry)
        db.session.commit()
        entry_id = entry.id
    token = page_token(moderator, "/dashboard/words/banned")
    posts = [
        ("/dashboard/words/banned", {"term": "blorp"}),
        (f"/dashboard/words/entry/{entry_id}/delete", {}),
        (f"/dashboard/admin/moderators/{accounts['huda']}/active", {}),
        ("/dashboard/admin/thresholds", {"reset": "1"}),
    ]
    for path, data in posts:
        assert moderator.post(path, data={**data, "csrf_token": token}).status_code == 403, path
    page = moderator.get("/dashboard/words/banned").get_data(as_text=True)
    assert "zorglub" in page and "blorp" not in page


# -- the queue --------------------------------------------------------------------------------
QUEUE = [
    Spec("old and calm", hours_ago=30, verdict="review", reasons=(("off_topic", 0.62, ""),)),
    Spec("you idiot", hours_ago=20, verdict="reject", reasons=(("offense", 0.93, "idiot"),)),
    Spec("يا حمار", lang="ar", article="a2", hours_ago=10, verdict="reject",
         reasons=(("offense", 0.88, "حمار"),)),
    Spec("buy followers now", hours_ago=5, verdict="reject", reasons=(("spam", 0.97, "buy"),)),
    Spec("تعليق جميل", lang="ar", article="a2", hours_ago=2),
    Spec("already out", hours_ago=3, status="published"),
    Spec("gone", hours_ago=4, status="deleted"),
]  # fmt: skip


@pytest.fixture
def queue_ids(app):
    return add_comments(app, QUEUE)


def _expected(ids, keep, key=None, reverse=False):
    pairs = [(i, s) for i, s in zip(ids, QUEUE, strict=True) if keep(s)]
    if key is not None:
        pairs.sort(key=lambda p: key(p[1]), reverse=reverse)
    return [i for i, _ in pairs]


def _risk(spec: Spec) -> float:
    return max((score or 0.0 for _, score, _ in spec.reasons), default=0.0)


@pytest.mark.parametrize(
    ("order", "key", "reverse"),
    [
        ("oldest", lambda s: -s.hours_ago, False),
        ("newest", lambda s: -s.hours_ago, True),
        ("risk", _risk, True),
    ],
)
def test_pending_queue_order_is_switchable(app, admin, queue_ids, order, key, reverse):
    r = admin.get(f"/dashboard/queue?order={order}")
    expected = _expected(queue_ids, lambda s: s.status == "pending", key, reverse)
    assert shown_ids(r) == expected


def test_pending_queue_defaults_to_oldest_first(admin, queue_ids):
    expected = _expected(queue_ids, lambda s: s.status == "pending", lambda s: -s.hours_ago)
    assert shown_ids(admin.get("/dashboard/queue")) == expected


@pytest.mark.parametrize(
    ("query", "keep"),
    [
        ("reason=offense", lambda s: any(r[0] == "offense" for r in s.reasons)),
        ("reason=off_topic", lambda s: any(r[0] == "off_topic" for r in s.reasons)),
        ("lang=ar", lambda s: s.lang == "ar"),
        ("article=a2", lambda s: s.article == "a2"),
        ("verdict=reject", lambda s: s.verdict == "reject"),
        ("verdict=review", lambda s: s.verdict == "review"),
        ("verdict=approve", lambda s: s.verdict == "approve"),
        ("q=IDIOT", lambda s: "idiot" in s.text),
        ("q=حمار", lambda s: "حمار" in s.text),
    ],
)
def test_queue_filters(admin, queue_ids, query, keep):
    shown = set(shown_ids(admin.get(f"/dashboard/queue?{query}")))
    assert shown == set(_expected(queue_ids, lambda s: s.status == "pending" and keep(s)))


def test_queue_badges_show_the_three_outcomes(admin, queue_ids):
    html = admin.get("/dashboard/queue").get_data(as_text=True)
    for outcome in ("approve", "review", "reject"):
        assert f'class="badge v-{outcome}"' in html


@pytest.mark.parametrize("bound", ["since", "until"])
def test_queue_date_filters(admin, queue_ids, bound):
    # Days are the site's days (RAQIB_TIMEZONE, default Asia/Amman), not UTC's.
    from zoneinfo import ZoneInfo

    zone = ZoneInfo(admin.application.config["TIMEZONE"])
    now = datetime.now(UTC)
    today = now.astimezone(zone).date()
    midnight = datetime(today.year, today.month, today.day, tzinfo=zone)
    day = today if bound == "since" else today - timedelta(days=1)
    shown = set(shown_ids(admin.get(f"/dashboard/queue?{bound}={day.isoformat()}")))

    def keep(s: Spec) -> bool:
        created = now - timedelta(hours=s.hours_ago)
        is_today = created >= midnight
        return s.status == "pending" and (is_today if bound == "since" else not is_today)

    assert shown == set(_expected(queue_ids, keep))


@pytest.mark.parametrize("status", ["published", "deleted", "pending"])
def test_queue_tabs_show_one_status(admin, queue_ids, status):
    shown = set(shown_ids(admin.get(f"/dashboard/queue?status={status}")))
    assert shown == set(_expected(queue_ids, lambda s: s.status == status))


def test_queue_pages_by_fifty_without_a_query_per_row(app, admin):
    from service.extensions import db

    specs = [Spec(f"comment {i}", article=f"a{i % 7}", hours_ago=200 - i) for i in range(120)]
    ids = add_comments(app, specs)
    statements: list[str] = []
    with app.app_context():
        engine = db.engine

    def count(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        first = admin.get("/dashboard/queue")
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert shown_ids(first) == ids[:50]
    assert len(statements) < 12, statements
    assert 'rel="next"' in first.get_data(as_text=True)
    last = admin.get("/dashboard/queue?offset=100")
    assert shown_ids(last) == ids[100:]
    assert 'rel="next"' not in last.get_data(as_text=True)


# -- decisions --------------------------------------------------------------------------------
def _decide(client, comment_id, action, *, reason_code="", as_json=False, note="", **extra):
    token = page_token(client, f"/dashboard/comments/{comment_id}")
    data = {"action": action, "reason_code": reason_code, "note": note, "csrf_token": token}
    if action == "delete":
        # Deleting has its own reason menu.
        data["delete_code"] = reason_code
    data.update(extra)
    headers = {"Accept": "application/json", "X-CSRFToken": token} if as_json else {}
    return client.post(f"/dashboard/comments/{comment_id}/decision", data=data, headers=headers)


@pytest.mark.parametrize("as_json", [False, True], ids=["form", "fetch"])
@pytest.mark.parametrize(
    ("action", "reason_code", "status", "reason"),
    [
        ("approve", "offense", "published", None),  # approving ignores the reject menu
        ("reject", "strife", "rejected", "strife"),
        ("delete", "spam", "deleted", "spam"),
    ],
)
def test_decision_changes_status_and_is_audited(
    app, admin, queue_ids, as_json, action, reason_code, status, reason
):
    cid = queue_ids[1]
    r = _decide(admin, cid, action, reason_code=reason_code, as_json=as_json)
    if as_json:
        body = r.get_json()
        assert r.status_code == 200 and body["ok"]
        assert [(x["id"], x["status"]) for x in body["results"]] == [(cid, status)]
    else:
        assert r.status_code == 302
    got, trail = stored(app, cid)
    assert got == status
    assert trail[0][:2] == ("raqib", "verdict")
    assert trail[-1] == ("huda", action, "pending", status, reason)


def test_reject_needs_a_reason_code(app, admin, queue_ids):
    r = _decide(admin, queue_ids[0], "reject", as_json=True)
    assert r.status_code == 400
    assert stored(app, queue_ids[0])[0] == "pending"


def test_note_is_kept_in_the_audit_log(app, admin, queue_ids):
    _decide(admin, queue_ids[0], "reject", reason_code="other", note="doxxing a neighbour")
    assert stored(app, queue_ids[0])[1][-1][-1] == "other: doxxing a neighbour"


def test_published_comment_can_be_deleted_later(app, admin, queue_ids):
    cid = queue_ids[0]
    _decide(admin, cid, "approve")
    _decide(admin, cid, "delete", reason_code="offense")
    status, trail = stored(app, cid)
    assert status == "deleted"
    assert [t[1:4] for t in trail[1:]] == [
        ("approve", "pending", "published"),
        ("delete", "published", "deleted"),
    ]


@pytest.mark.parametrize("as_json", [False, True], ids=["form", "fetch"])
def test_bulk_action_applies_to_every_selected_comment(app, admin, queue_ids, as_json):
    chosen = queue_ids[1:4]
    token = page_token(admin, "/dashboard/queue")
    headers = {"Accept": "application/json", "X-CSRFToken": token} if as_json else {}
    r = admin.post(
        "/dashboard/comments/bulk",
        data={"ids": [str(i) for i in chosen], "action": "reject", "reason_code": "offense",
              "csrf_token": token},
        headers=headers,
    )  # fmt: skip
    assert r.status_code == (200 if as_json else 302)
    for cid in chosen:
        status, trail = stored(app, cid)
        assert status == "rejected"
        assert trail[-1] == ("huda", "reject", "pending", "rejected", "offense")
    assert stored(app, queue_ids[0])[0] == "pending"


def test_bulk_action_without_selection_changes_nothing(app, admin, queue_ids):
    token = page_token(admin, "/dashboard/queue")
    r = admin.post(
        "/dashboard/comments/bulk",
        data={"action": "approve", "csrf_token": token},
        headers={"Accept": "application/json"},
    )
    assert r.status_code == 400
    assert all(stored(app, i)[0] == s.status for i, s in zip(queue_ids, QUEUE, strict=True))


# -- audit log --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("query", "expected_actors"),
    [("actor=sami", {"sami"}), ("action=verdict", {"raqib"}), ("action=reject", {"sami"})],
)
def test_audit_log_filters(client, accounts, app, queue_ids, query, expected_actors):
    login(client, "sami")
    _decide(client, queue_ids[0], "reject", reason_code="spam")
    html = client.get(f"/dashboard/audit?{query}").get_data(as_text=True)
    rows = re.findall(r'<tr class="(auto|human)">\s*<td[^>]*><time[^>]*>[^<]*</time></td>\s*'
                      r"<td>(.*?)</td>", html, re.S)  # fmt: skip
    assert rows
    actors = {"raqib" if kind == "auto" else re.sub(r"</?bdi>", "", who) for kind, who in rows}
    assert actors == expected_actors


# -- word lists, watchlist, thresholds --------------------------------------------------------
def _version(app) -> int:
    from service.engine import wordlist_version

    with app.app_context():
        return wordlist_version()


def _add_word(client, kind, term, aliases=""):
    token = page_token(client, f"/dashboard/words/{kind}")
    return client.post(
        f"/dashboard/words/{kind}", data={"term": term, "aliases": aliases, "csrf_token": token}
    )


def test_word_list_change_applies_to_the_next_verdict(app, admin):
    comment = {"comment": "What a zorglub take on the coalition's statement."}
    before = admin.post("/api/v1/check", json=comment).get_json()
    assert "banned_word" not in {r["code"] for r in before["reasons"]}
    assert _add_word(admin, "banned", "zorglub").status_code == 302
    after = admin.post("/api/v1/check", json=comment).get_json()
    assert after["verdict"] == "reject"
    banned = [r for r in after["reasons"] if r["code"] == "banned_word"]
    assert banned and banned[0]["spans"][0]["text"] == "zorglub"


@pytest.mark.parametrize("kind", ["banned", "suspect", "personality"])
def test_list_edits_bump_the_shared_version(app, admin, kind):
    from service.extensions import db
    from service.models import WordListEntry

    start = _version(app)
    assert _add_word(admin, kind, "Zorglub Blorp", "زورغلوب|zorg").status_code == 302
    assert _version(app) == start + 1
    with app.app_context():
        entry = db.session.scalar(select(WordListEntry).where(WordListEntry.kind == kind))
        assert (entry.term, entry.aliases, entry.created_by) == (
            "Zorglub Blorp", "زورغلوب|zorg", "huda"
        )  # fmt: skip
        entry_id = entry.id
    token = page_token(admin, f"/dashboard/words/{kind}")
    admin.post(f"/dashboard/words/entry/{entry_id}/delete", data={"csrf_token": token})
    assert _version(app) == start + 2
    with app.app_context():
        assert db.session.get(WordListEntry, entry_id) is None


@pytest.mark.parametrize("again", ["حمــار", "حَمار", "7mar"])
def test_same_word_after_normalisation_is_refused(app, admin, again):
    assert _add_word(admin, "banned", "حمار").status_code == 302
    r = _add_word(admin, "banned", again)
    assert r.status_code == 400
    assert "Already on this list" in r.get_data(as_text=True)


def _thresholds(client, values):
    token = page_token(client, "/dashboard/admin/thresholds")
    return client.post("/dashboard/admin/thresholds", data={**values, "csrf_token": token})


def _threshold_form(reject: float, review: float) -> dict[str, str]:
    form = {}
    for c in CATEGORIES:
        form[f"reject_{c}"], form[f"review_{c}"] = str(reject), str(review)
    return form


def test_thresholds_saved_take_effect(app, admin):
    start = _version(app)
    assert _thresholds(admin, _threshold_form(0.7, 0.3)).status_code == 302
    assert _version(app) == start + 1
    with app.app_context():
        reject, review = app.extensions["raqib"].thresholds()
    assert set(reject.values()) == {0.7} and set(review.values()) == {0.3}


@pytest.mark.parametrize(
    ("reject", "review"), [(0.5, 0.6), (1.2, 0.5), (0.8, -0.1)], ids=["review>reject", ">1", "<0"]
)
def test_invalid_thresholds_are_refused(app, admin, reject, review):
    with app.app_context():
        before = app.extensions["raqib"].thresholds()
    assert _thresholds(admin, _threshold_form(reject, review)).status_code == 400
    with app.app_context():
        assert app.extensions["raqib"].thresholds() == before


def test_admin_adds_a_moderator_who_can_sign_in(app, admin):
    token = page_token(admin, "/dashboard/admin/moderators")
    r = admin.post(
        "/dashboard/admin/moderators",
        data={"username": "rana", "password": "long enough pw", "role": "moderator",
              "csrf_token": token},
    )  # fmt: skip
    assert r.status_code == 200
    assert re.search(r"rqb_[\w-]{20,}", r.get_data(as_text=True))
    other = app.test_client()
    assert login(other, "rana", "long enough pw").status_code == 302


# -- security ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("path", "data"),
    [
        ("/dashboard/login", {"username": "huda", "password": PASSWORD}),
        ("/dashboard/logout", {}),
        ("/dashboard/language", {"lang": "ar"}),
        ("/dashboard/comments/{cid}/decision", {"action": "approve"}),
        ("/dashboard/comments/bulk", {"action": "approve", "ids": "{cid}"}),
        ("/dashboard/words/banned", {"term": "zorglub"}),
    ],
)
def test_posts_without_csrf_token_are_refused(app, admin, queue_ids, path, data):
    cid = str(queue_ids[0])
    path = path.format(cid=cid)
    r = admin.post(path, data={k: v.format(cid=cid) for k, v in data.items()})
    assert r.status_code == 400
    assert "The form has expired" in r.get_data(as_text=True)
    assert stored(app, queue_ids[0])[0] == "pending"


XSS = '<script>window.__xss=1</script><img src=x onerror="alert(1)">'


@pytest.mark.parametrize("where", ["queue", "comment", "audit"])
def test_markup_in_comments_is_shown_escaped(app, admin, where):
    text = f"nice {XSS} idiot"
    (cid,) = add_comments(
        app, [Spec(text, name=XSS, verdict="reject", reasons=(("offense", 0.9, "idiot"),))]
    )
    path = {"queue": "/dashboard/queue", "comment": f"/dashboard/comments/{cid}",
            "audit": "/dashboard/audit"}[where]  # fmt: skip
    html = admin.get(path).get_data(as_text=True)
    assert "<script>window" not in html and "<img src=x" not in html
    assert "&lt;script&gt;window.__xss=1&lt;/script&gt;" in html


def _mark(code: str, title: str, text: str) -> str:
    return f'<mark class="ev ev-{code}" title="{title}">{text}</mark>'


@pytest.mark.parametrize(
    ("text", "reasons", "expected"),
    [
        ("you idiot", [("offense", 4, 9, "idiot")], "you " + _mark("offense", "Offense", "idiot")),
        ("a<b>c", [("spam", 1, 4, "<b>")], "a" + _mark("spam", "Spam", "&lt;b&gt;") + "c"),
        (
            "abcdef",
            [("offense", 0, 4, "abcd"), ("spam", 2, 6, "cdef")],
            _mark("offense", "Offense", "ab")
            + _mark("offense", "Offense, Spam", "cd")
            + _mark("spam", "Spam", "ef"),
        ),
        ("abc", [("offense", 1, 9, "bc")], "abc"),  # out of range: ignored
        ("abc", [("offense", 0, 1, "z")], "abc"),  # text does not match: ignored
        ("<i>", [], "&lt;i&gt;"),
        ("x", [('"><script>', 0, 1, "x")], _mark("other", "&#34;&gt;&lt;script&gt;", "x")),
        ("يا حمار", [("offense", 3, 7, "حمار")], "يا " + _mark("offense", "Offense", "حمار")),
    ],
)
def test_highlight_escapes_every_piece(app, text, reasons, expected):
    from service.dashboard.views import highlight

    stored_reasons = [
        {"code": code, "spans": [{"start": s, "end": e, "text": t}]} for code, s, e, t in reasons
    ]
    with app.test_request_context():
        assert str(highlight(text, stored_reasons)) == expected


@pytest.mark.parametrize(
    "path",
    ["/dashboard/login?next=/dashboard/queue", "/dashboard/queue", "/dashboard/static/dashboard.js",
     "/dashboard/nope",
     "/dashboard/admin/thresholds"],
)  # fmt: skip
def test_security_headers_on_dashboard_responses(moderator, path):
    r = moderator.get(path)
    assert r.status_code in (200, 302, 403, 404)
    csp = r.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "style-src 'self'" in csp
    assert "'unsafe-inline'" not in csp
    assert r.headers["X-Frame-Options"] == "DENY"
    assert r.headers["Referrer-Policy"] == "same-origin"
    assert r.headers["X-Content-Type-Options"] == "nosniff"


def test_pages_have_no_inline_scripts_or_styles(admin, queue_ids):
    for path in ("/dashboard/queue", f"/dashboard/comments/{queue_ids[1]}", "/dashboard/stats"):
        html = admin.get(path).get_data(as_text=True)
        assert not re.search(r"<script(?![^>]*\bsrc=)", html), path
        assert " style=" not in html and "<style" not in html, path
        assert not re.search(r"\son[a-z]+=", html), path


def test_unknown_dashboard_page_is_an_html_404(admin):
    r = admin.get("/dashboard/no/such/page")
    assert r.status_code == 404
    assert "text/html" in r.headers["Content-Type"]


# -- languages --------------------------------------------------------------------------------
def test_arabic_interface_from_accept_language(client, accounts):
    html = client.get("/dashboard/login", headers={"Accept-Language": "ar"}).get_data(as_text=True)
    assert '<html lang="ar" dir="rtl">' in html
    assert "تسجيل الدخول" in html


def test_language_switch_is_kept_in_the_session(admin, queue_ids):
    token = page_token(admin, "/dashboard/queue")
    admin.post("/dashboard/language", data={"lang": "ar", "csrf_token": token})
    html = admin.get("/dashboard/queue", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert 'dir="rtl"' in html
    assert "بانتظار المراجعة" in html and "Pending" not in html
    assert 'dir="auto"' in html  # comment text keeps its own direction
    token = page_token(admin, "/dashboard/queue")
    admin.post("/dashboard/language", data={"lang": "en", "csrf_token": token})
    assert 'dir="ltr"' in admin.get("/dashboard/queue").get_data(as_text=True)


def test_arabic_bulk_message_uses_the_right_plural(app, admin, queue_ids):
    token = page_token(admin, "/dashboard/queue")
    admin.post("/dashboard/language", data={"lang": "ar", "csrf_token": token})
    r = admin.post(
        "/dashboard/comments/bulk",
        data={
            "ids": [str(i) for i in queue_ids[:2]],
            "action": "approve",
            "include_flagged": "y",
            "csrf_token": token,
        },
        headers={"Accept": "application/json"},
    )
    assert r.get_json()["message"] == "تمت الموافقة على تعليقين."


# -- statistics -------------------------------------------------------------------------------
def test_stats_page_reports_agreement(app, admin, queue_ids):
    # queue_ids[1] was rejected by Raqib: approving it is an override; [3] agrees.
    _decide(admin, queue_ids[1], "approve")
    _decide(admin, queue_ids[3], "reject", reason_code="spam")
    html = admin.get("/dashboard/stats?days=7").get_data(as_text=True)
    assert html.count("<svg") == 4  # per day, outcomes, reasons, agreement
    assert "Overall agreement: 50% (reviewed comments: 2)." in html


@pytest.mark.parametrize(
    ("rows", "code", "expected"),
    [
        ([("reject", [{"code": "offense"}], "reject", "a")], "offense", (1, 1, 0, 0)),
        ([("reject", [{"code": "offense"}], "approve", "a")], "offense", (1, 0, 1, 0)),
        ([("approve", [], "delete", "a")], "none", (1, 0, 0, 1)),
        (
            [
                ("reject", [{"code": "spam"}], "reject", "a"),
                ("reject", [{"code": "spam"}], "approve", "b"),
            ],
            "spam",
            (2, 1, 1, 0),
        ),
    ],
)
def test_agreement_tally(rows, code, expected):
    from service.dashboard.stats import tally

    report = tally(rows)
    got = {a.code: a for a in report.by_code}[code]
    assert (got.reviewed, got.agreed, got.to_approve, got.to_reject) == expected
    assert report.overall.reviewed == len(rows)


def test_svg_chart_escapes_labels():
    from service.dashboard.stats import hbars

    svg = str(hbars([("<b>x</b>", 1.0, "1")], "t<i>"))
    assert "<b>" not in svg and "&lt;b&gt;x&lt;/b&gt;" in svg and "t&lt;i&gt;" in svg
