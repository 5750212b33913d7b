"""The moderators' dashboard: server-rendered pages at ``/dashboard`` (English and Arabic).

Every page works with plain HTML forms (CSRF-protected by the app's ``CSRFProtect``); a small
static script adds keyboard shortcuts and in-place updates.  ``init_dashboard(app)`` registers
the blueprint, binds Flask-Babel with the dashboard's locale selector, the HTML error pages and
the security headers.
"""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, Flask, current_app, has_request_context, request, session
from werkzeug.wrappers import Response

LOCALES = ("en", "ar")
RTL_LOCALES = frozenset({"ar"})

_SERVICE = Path(__file__).resolve().parent.parent

bp = Blueprint(
    "dashboard",
    __name__,
    url_prefix="/dashboard",
    # Served under /dashboard/static so that the blueprint's security headers cover the assets.
    static_folder=str(_SERVICE / "static" / "dashboard"),
    static_url_path="/static",
)

# No inline scripts or styles anywhere: every script and stylesheet is a static file.
CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)

SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "X-Content-Type-Options": "nosniff",
}


def select_locale() -> str:
    """The interface language: the one chosen in the session, else Accept-Language."""
    default = "en"
    if not has_request_context():
        return default
    default = current_app.config.get("DEFAULT_LANGUAGE") or default
    chosen = session.get("lang")
    if chosen in LOCALES:
        return chosen
    return request.accept_languages.best_match(LOCALES) or default


def security_headers(response: Response) -> Response:
    """Add the security headers to every dashboard response (pages, errors, assets)."""
    # App-level rather than blueprint-level: responses whose routing failed under /dashboard
    # (405, the trailing-slash redirect) never reach a blueprint's after_request.
    if not (request.path == "/dashboard" or request.path.startswith("/dashboard/")):
        return response
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    if request.endpoint != "dashboard.static":
        # Pages show commenters' email addresses: keep them out of shared caches and history.
        response.headers["Cache-Control"] = "no-store"
        response.vary.add("Cookie")
    return response


def init_dashboard(app: Flask) -> None:
    """Register the dashboard on ``app``: blueprint, Babel, error pages, security headers."""
    from service.dashboard import account, views  # noqa: F401 - their routes register on bp
    from service.dashboard import webhooks as _webhooks  # noqa: F401 - its routes attach to bp
    from service.extensions import babel

    if "babel" not in app.extensions:
        babel.init_app(app, locale_selector=select_locale)
    app.extensions.setdefault("raqib_error_pages", {})["dashboard"] = views.render_error
    app.register_blueprint(bp)
    app.after_request(security_headers)
