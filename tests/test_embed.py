"""The embed through the test client: origins and CORS, the script, its configuration,
registering articles from the page, and the no-JavaScript form page (SQLite and PostgreSQL)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from service.core import CATEGORIES, Verdict
from service.embed.origins import parse
from service.embed.register import signature
from service.extensions import db
from service.store import create_comment

SITE = "https://www.news.example"
JS = Path(__file__).resolve().parent.parent / "service" / "embed" / "static" / "embed.js"


@pytest.fixture
def app_overrides():
    return {"SITE_DOMAINS": "news.example, localhost:8123, https://partner.example"}


@pytest.mark.parametrize(
    ("origin", "allowed"),
    [
        ("https://news.example", True),
        ("http://news.example", True),
        ("https://www.news.example", True),
        ("https://m.ar.news.example", True),
        ("https://news.example:8443", False),
        ("https://evilnews.example", False),
        ("https://news.example.evil.example", False),
        ("http://localhost:8123", True),
        ("http://localhost", False),
        ("https://partner.example", True),
        ("http://partner.example", False),
        ("https://sub.partner.example", False),
        ("null", False),
        ("", False),
    ],
)
def test_site_origins(origin, allowed):
    site = parse("news.example, localhost:8123, https://partner.example, bad entry!, ftp://x")
    assert site.allows(origin) is allowed


def test_no_domains_allow_no_origin():
    assert not parse("").allows("https://news.example")


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/api/v1/captcha"),
        ("GET", "/api/v1/embed/articles/raqqa-2017"),
        ("GET", "/api/v1/articles/raqqa-2017/comments"),
    ],
)
def test_cors_answers_the_site_and_no_one_else(client, article, method, path):
    ok = client.open(path, method=method, headers={"Origin": SITE})
    assert ok.headers["Access-Control-Allow-Origin"] == SITE
    assert "Origin" in ok.headers.get("Vary", "")
    assert "Access-Control-Allow-Credentials" not in ok.headers
    other = client.open(path, method=method, headers={"Origin": "https://evil.example"})
    assert "Access-Control-Allow-Origin" not in other.headers


@pytest.mark.parametrize("path", ["/api/v1/comments", "/api/v1/check", "/api/v1/embed/articles"])
def test_preflight_for_json_posts(client, path):
    r = client.options(
        path,
        headers={
            "Origin": SITE,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )
    assert r.status_code == 200
    assert r.headers["Access-Control-Allow-Origin"] == SITE
    assert "POST" in r.headers["Access-Control-Allow-Methods"]


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/api/v1/comments/1"),
        ("POST", "/api/v1/comments/1/decision"),
        ("PUT", "/api/v1/articles/x"),
        ("POST", "/api/v1/check/batch"),
        ("POST", "/api/v1/integrations/coral"),
    ],
)
def test_no_cors_on_token_or_server_endpoints(client, method, path):
    r = client.open(path, method=method, headers={"Origin": SITE})
    assert "Access-Control-Allow-Origin" not in r.headers


def test_form_errors_reach_the_site_with_cors(client, article):
    r = client.post(
        "/api/v1/comments",
        json={"article_id": article, "name": "", "comment": "x", "lang": "ar"},
        headers={"Origin": SITE},
    )
    assert r.status_code == 422
    assert r.headers["Access-Control-Allow-Origin"] == SITE
    assert r.get_json()["reasons"][0]["message"] == "يرجى كتابة الاسم."


def test_the_script_is_small_safe_and_self_contained(client):
    r = client.get("/embed.js")
    assert r.status_code == 200
    assert r.headers["Content-Type"].startswith("text/javascript")
    assert r.headers["Cross-Origin-Resource-Policy"] == "cross-origin"
    assert "max-age=3600" in r.headers["Cache-Control"]
    source = JS.read_text()
    assert len(source.encode()) < 16_000  # the README states the size
    # No HTML parsing of any text, no eval, no third-party address.
    for banned in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(",
                   "new Function", "style="):  # fmt: skip
        assert banned not in source
    assert not re.search(r"https?://(?!RAQIB)", source)


@pytest.mark.parametrize(
    ("query", "article_lang", "expected"),
    [
        ("", None, "en"),
        ("?page_lang=ar", None, "ar"),
        ("?page_lang=ar-JO", None, "ar"),
        ("", "ar", "ar"),
        ("?page_lang=en", "ar", "ar"),  # the article's language wins over the page's
        ("?lang=en", "ar", "en"),  # data-lang wins over both
        ("?lang=fr&page_lang=ar", None, "ar"),
    ],
)
def test_config_language(client, auth, query, article_lang, expected):
    body = {"title": "Raqqa", **({"language": article_lang} if article_lang else {})}
    client.put("/api/v1/articles/x1", json=body, headers=auth)
    r = client.get(f"/api/v1/embed/articles/x1{query}")
    cfg = r.get_json()
    assert cfg["known"] is True and cfg["lang"] == expected
    assert cfg["strings"]["name"] == ("الاسم" if expected == "ar" else "Name")


def test_config_of_an_unknown_article(client):
    cfg = client.get("/api/v1/embed/articles/new-one").get_json()
    assert cfg["known"] is False and cfg["register"] == "off" and cfg["captcha"] is True
    assert client.get("/api/v1/embed/articles/bad%20id").status_code == 400


def test_site_name_fills_the_notice(tmp_path):
    from tests.conftest import make_app

    app = make_app(tmp_path, f"sqlite:///{tmp_path / 'n.sqlite3'}", SITE_NAME="Ammon News|عمون")
    cfg = app.test_client().get("/api/v1/embed/articles/a?lang=en").get_json()
    assert cfg["strings"]["notice_2"].startswith("Ammon News reserves the right")
    ar = app.test_client().get("/api/v1/embed/articles/a?lang=ar").get_json()
    assert ar["strings"]["notice_2"].startswith("يحتفظ عمون بحق")
    assert cfg["strings"]["notice_1"] == "All comments are reviewed and posted only if approved."


# -- registering from the page --------------------------------------------------------------
REG = {"article_id": "p1", "title": "Raqqa convoy", "url": "https://news.example/p1",
       "language": "en", "body": "Three hundred fighters left Raqqa."}  # fmt: skip


def test_registration_is_off_by_default(client):
    r = client.post("/api/v1/embed/articles", json=REG, headers={"Origin": SITE})
    assert r.status_code == 403


class TestSigned:
    @pytest.fixture
    def app_overrides(self):
        return {
            "EMBED_REGISTER": "signed",
            "EMBED_SECRET": "site-key",
            "SITE_DOMAINS": "news.example",
        }

    def sign(self, data):
        return signature(
            "site-key", data["article_id"], data["title"], data["url"], data["language"]
        )

    def test_signed_page_creates_then_updates(self, client, app):
        r = client.post("/api/v1/embed/articles", json={**REG, "signature": self.sign(REG)})
        assert r.status_code == 201 and r.get_json()["outcome"] == "created"
        changed = {**REG, "title": "Raqqa convoy: update"}
        r = client.post("/api/v1/embed/articles", json={**changed, "signature": self.sign(changed)})
        assert r.status_code == 200 and r.get_json()["outcome"] == "updated"
        with app.app_context():
            from service.models import Article

            a = db.session.get(Article, "p1")
            assert a.title == "Raqqa convoy: update" and a.body.startswith("Three hundred")

    @pytest.mark.parametrize("sig", [None, "", "00" * 32, "not hex"])
    def test_unsigned_or_forged_is_refused_even_from_the_site(self, client, sig):
        r = client.post("/api/v1/embed/articles", json={**REG, "signature": sig},
                        headers={"Origin": SITE})  # fmt: skip
        assert r.status_code == 403

    def test_a_signature_for_another_title_is_refused(self, client):
        forged = {**REG, "title": "Something else", "signature": self.sign(REG)}
        assert client.post("/api/v1/embed/articles", json=forged).status_code == 403


class TestOrigin:
    @pytest.fixture
    def app_overrides(self):
        return {"EMBED_REGISTER": "origin", "SITE_DOMAINS": "news.example"}

    def test_the_site_creates_but_never_overwrites(self, client, app):
        r = client.post("/api/v1/embed/articles", json=REG, headers={"Origin": SITE})
        assert r.status_code == 201
        hijack = {**REG, "title": "Hijacked"}
        r = client.post("/api/v1/embed/articles", json=hijack, headers={"Origin": SITE})
        assert r.status_code == 200 and r.get_json()["outcome"] == "unchanged"
        with app.app_context():
            from service.models import Article

            assert db.session.get(Article, "p1").title == "Raqqa convoy"

    @pytest.mark.parametrize("origin", [None, "https://evil.example"])
    def test_other_origins_are_refused(self, client, origin):
        headers = {"Origin": origin} if origin else {}
        assert client.post("/api/v1/embed/articles", json=REG, headers=headers).status_code == 403

    @pytest.mark.parametrize(
        "body",
        [
            {"title": "x"},
            {"article_id": "a b", "title": "x"},
            {"article_id": "a", "title": ""},
            {"article_id": "a", "title": "x", "language": "fr"},
        ],  # fmt: skip
    )
    def test_bad_bodies_are_400(self, client, body):
        r = client.post("/api/v1/embed/articles", json=body, headers={"Origin": SITE})
        assert r.status_code == 400


# -- the no-JavaScript page -----------------------------------------------------------------
def publish(app, article, text, *, name="Salma", email=None, show=False):
    verdict = Verdict("approve", "published", (), dict.fromkeys(CATEGORIES, 0.0), "en", "t")
    with app.app_context():
        return create_comment(
            article_id=article, name=name, email=email, show_email=show, body=text,
            verdict=verdict, ip=None, user_agent=None, secret="s",
        ).id  # fmt: skip


def form_values(html: str) -> dict[str, str]:
    return dict(re.findall(r'name="(captcha_id)" value="([^"]+)"', html))


def test_page_has_the_seed_form_in_order_and_the_notice(client, article):
    r = client.get(f"/embed/{article}?lang=en")
    html = r.get_data(as_text=True)
    assert r.status_code == 200
    assert "All comments are reviewed and posted only if approved." in html
    names = ("name", "email", "show_email", "comment", "refresh", "audio", "captcha_answer")
    order = [html.index(f'name="{n}"') for n in names]
    assert order == sorted(order)
    assert 'src="data:image/png;base64,' in html
    csp = r.headers["Content-Security-Policy"]
    assert "default-src 'none'" in csp and "https://*.news.example" in csp
    assert "script-src" not in csp  # no script at all on this page
    assert "X-Frame-Options" not in r.headers  # framed by the site (frame-ancestors decides)


def test_page_in_arabic_is_rtl(client, article):
    html = client.get(f"/embed/{article}?lang=ar").get_data(as_text=True)
    assert '<html lang="ar" dir="rtl">' in html
    assert "جميع التعليقات تخضع للمراجعة" in html and "اكتب الرمز" in html


def test_page_errors_are_shown_on_the_form_in_the_readers_language(client, article):
    r = client.post(f"/embed/{article}?lang=ar", data={"name": "", "email": "x@", "comment": "نص"})
    html = r.get_data(as_text=True)
    assert r.status_code == 422
    assert "يرجى كتابة الاسم." in html and "عنوان البريد الإلكتروني غير صحيح." in html
    assert 'aria-invalid="true" aria-describedby="rq-name-err"' in html
    assert 'role="alert"' in html
    assert ">نص</textarea>" in html  # what was typed stays


def test_page_post_stores_and_redirects_to_the_received_notice(client, app, article, solve_captcha):
    cid, answer = solve_captcha()
    form = {"name": "Omar", "email": "omar@example.com", "show_email": "on",
            "comment": "How did the convoy leave Raqqa?", "captcha_id": cid,
            "captcha_answer": answer}  # fmt: skip
    r = client.post(f"/embed/{article}?lang=en", data=form)
    assert r.status_code == 303
    page = client.get(r.headers["Location"]).get_data(as_text=True)
    assert "It will appear once a moderator approves it." in page
    again = client.post(f"/embed/{article}?lang=en", data=form)  # the code is single use
    assert again.status_code == 422


def test_page_refresh_keeps_the_typed_text_and_gives_a_new_code(client, article):
    first = form_values(client.get(f"/embed/{article}").get_data(as_text=True))
    r = client.post(f"/embed/{article}", data={"name": "Omar", "comment": "draft", "refresh": "1"})
    html = r.get_data(as_text=True)
    assert r.status_code == 200 and 'value="Omar"' in html and ">draft</textarea>" in html
    assert form_values(html)["captcha_id"] != first["captcha_id"]
    audio = client.post(f"/embed/{article}", data={"name": "Omar", "audio": "1"})
    assert 'src="data:audio/wav;base64,' in audio.get_data(as_text=True)


def test_page_thread_is_newest_first_and_escaped(client, app, article):
    publish(app, article, "first comment")
    publish(app, article, "<script>alert(1)</script>", name="<b>x</b>", email="s@example.com",
            show=True)  # fmt: skip
    publish(app, article, "hidden email", email="private@example.com")
    html = client.get(f"/embed/{article}").get_data(as_text=True)
    assert html.index("hidden email") < html.index("&lt;script&gt;") < html.index("first comment")
    assert "<script>alert" not in html and "&lt;b&gt;x&lt;/b&gt;" in html
    assert "s@example.com" in html and "private@example.com" not in html


def test_unknown_article_page_is_a_404_page(client):
    r = client.get("/embed/nope?lang=ar")
    assert r.status_code == 404 and "text/html" in r.headers["Content-Type"]
    assert "التعليقات غير مفتوحة لهذا الخبر." in r.get_data(as_text=True)


def test_page_thread_is_paginated_newest_first(client, app, article):
    for i in range(23):
        publish(app, article, f"comment number {i:02d}")
    first = client.get(f"/embed/{article}?lang=en").get_data(as_text=True)
    assert first.count('<li class="comment"') == 20
    assert "Comments: 23" in first
    assert "comment number 22" in first and "comment number 03" in first
    assert "comment number 02" not in first
    older = re.search(r'<a href="([^"]+)">Show older comments</a>', first)
    assert older and "page=2" in older.group(1)
    second = client.get(older.group(1).replace("&amp;", "&")).get_data(as_text=True)
    shown = re.findall(r"comment number (\d\d)", second)
    assert shown == ["02", "01", "00"]
    assert "Show older comments" not in second
    assert re.search(r'<a href="[^"]*page=1[^"]*">', second)  # back to the newest
