"""Operating points: where a model's calibrated probability starts a review and a rejection.

A trained check (the classifier heads, the off-topic model) reports a calibrated probability
that a comment violates a category.  Its models were fitted and calibrated on public data, mostly
tweets, where violations are far more common than among a news site's comments; the probability
at which a moderator wants to see a comment, or at which the comment can be rejected unseen, is a
decision about a news desk's queue, not about the model.  ``training/tune_operating_points.py``
chooses, per category and language, the two probabilities on labelled news comments: the most
acceptable comments published unreviewed, subject to ceilings on violations published (leak) and
acceptable comments rejected, and a precision floor for rejecting on the model alone.

The core maps a probability onto the policy's score scale piecewise-linearly through
``(0, 0)``, ``(p_review, review threshold)``, ``(p_reject, reject threshold)`` and ``(1, 1)``, with
the thresholds in force (admins' changes included): a model score reaches the review threshold
exactly at ``p_review`` and the reject threshold exactly at ``p_reject``.  ``p_reject`` of 1.0
means the model never rejects on its own.

A third probability, ``corroborate``, lets two independent signals decide together: where a rule
of the same category asks for review (a coded strife slogan, a mild insult, a phone number) and
the model's probability is at least ``corroborate``, the category rejects (``service.core``).
1.0 (the default, and what files written before it read as) turns it off.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

DEFAULT_PATH = Path(__file__).resolve().parent / "operating_points.json"
NEVER = 1.0  # p_reject of 1.0: only a certain model could reject; treated as "never"


@dataclass(frozen=True, slots=True)
class Point:
    """The probabilities at which a model's category score reaches review and reject."""

    review: float
    reject: float
    corroborate: float = NEVER  # with a rule's review cue of the category, reject from here

    def __post_init__(self) -> None:
        if not 0.0 < self.review <= self.reject <= 1.0:
            raise ValueError(f"operating point needs 0 < review <= reject <= 1, got {self}")
        if not 0.0 < self.corroborate <= 1.0:
            raise ValueError(f"operating point needs 0 < corroborate <= 1, got {self}")


def to_score(p: float, point: Point, review: float, reject: float) -> float:
    """Map a probability onto the policy's scale through the operating point (monotone)."""
    p = min(max(float(p), 0.0), 1.0)
    if point.reject >= NEVER:
        # Never rejects alone: the top of the range stays just under the reject threshold.
        top = max(review, reject - 0.01)
        if p < point.review:
            return review * p / point.review
        return review + (top - review) * (p - point.review) / max(1.0 - point.review, 1e-9)
    if p >= point.reject:
        return reject + (1.0 - reject) * (p - point.reject) / max(1.0 - point.reject, 1e-9)
    if p >= point.review:
        return review + (reject - review) * (p - point.review) / (point.reject - point.review)
    return review * p / point.review


@dataclass(frozen=True)
class OperatingPoints:
    """Per category and language, where model probabilities start review and rejection."""

    points: Mapping[str, Mapping[str, Point]]
    metadata: Mapping[str, Any] = field(default_factory=dict)

    def get(self, category: str, language: str) -> Point | None:
        """The point for ``category`` in ``language`` (``*`` is the fallback), if any."""
        per = self.points.get(category)
        if not per:
            return None
        return per.get(language) or per.get("*")

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict (the shipped file's format)."""
        return {
            "points": {
                c: {lang: {"review": p.review, "reject": p.reject, "corroborate": p.corroborate}
                    for lang, p in per.items()}
                for c, per in self.points.items()
            },
            "metadata": dict(self.metadata),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> OperatingPoints:
        """Read the format written by :meth:`to_json` (ValueError when malformed)."""
        try:
            points = {
                c: {lang: Point(float(v["review"]), float(v["reject"]),
                                float(v.get("corroborate", NEVER)))
                    for lang, v in per.items()}
                for c, per in data["points"].items()
            }
        except (KeyError, TypeError, AttributeError) as err:
            raise ValueError(f"malformed operating points: {err}") from None
        return cls(points, dict(data.get("metadata") or {}))

    @classmethod
    def load(cls, path: str | Path = DEFAULT_PATH) -> OperatingPoints:
        """Read a JSON file of operating points."""
        return cls.from_json(json.loads(Path(path).read_text(encoding="utf-8")))

    def save(self, path: str | Path = DEFAULT_PATH) -> Path:
        """Write the JSON file (sorted keys, so diffs are readable)."""
        path = Path(path)
        path.write_text(
            json.dumps(self.to_json(), indent=1, sort_keys=True, ensure_ascii=False) + "\n",
            encoding="utf-8",
        )
        return path
