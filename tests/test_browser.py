"""The dashboard in a real browser: Playwright driving Debian's Chromium against a live server."""

from __future__ import annotations

import re
import threading
import uuid
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
if not Path(CHROMIUM).exists():
    pytest.skip(
        f"browser tests skipped: no Chromium at {CHROMIUM} (apt-get install chromium)",
        allow_module_level=True,
    )
playwright_api = pytest.importorskip(
    "playwright.sync_api", reason="browser tests skipped: playwright is not installed"
)
expect = playwright_api.expect

pytestmark = pytest.mark.browser

PASSWORD = "browser password"
CURRENT = re.compile(r"\bcurrent\b")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    """A live server on a temporary SQLite database, with an admin account; yields (app, url)."""
    from argon2 import PasswordHasher
    from conftest import make_app
    from werkzeug.serving import make_server

    from service.auth import create_moderator
    from service.dashboard import init_dashboard
    from service.extensions import db
    from service.models import Article

    tmp = tmp_path_factory.mktemp("browser")
    with pytest.MonkeyPatch.context() as mp:
        # Cheap argon2 parameters: every test signs in.
        mp.setattr("service.auth._hasher", PasswordHasher(time_cost=1, memory_cost=1024))
        app = make_app(tmp, f"sqlite:///{tmp / 'browser.sqlite3'}")
        if "dashboard" not in app.blueprints:
            init_dashboard(app)
        app.config["WTF_CSRF_ENABLED"] = True
        with app.app_context():
            create_moderator("huda", role="admin", password=PASSWORD)
            db.session.add(Article(id="b1", title="Browser article", body="", language="en"))
            db.session.commit()
        server = make_server("127.0.0.1", 0, app, threaded=True)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield app, f"http://127.0.0.1:{server.server_port}"
        finally:
            server.shutdown()
            thread.join(timeout=5)


@pytest.fixture(scope="module")
def browser_context(tmp_path_factory):
    """Chromium with an empty profile directory."""
    profile = tmp_path_factory.mktemp("chromium-profile")
    with playwright_api.sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(profile),
            executable_path=CHROMIUM,
            headless=True,
            args=CHROMIUM_ARGS,
            viewport={"width": 1280, "height": 900},
            locale="en-US",
        )
        context.set_default_timeout(10_000)
        yield context
        context.close()


@pytest.fixture
def page(live, browser_context):
    """A page signed in as the admin; fails the test on any Content-Security-Policy violation."""
    _, base = live
    browser_context.clear_cookies()
    page = browser_context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(f"{base}/dashboard/login")
    page.fill("input[name=username]", "huda")
    page.fill("input[name=password]", PASSWORD)
    page.click("form.login button")
    page.wait_for_url("**/dashboard/queue")
    page.base = base  # type: ignore[attr-defined]
    yield page
    page.close()
    assert not [e for e in errors if "Content Security Policy" in e], errors


def seed(app, texts: list[str], *, status: str = "pending", name: str = "Reader") -> list[int]:
    """Store comments through the service's store, as the API would."""
    from service.core import CATEGORIES, Reason, Span, Verdict
    from service.extensions import db
    from service.store import create_comment

    ids = []
    with app.app_context():
        for text in texts:
            at = text.find("idiot")
            spans = (Span(at, at + 5, "idiot"),)
            reasons = (Reason("offense", "rule", 0.9, spans),) if at >= 0 else ()
            scores = dict.fromkeys(CATEGORIES, 0.0) | ({"offense": 0.9} if reasons else {})
            comment = create_comment(
                article_id="b1",
                name=name,
                email="reader@example.com",
                show_email=False,
                body=text,
                verdict=Verdict("reject" if reasons else "approve", "pending", reasons, scores,
                                "en", "t-1"),
                ip=None,
                user_agent=None,
                secret="browser",
            )  # fmt: skip
            comment.status = status
            db.session.commit()
            ids.append(comment.id)
    return ids


