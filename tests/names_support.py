"""Shared helpers of the personal-name tests: a fake tagger, a small watchlist, runners."""

from __future__ import annotations

import re

from model.ner import PersonSpan
from service.core import Context, Submission
from service.policy.names import PersonalNameCheck, Watchlist, load_seed_watchlist


class FakeTagger:
    """Marks the given names wherever they occur; counts the texts it was asked about."""

    def __init__(self, names: dict[str, float] | None = None):
        self.names = names or {}
        self.calls: list[str] = []

    def person_spans(
        self, text: str, threshold: float | None = None, max_tokens: int | None = None
    ) -> list[PersonSpan]:
        self.calls.append(text)
        cut = 0.05 if threshold is None else threshold
        found = []
        for name, prob in self.names.items():
            for m in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", text):
                if prob >= cut:
                    found.append(PersonSpan(m.start(), m.end(), m.group(), prob))
        return found


WATCH_ROWS = [
    {
        "id": "trump",
        "name_en": "Donald Trump",
        "name_ar": "دونالد ترامب",
        "aliases": "Trump|ترامب|ترمب",
        "kind": "head_of_state",
    },
    {
        "id": "abdullah_ii",
        "name_en": "Abdullah II",
        "name_ar": "عبدالله الثاني",
        "aliases": "King Abdullah|الملك عبدالله",
        "kind": "royal",
    },
    {
        "id": "nasrallah",
        "name_en": "Hassan Nasrallah",
        "name_ar": "حسن نصرالله",
        "aliases": ["Nasrallah", "نصرالله"],
        "kind": "militant",
    },
    {
        "id": "ronaldo",
        "name_en": "Cristiano Ronaldo",
        "name_ar": "كريستيانو رونالدو",
        "aliases": "Ronaldo|رونالدو",
        "kind": "footballer",
    },
    {"id": "sisi", "name_en": "Abdel Fattah el-Sisi", "name_ar": "عبد الفتاح السيسي",
     "aliases": "Sisi|السيسي", "kind": "head_of_state"},
]  # fmt: skip


def make_check(watchlist: Watchlist, names: dict[str, float] | None = None) -> PersonalNameCheck:
    return PersonalNameCheck(FakeTagger(names), lambda: watchlist)


def run(check: PersonalNameCheck, comment: str, name: str | None = None, article=None):
    return check(Context(Submission(comment, name=name), article))


def found(result) -> list[tuple[str, str]]:
    return [(r.params["name"], r.params["via"]) for r in result.reasons if r.field is None]



def seed_check() -> PersonalNameCheck:
    """The check with the shipped seed watchlist and a tagger that finds nothing."""
    watchlist = Watchlist.from_entries(load_seed_watchlist())
    return PersonalNameCheck(FakeTagger(), lambda: watchlist)


def named_in(check: PersonalNameCheck, comment: str, article, at: float = 0.8) -> bool:
    """Whether the check scores ``comment`` under ``article`` as naming a personality (``at``:
    0.8 rejects, 0.5 sends to review)."""
    result = check(Context(Submission(comment), article))
    return result.scores.get("personal_name", 0.0) >= at
