"""The embed in a real browser: a news site on another origin (with a strict CSP) embeds the
thread with one line; readers fetch and refresh the code, post in English and Arabic, see the
pending notice, a moderator approves in the dashboard, and the comment appears in the thread.

Playwright drives Debian's Chromium (skips where it is absent).  The verification code is fixed
at 4821 for the test (``service.captcha.new_code``), as a reader would read it off the image.
"""

from __future__ import annotations

import re
import threading
import uuid
from urllib.parse import urlsplit

import pytest

from tests.browsers import CHROMIUM, CHROMIUM_ARGS, playwright_or_skip

playwright_api = playwright_or_skip()
expect = playwright_api.expect

pytestmark = pytest.mark.browser

CODE = "4821"
PASSWORD = "browser password"
SIGNING_KEY = "site-template-key"


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    """Raqib (127.0.0.1) and a news site (localhost), each on its own port; yields a dict."""
    from argon2 import PasswordHasher
    from werkzeug.serving import make_server

    from service.auth import create_moderator
    from service.dashboard import init_dashboard
    from service.embed.register import signature
    from service.extensions import db
    from service.models import Article
    from tests.conftest import make_app
    from tests.embed_site import ARTICLE_AR, ARTICLE_EN, Site, article_page

    tmp = tmp_path_factory.mktemp("embed-browser")
    with pytest.MonkeyPatch.context() as mp, Site(raqib="") as site:
        mp.setattr("service.auth._hasher", PasswordHasher(time_cost=1, memory_cost=1024))
        mp.setattr("service.captcha.new_code", lambda length: CODE)
        app = make_app(
            tmp,
            f"sqlite:///{tmp / 'embed.sqlite3'}",
            SITE_DOMAINS=f"localhost:{site.port}",
            SITE_NAME="Ammon News|عمون",
            EMBED_REGISTER="signed",
            EMBED_SECRET=SIGNING_KEY,
        )
        if "dashboard" not in app.blueprints:
            init_dashboard(app)
        app.config["WTF_CSRF_ENABLED"] = True
        with app.app_context():
            _, token = create_moderator("huda", role="admin", password=PASSWORD)
            db.session.add(
                Article(id="raqqa-en", title=ARTICLE_EN[0], body=ARTICLE_EN[1], language="en")
            )
            db.session.add(
                Article(id="raqqa-ar", title=ARTICLE_AR[0], body=ARTICLE_AR[1], language="ar")
            )
            db.session.commit()
        server = make_server("127.0.0.1", 0, app, threaded=True)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        raqib = f"http://127.0.0.1:{server.server_port}"
        site.raqib = raqib
        site.pages["/en.html"] = article_page(raqib, "en", "raqqa-en")
        site.pages["/ar.html"] = article_page(raqib, "ar", "raqqa-ar", ' data-refresh="2"')
        new_title = "Raqqa: the convoy's route"
        sig = signature(SIGNING_KEY, "raqqa-new", new_title, "https://news.example/raqqa-new", "en")
        site.pages["/new.html"] = article_page(
            raqib,
            "en",
            "raqqa-new",
            f' data-title="{new_title}" data-url="https://news.example/raqqa-new" data-lang="en"'
            f' data-signature="{sig}" data-body-selector=".article-body"',
        )
        try:
            yield {
                "app": app,
                "raqib": raqib,
                "site": site.origin,
                "token": token,
                "pages": site.pages,
            }
        finally:
            server.shutdown()
            thread.join(timeout=5)


@pytest.fixture(scope="module")
def browser():
    with playwright_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=list(CHROMIUM_ARGS))
        yield b
        b.close()


@pytest.fixture
def page(world, browser):
    """A fresh page; fails the test on any CSP violation or request to a third origin."""
    context = browser.new_context(viewport={"width": 1100, "height": 1400}, locale="en-US")
    context.set_default_timeout(10_000)
    page = context.new_page()
    errors: list[str] = []
    origins: set[str] = set()
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("request", lambda r: origins.add(_origin(r.url)))
    yield page
    context.close()
    assert not [e for e in errors if "Content Security Policy" in e], errors
    assert origins <= {world["site"], world["raqib"], "data:"}, origins


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.netloc else f"{parts.scheme}:"


def shadow(page, expression: str):
    """Evaluate ``expression`` with ``root`` bound to the embed's shadow root."""
    root = "document.querySelector('#raqib').shadowRoot"
    return page.evaluate(f"(() => {{ const root = {root}; return {expression}; }})()")


