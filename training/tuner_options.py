"""Command-line values shared by the operating-point tuner and its cross-validation."""

from __future__ import annotations

import argparse
from collections.abc import Mapping

from model.operating import OperatingPoints
from model.verdict import CATEGORIES

LANGUAGES = ("ar", "en")
# The default leak ceiling (violations published unreviewed), for both languages.
DEFAULT_LEAK = 0.03


def valid_bar(value: str) -> bool:
    """Whether a ``--no-model-reject`` value names a category, or a category and language."""
    cat, _, lang = value.partition(":")
    return cat in CATEGORIES and (not lang or lang in LANGUAGES)


def _per_language(value: str, missing: float, what: str) -> dict[str, float]:
    """``VALUE`` for both languages, or ``LANG=VALUE[,...]`` (a language not named: ``missing``)."""
    try:
        if "=" not in value:
            rates = dict.fromkeys(LANGUAGES, float(value))
        else:
            rates = dict.fromkeys(LANGUAGES, missing)
            for part in value.split(","):
                lang, _, rate_text = part.strip().partition("=")
                if lang not in LANGUAGES:
                    raise ValueError(lang)
                rates[lang] = float(rate_text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"not a {what} or LANG={what.upper()}[,LANG={what.upper()}] with LANG in "
            f"{', '.join(LANGUAGES)}: {value!r}") from None
    return rates


def exchange_rates(value: str) -> dict[str, float]:
    """``--exchange`` as a rate per language: ``3`` for both, ``en=3`` (the other 0) or
    ``ar=0,en=3``."""
    rates = _per_language(value, 0.0, "rate")
    if any(r < 0 or r != r for r in rates.values()):
        raise argparse.ArgumentTypeError(f"a rate is a number >= 0: {value!r}")
    return rates


def leak_ceilings(value: str) -> dict[str, float]:
    """``--leak`` as a ceiling per language: ``0.03`` for both, ``ar=0.02`` (the other at the
    default ``DEFAULT_LEAK``) or ``ar=0.02,en=0.03``."""
    ceilings = _per_language(value, DEFAULT_LEAK, "ceiling")
    if any(not 0 <= c <= 1 for c in ceilings.values()):
        raise argparse.ArgumentTypeError(f"a leak ceiling is a share from 0 to 1: {value!r}")
    return ceilings


def rate_for(exchange: float | Mapping[str, float], lang: str, missing: float = 0.0) -> float:
    """One language's rate or ceiling, whether given for both languages or per language."""
    return (float(exchange.get(lang, missing)) if isinstance(exchange, Mapping)
            else float(exchange))


def describe_rates(exchange: float | Mapping[str, float]) -> str:
    """The rates as the tuners print them ("0", "3" or "ar 0, en 3")."""
    rates = {lang: rate_for(exchange, lang) for lang in LANGUAGES}
    if len(set(rates.values())) == 1:
        return f"{rates[LANGUAGES[0]]:g}"
    return ", ".join(f"{lang} {rate:g}" for lang, rate in rates.items())


def describe_ceilings(leak: float | Mapping[str, float]) -> str:
    """The leak ceilings as the tuners print them ("3%" or "ar 2%, en 3%")."""
    shares = {lang: rate_for(leak, lang, DEFAULT_LEAK) for lang in LANGUAGES}
    if len(set(shares.values())) == 1:
        return f"{100 * shares[LANGUAGES[0]]:g}%"
    return ", ".join(f"{lang} {100 * share:g}%" for lang, share in shares.items())


# The tuners' argument names, by the key the operating points file records each under.
_RECORDED = {"leak": "leak", "false_reject": "false_reject",
             "false_reject_extra": "false_reject_extra", "model_reject_precision": "precision",
             "model_recall_at_review": "model_recall", "model_reject_min_support": "min_support",
             "exchange": "exchange", "corroborate": "corroborate",
             "recall_exempt": "recall_exempt", "no_model_reject": "no_model_reject",
             "hard_negative_extra": "hard_negative_extra"}


def recorded_settings(path) -> dict:
    """The tuner's settings an operating points file was tuned with, by argument name.

    ``cv_operating_points --shipped`` compares settings against these: the command's own
    defaults are the issue's (3% leak, 1% false rejections), not what was shipped.
    """
    constraints = OperatingPoints.load(path).metadata.get("constraints") or {}
    missing = sorted(set(_RECORDED) - set(constraints))
    if missing:
        raise ValueError(f"{path} records no {', '.join(missing)}")
    return {arg: constraints[key] for key, arg in _RECORDED.items()}
