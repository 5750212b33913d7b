"""Screenshots of the embedded form and thread in English and Arabic, as a news site shows them.

    .venv/bin/python docs/embed_screenshots.py     # writes docs/screenshots/embed-{en,ar}.png

Starts Raqib and a static article page on another origin (tests/embed_site.py, with the strict
CSP the README recommends), publishes a few demo comments and photographs the embed.  Needs
Playwright and Chromium (``/usr/bin/chromium``, or RAQIB_CHROMIUM).
"""

from __future__ import annotations

import sys
import tempfile
import threading
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.browsers import CHROMIUM, CHROMIUM_ARGS  # noqa: E402 - after the path is set

OUT = REPO / "docs" / "screenshots"

COMMENTS = {
    "en": [
        ("Lina", None, False, "The civilians who were searched deserve to know who got through."),
        (
            "Omar",
            "omar@example.com",
            True,
            "How did 300 fighters leave Raqqa without anyone noticing? The coalition owes us "
            "an explanation.",
        ),
    ],
    "ar": [
        ("سلمى", None, False, "الله يحمي المدنيين، والمهم أن يعرف الناس كيف خرج المقاتلون."),
        ("أبو خالد", "abukhaled@example.com", True, "كيف طلع ٣٠٠ مقاتل بدون ما حدا ينتبه؟"),
    ],
}


def main() -> None:
    """Write the two screenshots."""
    from playwright.sync_api import sync_playwright
    from werkzeug.serving import make_server

    from service import create_app
    from service.core import CATEGORIES, Verdict
    from service.extensions import db
    from service.models import Article
    from service.store import create_comment
    from tests.embed_site import ARTICLE_AR, ARTICLE_EN, Site, article_page

    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp, Site(raqib="") as site:
        app = create_app(
            {
                "SECRET_KEY": "screenshots",
                "DATABASE_URL": f"sqlite:///{tmp}/demo.sqlite3",
                "INSTANCE_PATH": tmp,
                "SITE_DOMAINS": f"localhost:{site.port}",
                "SITE_NAME": "Ammon News|عمون",
                "RATELIMIT_ENABLED": False,
            }
        )
        with app.app_context():
            db.create_all()
            for lang, (title, body) in (("en", ARTICLE_EN), ("ar", ARTICLE_AR)):
                db.session.add(Article(id=f"raqqa-{lang}", title=title, body=body, language=lang))
                db.session.commit()
                for name, email, show, text in COMMENTS[lang]:
                    verdict = Verdict(
                        "approve", "published", (), dict.fromkeys(CATEGORIES, 0.0), lang, "demo"
                    )
                    create_comment(
                        article_id=f"raqqa-{lang}", name=name, email=email, show_email=show,
                        body=text, verdict=verdict, ip=None, user_agent=None, secret="demo",  # noqa: S106
                    )  # fmt: skip
        server = make_server("127.0.0.1", 0, app, threaded=True)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        raqib = f"http://127.0.0.1:{server.server_port}"
        site.raqib = raqib
        for lang in ("en", "ar"):
            site.pages[f"/{lang}.html"] = article_page(raqib, lang, f"raqqa-{lang}")
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=list(CHROMIUM_ARGS))
            page = browser.new_page(viewport={"width": 820, "height": 1200})
            for lang in ("en", "ar"):
                page.goto(f"{site.origin}/{lang}.html")
                page.locator("#raqib .comments li").first.wait_for()
                page.locator("#raqib input[name=name]").focus()
                page.locator("#raqib img.code-img[src^='data:']").wait_for()
                page.locator("#raqib input[name=name]").blur()
                page.locator("#raqib").screenshot(path=str(OUT / f"embed-{lang}.png"))
                print(f"wrote docs/screenshots/embed-{lang}.png")
            browser.close()
        server.shutdown()


if __name__ == "__main__":
    main()
