"""A news site on another origin for the embed's browser tests and screenshots: static article
pages carrying the one-line embed, served with the strict CSP the README recommends."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit


def site_csp(raqib: str) -> str:
    """The policy a site can adopt for the embed (``raqib`` is Raqib's origin)."""
    return "; ".join(
        (
            "default-src 'self'",
            f"script-src 'self' {raqib}",
            f"style-src 'self' {raqib}",
            f"connect-src 'self' {raqib}",
            f"img-src 'self' {raqib} data:",
            f"media-src 'self' {raqib} data:",
            f"frame-src {raqib}",
            "object-src 'none'",
            "base-uri 'self'",
        )
    )


ARTICLE_EN = (
    "International coalition: 300 ISIS fighters might have fled from Raqqa",
    "The International Coalition stated, after a month since Syria's democratic forces "
    "restored Raqqa, that dozens of foreign fighters could have been hiding among civilians.",
)
ARTICLE_AR = (
    "التحالف الدولي: 300 مقاتل من داعش ربما فروا من الرقة",
    "قال التحالف الدولي إن عشرات المقاتلين الأجانب ربما اختبأوا بين المدنيين وتمكنوا من الفرار "
    "خلال إجلاء ثلاثة آلاف مدني من المدينة.",
)


def article_page(raqib: str, lang: str, article_id: str, attrs: str = "", head: str = "") -> str:
    """An article page with the one-line embed (plus ``attrs`` on the div, ``head`` markup)."""
    title, body = ARTICLE_AR if lang == "ar" else ARTICLE_EN
    direction = "rtl" if lang == "ar" else "ltr"
    return f"""<!doctype html>
<html lang="{lang}" dir="{direction}"><head><meta charset="utf-8"><title>{title}</title>
{head}</head>
<body><h1>{title}</h1><p class="article-body">{body}</p>
{embed_line(raqib, article_id, attrs)}
</body></html>"""


def embed_line(raqib: str, article_id: str, attrs: str = "") -> str:
    """The one line a site adds (with its no-JavaScript iframe inside the div)."""
    fallback = (
        f'<noscript><iframe src="{raqib}/embed/{article_id}" title="Comments" '
        'width="100%" height="900"></iframe></noscript>'
    )
    return (
        f'<div id="raqib" data-article="{article_id}"{attrs}>{fallback}</div>'
        f'<script src="{raqib}/embed.js" async></script>'
    )


class Site:
    """Serves ``pages`` (path -> HTML) on 127.0.0.1 under the name ``localhost``."""

    def __init__(self, raqib: str) -> None:
        self.raqib = raqib
        self.pages: dict[str, str] = {}
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 - http.server's naming
                path = urlsplit(self.path).path
                html = site.pages.get(path)
                body = (html or "not found").encode()
                # The site's own stylesheet (theming the embed) is served as CSS, the rest as HTML.
                kind = "text/css" if path.endswith(".css") else "text/html"
                self.send_response(200 if html else 404)
                self.send_header("Content-Type", f"{kind}; charset=utf-8")
                self.send_header("Content-Security-Policy", site_csp(site.raqib))
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def origin(self) -> str:
        """The site's origin: another host name and port than Raqib's."""
        return f"http://localhost:{self.port}"

    def __enter__(self) -> Site:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
