"""Screenshots of the dashboard in English and Arabic, taken on a demo database.

    .venv/bin/python docs/screenshots.py            # writes docs/screenshots/*.png

The demo comments are written for the screenshots; their verdicts (reasons, scores and evidence
spans) are written by hand too, so that the pictures do not depend on which trained model is
installed.  Needs Playwright and Chromium (``/usr/bin/chromium``, or RAQIB_CHROMIUM).
"""

from __future__ import annotations

import sys
import tempfile
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.browsers import CHROMIUM, CHROMIUM_ARGS  # noqa: E402 - after the path is set

OUT = REPO / "docs" / "screenshots"
PASSWORD = "demo-password-1"  # noqa: S105 - a throwaway demo database

ARTICLES = [
    (
        "raqqa-2017",
        "International coalition: 300 ISIS fighters might have fled from Raqqa",
        "en",
    ),
    ("amman-water-2024", "وزارة المياه: خطة لتقليل الفاقد في شبكات عمّان خلال عامين", "ar"),
    ("wehdat-faisaly", "الوحدات والفيصلي يتعادلان في قمة الدوري الأردني", "ar"),
]

# (article, name, email, text, verdict, [(code, source, score, [evidence...])], hours ago)
COMMENTS = [
    (
        "amman-water-2024",
        "أبو خالد",
        "abukhaled@example.com",
        "والله الحكومة هاي ما بتفهم، كل سنة نفس الحكي والمي ما بتوصل لبيوتنا بالصيف.",
        "approve",
        [],
        2,
    ),
    (
        "amman-water-2024",
        "سناء",
        "sanaa@example.com",
        "يا حمار اللي كتب هالخبر، روح تعلم تكتب قبل ما تنشر! شو هالغباء هاد",
        "reject",
        [("offense", "rule", 0.97, ["حمار", "الغباء"])],
        3,
    ),
    (
        "wehdat-faisaly",
        "محمد",
        None,
        "هدول جماعة الفريق التاني كلهم من أصل واحد وما بيستاهلوا يعيشوا هون، اطردوهم",
        "reject",
        [("strife", "model", 0.91, ["كلهم من أصل واحد", "اطردوهم"])],
        5,
    ),
    (
        "raqqa-2017",
        "Omar",
        "omar@example.com",
        "The coalition should explain how 300 fighters walked out of Raqqa unnoticed.",
        "approve",
        [],
        6,
    ),
    (
        "raqqa-2017",
        "Jack",
        "jack@example.com",
        "Only an idiot would believe this. Trump said it all along, what a joke.",
        "reject",
        [
            ("offense", "model", 0.86, ["idiot", "believe"]),
            ("offense", "rule", 0.9, ["idiot"]),
            ("personal_name", "rule", 0.95, ["Trump"]),
        ],
        7,
    ),
    (
        "amman-water-2024",
        "ربح سريع",
        "promo@example.com",
        "اربح 500 دينار يوميا وانت بالبيت!! تواصل معنا واتساب 0790000000 www.fast-cash.example",
        "reject",
        [
            ("spam", "rule", 0.99, ["www.fast-cash.example"]),
            ("spam", "rule", 0.9, ["0790000000"]),
            ("spam", "rule", 0.7, ["اربح 500 دينار يوميا"]),
            ("spam", "model", 0.93, []),
        ],
        8,
    ),
    (
        "wehdat-faisaly",
        "رامي",
        "rami@example.com",
        "مين بيعرف محل منيح لتصليح الموبايلات باربد؟ ضروري",
        "review",
        [("off_topic", "model", 0.72, [])],
        9,
    ),
    (
        "raqqa-2017",
        "Lina",
        None,
        "Civilians always pay the price. I hope the evacuation corridors stay open.",
        "approve",
        [],
        11,
    ),
    (
        "amman-water-2024",
        "ابو علي",
        None,
        "بوتين وترامب ما إلهم دخل بموضوع المي، خلينا بمشاكلنا",
        "review",
        [("personal_name", "rule", 0.62, ["بوتين", "ترامب"])],
        13,
    ),
    (
        "raqqa-2017",
        "Sam",
        "sam@example.com",
        "Buy cheap followers now at http://followers.example, best prices!!!",
        "reject",
        [("spam", "rule", 0.98, ["Buy cheap followers", "http://followers.example"])],
        15,
    ),
    (
        "wehdat-faisaly",
        "ليث",
        "laith@example.com",
        "مباراة ممتعة، والحكم كان ممتاز. نتمنى نشوف هيك مستوى كل أسبوع.",
        "approve",
        [],
        20,
    ),
    (
        "wehdat-faisaly",
        "زائر",
        None,
        "انتو يا جمهور الفريق التاني ولاد ش***، كلكم زبالة",
        "reject",
        [("offense", "rule", 0.99, ["ش***", "زبالة"]), ("strife", "model", 0.55, [])],
        22,
    ),
    (
        "raqqa-2017",
        "Nour",
        "nour@example.com",
        "Is there any independent confirmation of the 300 figure? The article does not cite one.",
        "approve",
        [],
        26,
    ),
    (
        "amman-water-2024",
        "م. هشام",
        "hisham@example.com",
        "الفاقد المائي مش بس تسريب، في سرقات كبيرة من الخطوط الرئيسية لازم تنحل.",
        "review",
        [("suspect_word", "rule", None, ["سرقات"])],
        30,
    ),
]

