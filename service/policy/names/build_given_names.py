"""Rebuild ``data/given_names.tsv`` from an attested name index and a tagged news corpus.

Usage::

    python -m service.policy.names.build_given_names \\
        --romanizer-db PATH/arabic_name_romanizer/resources/names.sqlite3 \\
        --anercorp PATH/anercorp [--out service/policy/data/given_names.tsv]

The name index is the ``names.sqlite3`` shipped in the ``arabic-name-romanizer`` 0.2.0 wheel
(MIT; its people come from Wikidata, CC0): given names written in Arabic script by people of
Arab countries, and the Latin spellings of given names.  ANERcorp (news, person names tagged)
says which Arabic given names are also everyday words ("جمال" beauty, "امين" trustworthy,
"علي" = "على" once ى is folded): a name seen as a non-name at least half the time there is
marked ``ambiguous`` and only counts as evidence next to other evidence.  The service reads the
TSV only; neither input is needed at run time.
"""

from __future__ import annotations

import argparse
import re
import sqlite3
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from model.normalize import normalize_text

from .lexicons import DATA_DIR, stopwords

ARAB_COUNTRIES = (
    "JO", "PS", "SY", "LB", "IQ", "EG", "SA", "KW", "AE", "QA", "BH", "OM", "YE", "LY", "TN",
    "DZ", "MA", "SD",
)  # fmt: skip
MIN_COUNT = 3  # attested at least this often as a given name
MIN_GIVEN_SHARE = 0.6  # Latin spellings: mostly given names, not surnames
AMBIGUOUS_SHARE = 0.5
AMBIGUOUS_MIN = 3
# Everyday words of news prose that ANERcorp sees too rarely to mark: "علاوة" is a pay
# allowance in every salary story ("علاوة المناوبات", "علاوة غلاء المعيشة").
EVERYDAY = frozenset({"علاوه"})
_ARABIC_WORD = re.compile(r"^[\u0621-\u064a]{2,}$")
_LATIN_WORD = re.compile(r"^[a-z]{3,}$")


def arabic_given(db: sqlite3.Connection) -> Counter[str]:
    """Normalised one-word Arabic given names of people from Arab countries, with counts."""
    rows = db.execute("SELECT arabic_key, country, count FROM units WHERE role = 'given'")
    out: Counter[str] = Counter()
    for key, country, count in rows:
        if country not in ARAB_COUNTRIES:
            continue
        words = normalize_text(key).split()
        if len(words) == 2 and words[0] == "عبد":
            words = [words[0] + words[1]]  # عبد الله -> عبدالله, as the watchlist joins them
        if len(words) == 1 and _ARABIC_WORD.match(words[0]) and not words[0].startswith("ال"):
            out[words[0]] += int(count)
    return Counter({k: v for k, v in out.items() if v >= MIN_COUNT})


def latin_given(db: sqlite3.Connection) -> Counter[str]:
    """Lower-case Latin spellings used mostly for given names, with counts."""
    roles: dict[str, Counter[str]] = {}
    for latin, role, count in db.execute("SELECT latin, role, count FROM units"):
        for word in re.split(r"[\s\-']+", latin.lower()):
            if _LATIN_WORD.match(word):
                roles.setdefault(word, Counter())[role] += int(count)
    out: Counter[str] = Counter()
    for word, by_role in roles.items():
        total = sum(by_role.values())
        if by_role["given"] >= MIN_COUNT and by_role["given"] / total >= MIN_GIVEN_SHARE:
            out[word] = by_role["given"]
    return out


def corpus_usage(lines: Iterable[str]) -> tuple[Counter[str], Counter[str]]:
    """(as a person's name, as anything else) counts of normalised tokens in a CoNLL file."""
    person: Counter[str] = Counter()
    other: Counter[str] = Counter()
    for line in lines:
        parts = line.split()
        if len(parts) < 2:
            continue
        token = normalize_text(parts[0])
        (person if parts[-1].endswith("PERS") or parts[-1].endswith("PER") else other)[token] += 1
    return person, other


def build(db_path: Path, anercorp: Path | None) -> list[tuple[str, str, int, int]]:
    """Rows (name, script, count, ambiguous) of the lexicon."""
    db = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    skip = stopwords()
    person: Counter[str] = Counter()
    other: Counter[str] = Counter()
    if anercorp is not None:
        for path in sorted(anercorp.glob("*.txt")):
            p, o = corpus_usage(path.read_text(encoding="utf-8").splitlines())
            person.update(p)
            other.update(o)
    rows: list[tuple[str, str, int, int]] = []
    for name, count in arabic_given(db).items():
        if name in skip:
            continue
        seen = person[name] + other[name]
        ambiguous = (other[name] >= AMBIGUOUS_MIN and other[name] / seen >= AMBIGUOUS_SHARE
                     or name in EVERYDAY)
        rows.append((name, "ar", count, int(ambiguous)))
    for name, count in latin_given(db).items():
        if name not in skip:
            rows.append((name, "en", count, 0))
    return sorted(rows, key=lambda r: (r[1], -r[2], r[0]))


def main(argv: list[str] | None = None) -> int:
    """Write the lexicon TSV."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--romanizer-db", type=Path, required=True)
    parser.add_argument("--anercorp", type=Path)
    parser.add_argument("--out", type=Path, default=DATA_DIR / "given_names.tsv")
    args = parser.parse_args(argv)
    rows = build(args.romanizer_db, args.anercorp)
    with open(args.out, "w", encoding="utf-8") as handle:
        handle.write(
            "# Given names (normalised), built by `python -m "
            "service.policy.names.build_given_names` from arabic-name-romanizer 0.2.0's\n"
            "# names.sqlite3 (Wikidata, CC0) and ANERcorp; ambiguous=1: also an everyday word.\n"
            "name\tscript\tcount\tambiguous\n"
        )
        for name, script, count, ambiguous in rows:
            handle.write(f"{name}\t{script}\t{count}\t{ambiguous}\n")
    print(f"{len(rows)} names -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
