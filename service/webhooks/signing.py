"""Standard Webhooks signatures (``standardwebhooks``): secrets, headers, verification.

A request carries ``webhook-id`` (the event id), ``webhook-timestamp`` (Unix seconds, when this
attempt was signed) and ``webhook-signature`` (``v1,<base64 HMAC-SHA256 of id.timestamp.body>``,
space-separated when a rotated secret still signs).  Receivers refuse timestamps more than five
minutes from their clock (the replay window) and deduplicate on ``webhook-id``.
"""

from __future__ import annotations

import base64
import secrets
from collections.abc import Iterable
from datetime import datetime

from standardwebhooks import Webhook

SECRET_PREFIX = "whsec_"  # noqa: S105 - the standard's prefix, not a secret
REPLAY_WINDOW_SECONDS = 300  # fixed by the standard (and by standardwebhooks' verify)


def new_secret() -> str:
    """A fresh signing secret: ``whsec_`` + 32 random bytes in base64."""
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(32)).decode()


def valid_secret(secret: str) -> bool:
    """Whether ``secret`` is usable: ``whsec_`` + base64 of at least 24 bytes."""
    if not secret.startswith(SECRET_PREFIX):
        return False
    try:
        raw = base64.b64decode(secret[len(SECRET_PREFIX) :], validate=True)
    except ValueError:
        return False
    return len(raw) >= 24


def headers(
    event_id: str, body: bytes, when: datetime, signing_secrets: Iterable[str]
) -> dict[str, str]:
    """The signature headers of one delivery attempt, one signature per active secret."""
    signatures = [Webhook(s).sign(event_id, when, body) for s in signing_secrets if s]
    return {
        "webhook-id": event_id,
        "webhook-timestamp": str(int(when.timestamp())),
        "webhook-signature": " ".join(signatures),
    }