# Older comments, decided by moderators, so that the audit log and statistics have history.
HISTORY = [
    ("approve", "approve", "huda", None),
    ("approve", "approve", "sami", None),
    ("reject", "reject", "huda", "offense"),
    ("reject", "approve", "sami", None),
    ("approve", "delete", "huda", "offense: insult in a reply"),
    ("reject", "reject", "sami", "spam"),
    ("approve", "approve", "huda", None),
    ("reject", "reject", "huda", "strife"),
    ("approve", "reject", "sami", "personal_name"),
    ("reject", "reject", "sami", "offense"),
]


def build_app(workdir: Path):
    """A Raqib app on a fresh SQLite file with the dashboard registered."""
    from service import create_app
    from service.dashboard import init_dashboard
    from service.extensions import db

    app = create_app(
        {
            "SECRET_KEY": "screenshots",
            "DATABASE_URL": f"sqlite:///{workdir / 'demo.sqlite3'}",
            "INSTANCE_PATH": str(workdir / "instance"),
            "RATELIMIT_ENABLED": False,
            "CAPTCHA": False,
            "LIVE_INTERVAL": 2,
        }
    )
    if "dashboard" not in app.blueprints:
        init_dashboard(app)
    with app.app_context():
        db.create_all()
    return app


def _verdict(text: str, verdict: str, reasons):
    from service.core import CATEGORIES, Reason, Span, Verdict

    built = []
    scores = dict.fromkeys(CATEGORIES, 0.03)
    for code, source, score, evidence in reasons:
        spans = []
        for piece in evidence:
            start = text.find(piece)
            if start >= 0:
                spans.append(Span(start, start + len(piece), piece))
        built.append(Reason(code, source, score, tuple(spans)))
        if code in scores and score is not None:
            scores[code] = score
    lang = "ar" if any("\u0600" <= ch <= "\u06ff" for ch in text) else "en"
    return Verdict(verdict, "pending", tuple(built), scores, lang, "raqib-demo-2024.06")


def seed(app) -> None:
    """Demo articles, word lists, moderators, comments and decisions."""
    from service.auth import create_moderator
    from service.commenters import add_entry
    from service.extensions import db
    from service.models import Article, Decision, Moderator, Presence, Report, WordListEntry
    from service.store import apply_decision, create_comment

    now = datetime.now(UTC)
    with app.app_context():
        create_moderator("huda", role="admin", password=PASSWORD)
        create_moderator("sami", role="moderator", password=PASSWORD)
        for aid, title, lang in ARTICLES:
            db.session.add(Article(id=aid, title=title, body=title, language=lang))
        for kind, term, aliases, note in [
            ("banned", "زبالة", "zbaleh", "insult"),
            ("banned", "حمار", "7mar|7maar", "insult"),
            ("banned", "idiot", "id1ot", None),
            ("suspect", "سرقات", "", "may accuse someone"),
            ("suspect", "خونة", "khawaneh", None),
            ("personality", "Donald Trump", "ترامب|ترمب|Trump", "politician"),
            ("personality", "Vladimir Putin", "بوتين|Putin", "politician"),
        ]:
            db.session.add(
                WordListEntry(kind=kind, term=term, aliases=aliases, note=note, created_by="huda")
            )
        db.session.commit()
        mods = {m.username: m for m in db.session.query(Moderator)}

        def add(article, name, email, text, verdict, reasons, when):
            comment = create_comment(
                article_id=article,
                name=name,
                email=email,
                show_email=bool(email) and name != "Jack",
                body=text,
                verdict=_verdict(text, verdict, reasons),
                ip=f"192.0.2.{sum(map(ord, name)) % 250 + 1}",  # one address per commenter
                user_agent="demo",
                secret="demo",  # noqa: S106 - demo database
            )
            comment.created_at = when
            comment.decisions[0].created_at = when
            db.session.commit()
            return comment

        added = []
        for article, name, email, text, verdict, reasons, hours in COMMENTS:
            added.append(
                add(article, name, email, text, verdict, reasons, now - timedelta(hours=hours))
            )
        # A published comment that readers reported, a blocked spammer, sami at work.
        reported = added[10]
        apply_decision(reported, "approve", mods["sami"], None)
        for i, reason in enumerate(("offense", "offense", "strife")):
            db.session.add(Report(comment_id=reported.id, reason=reason, reporter=f"r{i}"))
        add_entry("blocked", "email", "promo@example.com", "#6 and many more", "huda")
        db.session.add(Presence(moderator_id=mods["sami"].id, comment_id=added[1].id))
        db.session.commit()
        # Two weeks of decided comments for the audit log and the charts.
        for round_ in range(4):
            for i, (auto, action, who, why) in enumerate(HISTORY):
                day = (round_ * len(HISTORY) + i) % 13 + 1
                source = COMMENTS[(i + round_) % len(COMMENTS)]
                fallback = [("offense", "model", 0.84, [])] if auto == "reject" else []
                reasons = source[5] or fallback
                when = now - timedelta(days=day, hours=i)
                comment = add(source[0], source[1], source[2], source[3], auto, reasons, when)
                apply_decision(comment, action, mods[who], why)
                decided = db.session.query(Decision).order_by(Decision.id.desc()).first()
                decided.created_at = when + timedelta(minutes=25)
                db.session.commit()


