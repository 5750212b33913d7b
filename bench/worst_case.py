"""Worst-case cost of every policy check on adversarial text (issue 11: no request stalls a worker).

    .venv/bin/python bench/worst_case.py [--repeat 3] [--top 15]

Runs each check of the engine the service builds on strings made to trip super-linear regular
expressions and quadratic loops: repeated ``@a``, digits, punctuation runs, one-letter words,
dotted letters, URLs and e-mail fragments, combining marks, bidi controls, emoji, each at the
maximum comment length; and the same patterns as a maximal article body (200,000 characters)
under a short comment, for the checks that read the article.  Prints the slowest (check, input)
pairs by CPU time, min over ``--repeat`` runs.  ``tests/test_adversarial.py`` runs the same inputs
and fails if a check's cost grows faster than linearly with the comment's length (eight times
the text, less than twenty times the CPU time).
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Iterator

MAX_COMMENT = 2000
MAX_BODY = 200_000

# Units repeated to the maximum length: each one targets a kind of pattern seen in the checks
# (nested quantifiers over overlapping classes, \S+ around a separator, runs of separators).
UNITS: dict[str, str] = {
    "at-a": "@a",
    "at": "@",
    "a-at": "a@",
    "at-dot": "@.",
    "email-ish": "a@b.",
    "digits": "1",
    "digits-spaced": "1 ",
    "phone-ish": "+962 7",
    "digit-dash": "1-",
    "punct-bang": "!",
    "punct-mix": "?.!",
    "dots": ".",
    "dot-letter": "a.",
    "dash-letter": "a-",
    "star-letter": "f*",
    "one-letter-words": "a ",
    "one-letter-arabic": "ب ",
    "dotted-arabic": "ح.",
    "spaced-arabic": "ح ",
    "www": "www.",
    "www-spaced": "w ",
    "http": "http://",
    "domain": "a.com ",
    "slash": "/",
    "hash": "#a",
    "underscore": "_",
    "letters": "a",
    "arabic-letters": "ب",
    "word-digit": "a1",
    "arabizi": "7a",
    "tatweel": "ـ",
    "combining": "a\u0301",
    "strike": "a\u0336",
    "zero-width": "a\u200b",
    "rtl-override": "\u202ea",
    "emoji-letter": "😀a",
    "fe0f": "a\ufe0f",
    "fullwidth": "ｗ．",
    "arabic-indic": "٧",
    "repeat-word": "rain ",
    "repeat-arabic": "مطر ",
    "caps": "BUY ",
    "mixed-script": "aب",
}


def comment_inputs() -> Iterator[tuple[str, str]]:
    """(name, comment) pairs at the maximum comment length."""
    for name, unit in UNITS.items():
        yield name, (unit * (MAX_COMMENT // len(unit) + 1))[:MAX_COMMENT]


def body_inputs() -> Iterator[tuple[str, str]]:
    """(name, article body) pairs at the maximum article-body length."""
    for name, unit in UNITS.items():
        yield "body:" + name, (unit * (MAX_BODY // len(unit) + 1))[:MAX_BODY]


def build_engine():
    """An app built as the service builds it (auto mode, in-memory database), and its engine."""
    from service import create_app
    from service.extensions import db

    app = create_app(
        {
            "DATABASE_URL": "sqlite://",
            "SECRET_KEY": "worst-case",
            "INSTANCE_PATH": tempfile.mkdtemp(prefix="raqib-worst-"),
            "MODE": "auto",
        }
    )
    with app.app_context():
        db.create_all()
    # Warm up once, with and without an article: lexicons and caches built on first use are a
    # per-process cost, not a per-comment or per-article one.
    from service.core import Article

    time_checks(app, "Thanks for the report, the ministry must act", None, 1)
    warm = Article("warm-up", "Fuel prices rise", "Minister Ali Hassan said they would act.")
    time_checks(app, "The minister Ali Hassan must act", warm, 1)
    return app


def time_checks(app, comment: str, article, repeat: int = 3) -> list[tuple[float, str]]:
    """CPU seconds of each check (and of normalising) on one comment, min over ``repeat``."""
    from service.core import Context, Submission

    with app.app_context():
        checks = app.extensions["raqib"].policy().checks
        best: dict[str, float] = {}
        for _ in range(repeat):
            ctx = Context(Submission(comment), article)
            t0 = time.process_time()
            ctx.norm  # noqa: B018 - shared by all checks: timed on its own
            ctx.language  # noqa: B018
            spent = {"normalise+language": time.process_time() - t0}
            for check in checks:
                t0 = time.process_time()
                check(ctx)
                spent[check.name] = time.process_time() - t0
            for name, t in spent.items():
                best[name] = min(best.get(name, t), t)
    return [(t, name) for name, t in best.items()]


def main(argv: list[str] | None = None) -> int:
    """Print the slowest (check, input) pairs."""
    from service.core import Article

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--top", type=int, default=15)
    args = ap.parse_args(argv)
    app = build_engine()
    article = Article(id="a", title="Fuel prices rise again", body="The ministry said " * 40)
    rows: list[tuple[float, str, str]] = []
    for name, comment in comment_inputs():
        rows += [(t, check, name) for t, check in time_checks(app, comment, article, args.repeat)]
    for name, body in body_inputs():
        art = Article(id=name, title="Fuel prices", body=body)
        rows += [
            (t, check, name)
            for t, check in time_checks(app, "The ministry should explain this", art, 1)
        ]
    rows.sort(reverse=True)
    print(f"{len(rows)} (check, input) pairs; slowest by CPU time (ms):")
    for t, check, name in rows[: args.top]:
        print(f"  {t * 1000:8.1f}  {check:24s} {name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