def focused(page) -> str:
    """The name (or text) of the control focused inside the embed."""
    return shadow(
        page,
        "(root.activeElement && (root.activeElement.getAttribute('name') "
        "|| root.activeElement.textContent.trim())) || ''",
    )


def fill(page, *, name: str, comment: str, email: str = "", show: bool = False, code: str = CODE):
    page.locator("#raqib input[name=name]").click()  # starting on the form fetches the code
    expect(page.locator("#raqib img.code-img")).to_have_attribute("src", re.compile(r"^data:"))
    page.locator("#raqib input[name=name]").fill(name)
    page.locator("#raqib input[name=email]").fill(email)
    if show:
        page.locator("#raqib input[name=show_email]").check()
    page.locator("#raqib textarea[name=comment]").fill(comment)
    page.locator("#raqib input[name=captcha_answer]").fill(code)


def approve_in_dashboard(world, browser, marker: str) -> None:
    context = browser.new_context(locale="en-US")
    page = context.new_page()
    page.goto(f"{world['raqib']}/dashboard/login")
    page.fill("input[name=username]", "huda")
    page.fill("input[name=password]", PASSWORD)
    page.click("form.login button")
    page.wait_for_url("**/dashboard/queue")
    page.goto(f"{world['raqib']}/dashboard/queue?status=pending&q={marker}")
    row = page.locator("li.row").filter(has_text=marker)
    row.locator("button[value=approve]").click()
    expect(row.locator("[data-status]")).to_have_text("Published")
    context.close()


def test_english_reader_posts_and_sees_the_comment_once_approved(world, browser, page):
    marker = "m" + uuid.uuid4().hex[:8]
    page.goto(f"{world['site']}/en.html")
    expect(page.locator("#raqib .notice")).to_contain_text(
        "All comments are reviewed and posted only if approved."
    )
    expect(page.locator("#raqib .notice")).to_contain_text("Ammon News reserves the right")
    img = page.locator("#raqib img.code-img")
    expect(img).to_be_hidden()  # no code is issued until the reader starts on the form
    page.locator("#raqib input[name=name]").click()
    expect(img).to_have_attribute("src", re.compile(r"^data:image/png;base64,"))
    first = img.get_attribute("src")
    page.locator("#raqib button.link", has_text="Refresh").click()
    expect(page.locator("#raqib .status")).to_have_text("A new verification code is shown.")
    assert img.get_attribute("src") != first

    text = f"{marker}: how did 300 fighters leave Raqqa without anyone noticing?"
    fill(page, name="Omar", email="omar@example.com", show=True, comment=text, code="0000")
    page.locator("#raqib button.send").click()
    alert = page.locator("#raqib .errors")
    expect(alert).to_contain_text("The verification code is wrong")
    expect(page.locator("#raqib input[name=captcha_answer]")).to_have_attribute(
        "aria-invalid", "true"
    )
    assert focused(page) == "captcha_answer"

    page.locator("#raqib input[name=captcha_answer]").fill(CODE)
    page.locator("#raqib button.send").click()
    status = page.locator("#raqib .status")
    expect(status).to_have_text(
        "Thank you: your comment was received. It will appear once a moderator approves it."
    )
    assert shadow(page, "root.activeElement === root.querySelector('.status')")
    expect(page.locator("#raqib .comments")).not_to_contain_text(marker)

    approve_in_dashboard(world, browser, marker)
    page.reload()
    top = page.locator("#raqib .comments li").first
    expect(top).to_contain_text(marker)
    expect(top.locator(".name")).to_have_text("Omar")
    expect(top.locator("a[href='mailto:omar@example.com']")).to_be_visible()
    expect(top.locator("time")).to_have_attribute("datetime", re.compile(r"^20"))


def test_code_typed_while_the_new_one_loads_is_kept_and_sent_with_it(world, page):
    """After a wrong code the reader types the new one before its image arrives: nothing is lost."""
    marker = "m" + uuid.uuid4().hex[:8]
    page.goto(f"{world['site']}/en.html")
    fill(page, name="Omar", comment=f"{marker}: who counted the trucks leaving Raqqa?", code="0000")
    held: list = []
    # the new code's request waits until the test releases it
    page.route("**/api/v1/captcha*", lambda route: held.append(route))
    page.locator("#raqib button.send").click()
    expect(page.locator("#raqib .errors")).to_contain_text("The verification code is wrong")
    for _ in range(200):  # synchronisation only: wait until the browser has asked for a new code
        if held:
            break
        page.wait_for_timeout(25)
    assert held, "the form did not ask for a new code after a wrong one"
    img = page.locator("#raqib img.code-img")
    expect(img).to_be_hidden()  # nothing can be read off the spent code while the new one loads
    page.locator("#raqib input[name=captcha_answer]").fill(CODE)
    page.locator("#raqib button.send").click()
    held.pop().continue_()
    expect(page.locator("#raqib .status")).to_have_text(
        "Thank you: your comment was received. It will appear once a moderator approves it."
    )


