"""The form's numeric verification code: issued as a distorted PNG, verified once, server-side.

Only an HMAC of the answer (keyed with the app's secret) is stored, in the database, so any
replica can verify a code issued by another, and a leaked table does not reveal the codes.
Verification consumes the code whatever the answer, so a code cannot be brute-forced by
retrying; the form's Refresh link simply asks for a new one.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import unicodedata
from datetime import timedelta
from io import BytesIO

from captcha.audio import AudioCaptcha
from captcha.image import ImageCaptcha
from sqlalchemy import delete, update

from service.extensions import db
from service.models import Captcha, utcnow

_image = ImageCaptcha(width=160, height=60)
_audio: AudioCaptcha | None = None


def fold_digits(answer: str) -> str:
    """The answer with every decimal digit as ASCII and spaces removed.

    Readers type the code in the digits their keyboard has: Arabic-Indic (٢٩٧٠), Persian
    (۲۹۷۰), full-width (２９７０) or any other Unicode decimal digit means the same number.
    """
    return "".join(
        str(unicodedata.decimal(ch)) if unicodedata.category(ch) == "Nd" else ch
        for ch in answer
        if not ch.isspace()
    )


def _answer_hash(secret: str, captcha_id: str, answer: str) -> str:
    msg = f"{captcha_id}:{fold_digits(answer)}".encode()
    return hmac.new(secret.encode(), msg, hashlib.sha256).hexdigest()


def new_code(length: int) -> str:
    """A random numeric code of ``length`` digits (leading zeros allowed)."""
    return "".join(secrets.choice("0123456789") for _ in range(length))


def issue(
    secret: str, *, ttl: int, length: int, audio: bool = False, code: str | None = None
) -> dict[str, object]:
    """Store a new code and return its id, PNG (data URI), optional WAV and lifetime."""
    code = code or new_code(length)
    captcha_id = secrets.token_urlsafe(18)
    now = utcnow()
    db.session.add(
        Captcha(
            id=captcha_id,
            answer_hash=_answer_hash(secret, captcha_id, code),
            created_at=now,
            expires_at=now + timedelta(seconds=ttl),
        )
    )
    # Expired codes are useless: sweep a few on every issue instead of running a cron job.
    db.session.execute(delete(Captcha).where(Captcha.expires_at < now - timedelta(hours=1)))
    db.session.commit()
    png = _image.generate(code).getvalue()
    out: dict[str, object] = {
        "captcha_id": captcha_id,
        "image": "data:image/png;base64," + base64.b64encode(png).decode(),
        "expires_in": ttl,
    }
    if audio:
        out["audio"] = "data:audio/wav;base64," + base64.b64encode(_wav(code)).decode()
    return out


def _wav(code: str) -> bytes:
    global _audio
    if _audio is None:  # the voice files load lazily: most sites never ask for audio
        _audio = AudioCaptcha()
    buf = BytesIO(_audio.generate(code))
    return buf.getvalue()


def verify(secret: str, captcha_id: str, answer: str) -> str | None:
    """Consume a code: ``None`` when right, else ``captcha_invalid`` or ``captcha_expired``."""
    now = utcnow()
    row = db.session.get(Captcha, captcha_id)
    if row is None:
        return "captcha_invalid"
    # The conditional UPDATE is the single-use guarantee across workers and replicas: only one
    # request can flip used_at from NULL.
    claimed = db.session.execute(
        update(Captcha)
        .where(Captcha.id == captcha_id, Captcha.used_at.is_(None))
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.commit()
    if claimed != 1:
        return "captcha_invalid"
    if row.expires_at <= now:
        return "captcha_expired"
    expected = _answer_hash(secret, captcha_id, answer)
    if not hmac.compare_digest(expected, row.answer_hash):
        return "captcha_invalid"
    return None
