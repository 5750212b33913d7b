"""Command-line values shared by the operating-point tuner and its cross-validation."""

from __future__ import annotations

import argparse
from collections.abc import Mapping

from model.verdict import CATEGORIES

LANGUAGES = ("ar", "en")


def valid_bar(value: str) -> bool:
    """Whether a ``--no-model-reject`` value names a category, or a category and language."""
    cat, _, lang = value.partition(":")
    return cat in CATEGORIES and (not lang or lang in LANGUAGES)


def exchange_rates(value: str) -> dict[str, float]:
    """``--exchange`` as a rate per language: ``3`` for both, ``en=3`` (the other 0) or
    ``ar=0,en=3``."""
    try:
        if "=" not in value:
            rate = float(value)
            rates = dict.fromkeys(LANGUAGES, rate)
        else:
            rates = dict.fromkeys(LANGUAGES, 0.0)
            for part in value.split(","):
                lang, _, rate_text = part.strip().partition("=")
                if lang not in LANGUAGES:
                    raise ValueError(lang)
                rates[lang] = float(rate_text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"not a rate or LANG=RATE[,LANG=RATE] with LANG in {', '.join(LANGUAGES)}: "
            f"{value!r}") from None
    if any(r < 0 or r != r for r in rates.values()):
        raise argparse.ArgumentTypeError(f"a rate is a number >= 0: {value!r}")
    return rates


def rate_for(exchange: float | Mapping[str, float], lang: str) -> float:
    """One language's exchange rate, whether given for both languages or per language."""
    return float(exchange.get(lang, 0.0)) if isinstance(exchange, Mapping) else float(exchange)


def describe_rates(exchange: float | Mapping[str, float]) -> str:
    """The rates as the tuners print them ("0", "3" or "ar 0, en 3")."""
    rates = {lang: rate_for(exchange, lang) for lang in LANGUAGES}
    if len(set(rates.values())) == 1:
        return f"{rates[LANGUAGES[0]]:g}"
    return ", ".join(f"{lang} {rate:g}" for lang, rate in rates.items())