def test_arabic_reader_right_to_left_with_errors_in_arabic(world, browser, page):
    marker = "m" + uuid.uuid4().hex[:8]
    page.goto(f"{world['site']}/ar.html")
    box = page.locator("#raqib section.raqib")
    expect(box).to_have_attribute("dir", "rtl")
    expect(box).to_have_attribute("lang", "ar")
    assert shadow(page, "getComputedStyle(root.querySelector('form')).direction") == "rtl"
    expect(page.locator("#raqib .notice")).to_contain_text("جميع التعليقات تخضع للمراجعة")
    expect(page.locator("#raqib label[for$=-name]")).to_contain_text("الاسم")

    fill(page, name="", comment=f"{marker} الله يحمي المدنيين في الرقة")
    page.locator("#raqib button.send").click()
    expect(page.locator("#raqib .errors")).to_contain_text("يرجى كتابة الاسم.")
    expect(page.locator("#raqib .err:visible")).to_have_text("يرجى كتابة الاسم.")
    assert focused(page) == "name"

    page.locator("#raqib input[name=name]").fill("سلمى")
    page.locator("#raqib button.send").click()
    expect(page.locator("#raqib .status")).to_have_text(
        "شكرًا لك: وصل تعليقك، وسيظهر بعد موافقة المشرف عليه."
    )
    expect(page.locator("#raqib .comments")).not_to_contain_text(marker)
    approve_in_dashboard(world, browser, marker)
    # data-refresh="2": the approved comment appears without a reload.
    expect(page.locator("#raqib .comments li").first).to_contain_text(marker, timeout=15_000)
    expect(page.locator("#raqib .comments li").first.locator(".name")).to_have_text("سلمى")


def test_keyboard_only_in_the_seed_order(world, page):
    page.goto(f"{world['site']}/en.html")
    page.locator("#raqib input[name=name]").focus()
    expect(page.locator("#raqib img.code-img")).to_have_attribute("src", re.compile(r"^data:"))
    seen = [focused(page)]
    for _ in range(7):
        page.keyboard.press("Tab")
        seen.append(focused(page))
    assert seen == ["name", "email", "show_email", "comment", "Refresh", "Listen to the code",
                    "captcha_answer", "Send comment"]  # fmt: skip
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")  # Refresh, by keyboard
    expect(page.locator("#raqib .status")).to_have_text("A new verification code is shown.")


def test_hints_before_sending_name_the_problem(world, page):
    checks: list[str] = []
    page.on("request", lambda r: checks.append(r.url) if "/api/v1/check" in r.url else None)
    page.goto(f"{world['site']}/en.html")
    # Typed key by key: the hint is asked for once the reader pauses, not on every key.
    page.locator("#raqib textarea[name=comment]").press_sequentially(
        "You are all idiots and traitors, call +962 79 123 4567 on WhatsApp now", delay=15
    )
    hint = page.locator("#raqib .hint")
    expect(hint).to_be_visible(timeout=10_000)
    expect(hint).to_contain_text("a moderator may not approve this comment")
    page.wait_for_timeout(1200)  # past the debounce: no request is still to come
    assert len(checks) == 1, checks


def test_listen_to_the_code_gives_audio(world, page):
    page.goto(f"{world['site']}/en.html")
    page.locator("#raqib input[name=name]").click()
    img = page.locator("#raqib img.code-img")
    expect(img).to_have_attribute("src", re.compile(r"^data:image/png;base64,"))
    first = img.get_attribute("src")
    player = page.locator("#raqib audio.code-audio")
    expect(player).to_be_hidden()
    page.locator("#raqib button.link", has_text="Listen to the code").click()
    expect(player).to_be_visible()
    expect(player).to_have_attribute("src", re.compile(r"^data:audio/wav;base64,"))
    assert img.get_attribute("src") != first  # a new code, shown and spoken