def status_of(app, comment_id: int) -> tuple[str, str | None]:
    """The stored status and the reason of the latest decision."""
    from service.extensions import db
    from service.models import Comment

    with app.app_context():
        c = db.session.get(Comment, comment_id)
        return c.status, c.decisions[-1].reason


def tag() -> str:
    """A unique word to find this test's comments with the queue's search."""
    return "t" + uuid.uuid4().hex[:10]


def open_queue(page, marker: str, status: str = "pending"):
    """Open the queue tab showing only this test's comments."""
    page.goto(f"{page.base}/dashboard/queue?status={status}&q={marker}")
    # A flag on the window survives in-place updates and disappears on a reload.
    page.evaluate("window.__noReload = true")


def test_login_redirects_back_to_the_queue(live, browser_context):
    _, base = live
    browser_context.clear_cookies()
    page = browser_context.new_page()
    page.goto(f"{base}/dashboard/queue?status=rejected")
    assert "/dashboard/login" in page.url
    page.fill("input[name=username]", "huda")
    page.fill("input[name=password]", PASSWORD)
    page.click("form.login button")
    page.wait_for_url("**/dashboard/queue?status=rejected")
    expect(page.locator(".top .who")).to_contain_text("huda")
    page.close()


def test_approve_and_reject_update_rows_in_place(live, page):
    app, _ = live
    marker = tag()
    first, second = seed(app, [f"{marker} fine comment", f"{marker} you idiot"])
    open_queue(page, marker)
    page.locator(f"#c-{first} button[value=approve]").click()
    expect(page.locator(f"#c-{first} [data-status]")).to_have_text("Published")
    row = page.locator(f"#c-{second}")
    row.locator("select[name=reason_code]").select_option("spam")
    row.locator("button[value=reject]").click()
    expect(row.locator("[data-status]")).to_have_text("Rejected")
    assert page.evaluate("window.__noReload") is True
    assert status_of(app, first) == ("published", None)
    assert status_of(app, second) == ("rejected", "spam")


def test_delete_a_published_comment(live, page):
    app, _ = live
    marker = tag()
    (cid,) = seed(app, [f"{marker} published then regretted"], status="published")
    open_queue(page, marker, status="published")
    page.locator(f"#c-{cid} button[value=delete]").click()
    expect(page.locator(f"#c-{cid} [data-status]")).to_have_text("Deleted")
    assert status_of(app, cid)[0] == "deleted"


def test_bulk_reject_of_selected_rows(live, page):
    app, _ = live
    marker = tag()
    ids = seed(app, [f"{marker} one", f"{marker} two", f"{marker} three"])
    open_queue(page, marker)
    for cid in ids[:2]:
        page.check(f"#c-{cid} input[name=ids]")
    expect(page.locator("#selected-count")).to_contain_text("2")
    bulk = page.locator("#bulk")
    bulk.locator("select[name=reason_code]").select_option("off_topic")
    bulk.locator("button[value=reject]").click()
    for cid in ids[:2]:
        expect(page.locator(f"#c-{cid} [data-status]")).to_have_text("Rejected")
    assert [status_of(app, cid) for cid in ids[:2]] == [("rejected", "off_topic")] * 2
    assert status_of(app, ids[2])[0] == "pending"


def test_keyboard_shortcuts(live, page):
    app, _ = live
    marker = tag()
    ids = seed(app, [f"{marker} first", f"{marker} second", f"{marker} third"])
    open_queue(page, marker)
    rows = [page.locator(f"#c-{cid}") for cid in ids]
    expect(rows[0]).to_have_class(CURRENT)
    page.keyboard.press("j")
    expect(rows[1]).to_have_class(CURRENT)
    page.keyboard.press("a")  # approves the second, then moves on
    expect(rows[1].locator("[data-status]")).to_have_text("Published")
    expect(rows[2]).to_have_class(CURRENT)
    page.keyboard.press("k")
    page.keyboard.press("k")
    expect(rows[0]).to_have_class(CURRENT)
    page.keyboard.press("x")
    expect(rows[0].locator("input[name=ids]")).to_be_checked()
    page.keyboard.press("d")  # acts on the selection
    expect(rows[0].locator("[data-status]")).to_have_text("Deleted")
    page.keyboard.press("Shift+Slash")
    expect(page.locator("#help")).to_be_visible()
    page.keyboard.press("Escape")
    expect(page.locator("#help")).to_be_hidden()
    assert [status_of(app, cid)[0] for cid in ids] == ["deleted", "published", "pending"]


