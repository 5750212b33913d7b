"""The embeddable comment form and thread: ``/embed.js`` for article pages, ``/embed/<id>``
as the no-JavaScript fallback (a plain HTML form in an iframe), and CORS for the public API.

``init_embed(app)`` registers the embed's blueprints, allows the site's origins
(``RAQIB_SITE_DOMAINS``) to call the public endpoints the embed uses, and sets the embed
pages' security headers.
"""

from __future__ import annotations

from flask import Flask, request
from flask_cors import CORS
from werkzeug.wrappers import Response

from service.embed.origins import parse

# The public endpoints a browser on the site calls; nothing that takes a moderator's token.
PUBLIC_API = r"^/api/v1/(captcha|check|comments|embed/articles(/[^/]+)?|articles/[^/]+/comments)$"


def page_csp(frame_sources: tuple[str, ...]) -> str:
    """The embed page's policy: nothing but its own styles, data: images and audio, its form."""
    ancestors = " ".join(("'self'", *frame_sources))
    return "; ".join(
        (
            "default-src 'none'",
            "style-src 'self'",
            "img-src 'self' data:",
            "media-src 'self' data:",
            "form-action 'self'",
            "base-uri 'none'",
            f"frame-ancestors {ancestors}",
        )
    )


def init_embed(app: Flask) -> None:
    """Register the embed on ``app``: blueprints, CORS for the site's origins, headers."""
    from service.embed.api import blp as embed_api
    from service.embed.views import bp, render_error
    from service.extensions import api, csrf

    origins = parse(app.config["SITE_DOMAINS"])
    api.register_blueprint(embed_api)
    app.register_blueprint(bp)
    app.extensions.setdefault("raqib_error_pages", {})["embed"] = render_error
    # Readers post anonymously: there is no session to forge, so no CSRF token (as for the API).
    csrf.exempt(embed_api)
    csrf.exempt(bp)
    CORS(
        app,
        resources={PUBLIC_API: {"origins": list(origins.patterns)}},
        methods=["GET", "POST", "OPTIONS"],
        allow_headers=["Content-Type", "Accept-Language"],
        expose_headers=["Retry-After"],
        supports_credentials=False,
        max_age=600,
    )
    csp = page_csp(origins.csp_sources)

    @app.after_request
    def _embed_headers(response: Response) -> Response:
        path = request.path
        if path == "/embed.js" or path.startswith("/embed/static/"):
            # Loaded by the site's pages: allowed cross-origin even under COEP.
            response.headers["Cross-Origin-Resource-Policy"] = "cross-origin"
        elif path.startswith("/embed/"):
            response.headers["Content-Security-Policy"] = csp
            response.headers["Referrer-Policy"] = "no-referrer"
            response.headers.setdefault("Cache-Control", "no-store")
        return response
