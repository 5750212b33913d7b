"""Verify a Raqib webhook in Python without any library (or use ``standardwebhooks``).

    event = verify(SECRET, request.headers, request.get_data())   # raises ValueError if forged
"""

import base64
import hashlib
import hmac
import json
import time

REPLAY_WINDOW = 300  # seconds; refuse older (or future) timestamps


def verify(secret: str, headers, body: bytes) -> dict:
    """The event, if ``body`` was signed by Raqib with ``secret`` within the replay window."""
    msg_id = headers["webhook-id"]
    timestamp = headers["webhook-timestamp"]
    if abs(time.time() - int(timestamp)) > REPLAY_WINDOW:
        raise ValueError("timestamp outside the replay window")
    key = base64.b64decode(secret.removeprefix("whsec_"))
    signed = f"{msg_id}.{timestamp}.".encode() + body
    expected = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
    signatures = headers["webhook-signature"].split()
    given = [s.removeprefix("v1,") for s in signatures if s.startswith("v1,")]
    if not any(hmac.compare_digest(expected, g) for g in given):
        raise ValueError("bad signature")
    return json.loads(body)