def test_older_comments_page_in_newest_first(world, page):
    from service.core import CATEGORIES, Verdict
    from service.extensions import db
    from service.models import Article
    from service.store import create_comment
    from tests.embed_site import article_page

    verdict = Verdict("approve", "published", (), dict.fromkeys(CATEGORIES, 0.0), "en", "t")
    with world["app"].app_context():
        db.session.add(Article(id="raqqa-many", title="Raqqa", body="", language="en"))
        db.session.commit()
        for i in range(23):
            create_comment(
                article_id="raqqa-many", name="Omar", email=None, show_email=False,
                body=f"comment number {i:02d}", verdict=verdict, ip=None, user_agent=None,
                secret="s",
            )  # fmt: skip
    world["pages"]["/many.html"] = article_page(world["raqib"], "en", "raqqa-many")
    page.goto(f"{world['site']}/many.html")
    items = page.locator("#raqib .comments li")
    expect(items).to_have_count(20)
    expect(page.locator("#raqib .count")).to_have_text("Comments: 23")
    expect(items.first).to_contain_text("comment number 22")
    older = page.locator("#raqib button.more")
    expect(older).to_have_text("Show older comments")
    older.click()
    expect(items).to_have_count(23)
    expect(items.last).to_contain_text("comment number 00")
    expect(older).to_be_hidden()
    # Focus moves to the first of the older comments, for keyboard and screen-reader users.
    assert shadow(page, "root.activeElement === root.querySelectorAll('.comments li')[20]")


def test_the_site_themes_the_embed_with_css_variables(world, page):
    from tests.embed_site import article_page

    # In the site's own stylesheet: its CSP allows no inline style.
    world["pages"]["/theme.css"] = "#raqib { --raqib-accent: rgb(139, 0, 0); --raqib-radius: 0px; }"
    head = '<link rel="stylesheet" href="/theme.css">'
    world["pages"]["/themed.html"] = article_page(world["raqib"], "en", "raqqa-en", head=head)
    page.goto(f"{world['site']}/themed.html")
    send = page.locator("#raqib button.send")
    expect(send).to_have_css("background-color", "rgb(139, 0, 0)")
    expect(send).to_have_css("border-top-left-radius", "0px")
    expect(page.locator("#raqib .notice")).to_have_css(
        "border-inline-start-color", "rgb(139, 0, 0)"
    )


def test_published_text_is_shown_as_text_never_run(world, page):
    from service.core import CATEGORIES, Verdict
    from service.store import create_comment

    payload = "<img src=x onerror=window.__xss=1>"
    verdict = Verdict("approve", "published", (), dict.fromkeys(CATEGORIES, 0.0), "en", "t")
    with world["app"].app_context():
        create_comment(
            article_id="raqqa-en", name=payload, email=None, show_email=False,
            body=payload, verdict=verdict, ip=None, user_agent=None, secret="s",
        )  # fmt: skip
    page.goto(f"{world['site']}/en.html")
    top = page.locator("#raqib .comments li").first
    expect(top.locator(".body")).to_have_text(payload)
    expect(top.locator(".name")).to_have_text(payload)
    assert page.evaluate("typeof window.__xss") == "undefined"


def test_a_signed_page_registers_its_article(world, page):
    page.goto(f"{world['site']}/new.html")
    expect(page.locator("#raqib input[name=name]")).to_be_visible()
    with world["app"].app_context():
        from service.extensions import db
        from service.models import Article

        article = db.session.get(Article, "raqqa-new")
        assert article.title == "Raqqa: the convoy's route"
        assert article.body.startswith("The International Coalition stated")


def test_without_javascript_the_iframe_form_works(world, browser):
    context = browser.new_context(java_script_enabled=False, locale="en-US")
    page = context.new_page()
    page.goto(f"{world['site']}/en.html")
    frame = page.frame_locator("iframe")
    expect(frame.locator("p.notice-title")).to_have_text("Notice")
    frame.locator("input[name=name]").fill("Lina")
    frame.locator("textarea[name=comment]").fill("The civilians deserve to know who left.")
    old_code = frame.locator("input[name=captcha_id]").get_attribute("value")
    frame.locator("button[name=refresh]").click()  # a new code; what was typed stays
    # Wait for the reloaded form (a new code id) before typing: the old page's textarea also
    # holds the text, and an answer typed there is lost with it.
    expect(frame.locator("input[name=captcha_id]")).not_to_have_value(old_code or "")
    expect(frame.locator("textarea[name=comment]")).to_have_value(
        "The civilians deserve to know who left."
    )
    frame.locator("input[name=captcha_answer]").fill(CODE)
    frame.locator("button.send").click()
    expect(frame.locator("p.status")).to_contain_text(
        "It will appear once a moderator approves it."
    )
    context.close()