def test_keys_move_across_pages_and_skip_decided_rows(live, page):
    app, _ = live
    marker = tag()
    ids = seed(app, [f"{marker} number {i}" for i in range(52)])
    open_queue(page, marker)
    page.locator(f"#c-{ids[49]} .text").click()  # the last row of the first page
    page.keyboard.press("a")  # approved: it leaves the pending tab
    expect(page.locator(f"#c-{ids[49]} [data-status]")).to_have_text("Published")
    page.keyboard.press("j")
    # One row of page 1 was decided, so page 2 starts one row earlier: nothing is skipped.
    page.wait_for_url(re.compile(rf"offset=49#after-{ids[49]}$"))
    expect(page.locator(f"#c-{ids[50]}")).to_have_class(CURRENT)
    page.keyboard.press("k")  # back to page 1, on the row before the one we left
    page.wait_for_url(re.compile(rf"#before-{ids[50]}$"))
    expect(page.locator(f"#c-{ids[48]}")).to_have_class(CURRENT)


def test_word_list_change_applies_to_the_next_verdict(live, page):
    word = "blorp" + uuid.uuid4().hex[:6]
    comment = {"comment": f"What a {word} statement from the coalition."}
    before = page.request.post(f"{page.base}/api/v1/check", data=comment).json()
    assert "banned_word" not in {r["code"] for r in before["reasons"]}
    page.goto(f"{page.base}/dashboard/words/banned")
    page.fill("form.add-word input[name=term]", word)
    page.click("form.add-word button")
    expect(page.locator(".flash-success")).to_contain_text(word)
    after = page.request.post(f"{page.base}/api/v1/check", data=comment).json()
    assert after["verdict"] == "reject"
    assert "banned_word" in {r["code"] for r in after["reasons"]}


def test_form_posted_without_its_csrf_token_is_refused(live, page):
    app, _ = live
    marker = tag()
    (cid,) = seed(app, [f"{marker} forged"])
    open_queue(page, marker)
    # A plain form like another site would post: the same fields, minus the token.
    page.evaluate(
        """(cid) => {
            const f = document.createElement('form');
            f.method = 'post';
            f.action = '/dashboard/comments/' + cid + '/decision';
            const i = document.createElement('input');
            i.name = 'action'; i.value = 'approve';
            f.appendChild(i);
            document.body.appendChild(f);
            f.submit();
        }""",
        cid,
    )
    page.wait_for_load_state()
    expect(page.locator("h1")).to_contain_text("The form has expired")
    assert status_of(app, cid)[0] == "pending"


def test_script_in_a_comment_is_shown_as_text_and_never_runs(live, page):
    app, _ = live
    marker = tag()
    payload = "<script>window.__xss=1</script>"
    (cid,) = seed(app, [f"{marker} {payload} idiot"], name=payload)
    open_queue(page, marker)
    expect(page.locator(f"#c-{cid} .text")).to_contain_text(payload)
    assert page.evaluate("typeof window.__xss") == "undefined"
    page.goto(f"{page.base}/dashboard/comments/{cid}")
    expect(page.locator("#comment-text")).to_contain_text(payload)
    expect(page.locator("#comment-text mark.ev")).to_have_text("idiot")
    assert page.evaluate("typeof window.__xss") == "undefined"


def test_api_docs_render_under_the_dashboards_content_security_policy(live, browser_context):
    _, base = live
    page = browser_context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    response = page.goto(f"{base}/api/docs")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    expect(page.locator(".opblock").first).to_be_visible()
    assert page.locator(".opblock").count() > 5
    page.close()
    assert not [e for e in errors if "Content Security Policy" in e], errors