def serve(app):
    """Serve ``app`` on a free local port in a daemon thread; returns (server, base URL)."""
    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}"


def sami_looks(app) -> None:
    """Keep the second moderator "looking" at a comment (presence is forgotten after 45 s)."""
    from service.extensions import db
    from service.models import Moderator, Presence, utcnow

    with app.app_context():
        sami = db.session.query(Moderator).filter_by(username="sami").one()
        db.session.get(Presence, sami.id).seen_at = utcnow()
        db.session.commit()


def shoot(base: str, app) -> list[Path]:
    """Sign in and capture the main pages in English and Arabic, desktop and phone."""
    from playwright.sync_api import sync_playwright

    OUT.mkdir(parents=True, exist_ok=True)
    written = []
    with tempfile.TemporaryDirectory() as profile, sync_playwright() as p:
        browser = p.chromium.launch_persistent_context(
            profile,
            executable_path=CHROMIUM,
            headless=True,
            args=list(CHROMIUM_ARGS),
            viewport={"width": 1366, "height": 900},
            locale="en-US",
        )
        page = browser.new_page()
        page.goto(f"{base}/dashboard/login")
        page.fill("input[name=username]", "huda")
        page.fill("input[name=password]", PASSWORD)
        page.click("form.login button")
        page.wait_for_url("**/dashboard/queue")
        detail = page.locator("li.row", has_text="يا حمار").get_attribute("data-id")
        spammer = page.locator("li.row", has_text="اربح").get_attribute("data-id")
        pages = [
            ("queue", "/dashboard/queue?order=outcome", False),
            ("comment", f"/dashboard/comments/{detail}", True),
            ("reported", "/dashboard/queue?status=reported", False),
            ("commenter", f"/dashboard/comments/{spammer}#commenter", False),
            ("audit", "/dashboard/audit", False),
            ("words", "/dashboard/words/banned", True),
            ("stats", "/dashboard/stats?days=30", True),
        ]
        phone_pages = [
            ("queue", "/dashboard/queue?order=outcome"),
            ("comment", f"/dashboard/comments/{detail}"),
        ]
        phone = browser.new_page()
        phone.set_viewport_size({"width": 390, "height": 844})
        for lang in ("en", "ar"):
            if lang == "ar":
                page.click("form.inline button[name=lang]")
                page.wait_for_load_state()
            for name, path, full in pages:
                page.goto(base + path)
                if name == "queue":
                    sami_looks(app)
                    page.keyboard.press("j")
                    page.locator(".live-note:not(:empty)").first.wait_for(timeout=15_000)
                target = OUT / f"{lang}-{name}.png"
                page.screenshot(path=str(target), full_page=full)
                written.append(target)
            for name, path in phone_pages:
                phone.goto(base + path)
                target = OUT / f"{lang}-phone-{name}.png"
                phone.screenshot(path=str(target), full_page=False)
                written.append(target)
        browser.close()
    return written


def main() -> None:
    """Seed a demo database, serve it and write the screenshots."""
    with tempfile.TemporaryDirectory() as tmp:
        app = build_app(Path(tmp))
        seed(app)
        server, base = serve(app)
        try:
            for path in shoot(base, app):
                print(path.relative_to(REPO))
        finally:
            server.shutdown()


if __name__ == "__main__":
    main()
