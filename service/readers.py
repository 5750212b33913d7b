"""Who a request is for: the reader's address, and the keys rate limits count under.

A site that posts comments from its own backend is one client address for all its readers.
With a valid API token it may name the reader in ``X-Raqib-Reader-IP`` (their address as the
site saw it); limits and the captcha-failure lockout then apply to that reader, and the stored
comment keeps that reader's (keyed) address hash. The header is refused (401) without a valid
token, and must be one IPv4 or IPv6 address (else 400): anyone else could otherwise pick a
fresh bucket per request.
"""

from __future__ import annotations

import hashlib
import ipaddress

from flask import g, request
from flask_smorest import abort

READER_HEADER = "X-Raqib-Reader-IP"


def token_moderator():
    """The active moderator whose API token this request carries (cached), or None."""
    if "_raqib_token_mod" not in g:
        from service.auth import moderator_for_token

        auth = request.headers.get("Authorization", "")
        scheme, _, token = auth.partition(" ")
        ok = scheme.lower() == "bearer" and token.strip()
        g._raqib_token_mod = moderator_for_token(token.strip()) if ok else None
    return g._raqib_token_mod


def check_reader_header() -> None:
    """Refuse a reader header that is not backed by a valid token or is not an address."""
    raw = request.headers.get(READER_HEADER)
    g._raqib_reader = None
    if raw is None:
        return
    if token_moderator() is None:
        abort(401, message=f"{READER_HEADER} is accepted only with a valid API token.")
    try:
        g._raqib_reader = str(ipaddress.ip_address(raw.strip()))
    except ValueError:
        abort(400, message=f"{READER_HEADER} must be one IPv4 or IPv6 address.")


def forwarded_reader() -> str | None:
    """The reader's address named by a trusted caller, if any."""
    return g.get("_raqib_reader")


def reader_address() -> str:
    """The reader's address: the one a trusted site names, else the client's."""
    return forwarded_reader() or request.remote_addr or "unknown"


def rate_key() -> str:
    """The bucket of the request: the named reader, else a valid token, else the address."""
    reader = forwarded_reader()
    if reader:
        return "ip:" + reader
    mod = token_moderator()
    if mod is not None:
        # A valid moderator's token is its own bucket (shared by all its servers); an
        # invented token buys nothing: it counts against the client address.
        return f"moderator:{mod.id}"
    return "ip:" + (request.remote_addr or "unknown")


def captcha_reader_key() -> str:
    """The captcha-failure lockout of one reader: their address and their browser.

    People behind one shared address (an office, a carrier's NAT, a site's backend that does
    not name its readers) differ by browser: one of them mistyping does not lock out the
    others. Changing browsers buys an attacker little: :func:`captcha_address_key` still
    counts every failure from the address, against a higher limit.
    """
    agent = request.headers.get("User-Agent", "")
    digest = hashlib.sha256(agent.encode("utf-8", "replace")).hexdigest()[:16]
    return f"reader:{reader_address()}:{digest}"


def captcha_address_key() -> str:
    """The captcha-failure ceiling of one address (all its readers together)."""
    return "ip:" + reader_address()
