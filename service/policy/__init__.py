"""Assembling the policy's checks for the engine: rules, word lists, names, classifiers."""

from __future__ import annotations

from service.core import Check
from service.engine import Engine


def load_models(engine: Engine) -> None:
    """Load the trained artifacts named by the configuration into ``engine.models``."""
    engine.models.clear()


def build_checks(engine: Engine) -> list[Check]:
    """The checks run on every comment, in order."""
    return []
