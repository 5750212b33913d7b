"""The site's origins, from ``RAQIB_SITE_DOMAINS``: who may call the public API from a browser
(CORS) and frame the no-JavaScript form (CSP ``frame-ancestors``).

Each comma-separated entry is one of:

* ``news.example`` — ``http``/``https``, that host and its subdomains, default ports only;
* ``news.example:8443`` — the same on that port only;
* ``https://news.example`` — exactly that origin.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit


@dataclass(frozen=True)
class SiteOrigins:
    """Parsed ``RAQIB_SITE_DOMAINS``: regular expressions for CORS, sources for CSP."""

    patterns: tuple[re.Pattern[str], ...]
    csp_sources: tuple[str, ...]

    def allows(self, origin: str | None) -> bool:
        """Whether a browser ``Origin`` header belongs to the site."""
        return bool(origin) and any(p.fullmatch(origin.lower()) for p in self.patterns)


_HOST = re.compile(r"^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$")


def parse(domains: str) -> SiteOrigins:
    """Read the setting; malformed entries are ignored (they allow nothing)."""
    patterns: list[re.Pattern[str]] = []
    sources: list[str] = []
    for raw in (domains or "").split(","):
        entry = raw.strip().lower().rstrip("/")
        if not entry:
            continue
        if "://" in entry:
            parts = urlsplit(entry)
            if parts.scheme not in ("http", "https") or not parts.hostname or parts.path:
                continue
            origin = f"{parts.scheme}://{parts.netloc}"
            patterns.append(re.compile(re.escape(origin)))
            sources.append(origin)
            continue
        host, _, port = entry.partition(":")
        host = host.removeprefix("*.").removeprefix("www.")
        if not _HOST.match(host) or (port and not port.isdigit()):
            continue
        suffix = f":{port}" if port else ""
        patterns.append(
            re.compile(rf"https?://(?:[a-z0-9-]+\.)*{re.escape(host)}{re.escape(suffix)}")
        )
        for scheme in ("https", "http"):
            sources += [f"{scheme}://{host}{suffix}", f"{scheme}://*.{host}{suffix}"]
    return SiteOrigins(tuple(patterns), tuple(sources))
