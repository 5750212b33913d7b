"""Shared vocabulary of the dataset loaders: category names, the records they yield, text helpers.

Categories:
  * ``offense``  insult, abuse, profanity;
  * ``strife``   hate aimed at a religion, sect, race, ethnicity or nationality;
  * ``spam``     ads, self-promotion, scams;
  * ``off_topic`` (comment, context) relevance pairs, see :mod:`training.dataset_pairs`;
  * ``ner``      person-name token sequences, see :mod:`training.dataset_ner`.

An :class:`Example` only carries the categories its dataset actually annotates: an absent
category means "unknown", never "negative".  :func:`dedupe_key` is the normalisation every
loader and the training splits use to recognise the same text; the CSV helpers read the files
as the shared-data folders ship them.
"""

from __future__ import annotations

import csv
import html
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

CATEGORIES: tuple[str, ...] = ("offense", "strife", "spam")
OFF_TOPIC = "off_topic"
NER = "ner"
SPLITS: tuple[str, ...] = ("train", "dev", "test")

csv.field_size_limit(2**31 - 1)


@dataclass(frozen=True, slots=True)
class Example:
    """One labelled text; ``labels`` holds only the categories its dataset annotates."""

    text: str
    labels: dict[str, int]
    language: str
    source: str
    split: str
    licence: str
    # The original dataset inside a multi-set folder (arabic_offensive_taxonomy) or file.
    subset: str = ""
    # Categories whose value differed between merged duplicates (the max was kept).
    conflicts: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class RelevancePair:
    """A comment and the text it answers (question or article title); label 1 = on-topic."""

    comment: str
    context: str
    label: int
    source: str
    split: str
    language: str
    # Question or article id, for grouped splits (the same context must not straddle folds).
    context_id: str = ""


@dataclass(frozen=True, slots=True)
class _Row:
    """What a per-dataset loader yields: one text and the categories its set labels."""

    text: str
    labels: dict[str, int]
    split: str = "train"
    subset: str = ""


# --------------------------------------------------------------------------- normalisation

_URL_RE = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_MENTION_RE = re.compile(r"@\w+")
# Placeholders the shared-task organisers substituted for links and line breaks.
_PLACEHOLDER_RE = re.compile(r"<LF>|\bURL\b")
_AR_MARKS_RE = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_ALEF_RE = re.compile("[\u0622\u0623\u0625\u0671]")
_WS_RE = re.compile(r"\s+")


def dedupe_key(text: str) -> str:
    """Normalised text used only to detect duplicates (never fed to the model)."""
    s = html.unescape(text)
    s = _PLACEHOLDER_RE.sub(" ", s)
    s = _URL_RE.sub(" ", s)
    s = _MENTION_RE.sub(" ", s)
    s = unicodedata.normalize("NFKC", s).casefold()
    s = _AR_MARKS_RE.sub("", s)
    s = _ALEF_RE.sub("\u0627", s)
    return _WS_RE.sub(" ", s).strip()


# --------------------------------------------------------------------------- file helpers


def _read_csv(path: Path, delimiter: str = ",") -> Iterator[dict[str, str]]:
    # utf-8-sig: a stray BOM would otherwise become part of the first column name.
    with path.open(encoding="utf-8-sig", newline="") as fh:
        yield from csv.DictReader(fh, delimiter=delimiter)


def _flag(value: str | None) -> int | None:
    """'1', '1.0', '0', '0.0' -> int; empty or unparsable -> None."""
    if value is None:
        return None
    value = value.strip()
    if not value:
        return None
    try:
        number = float(value)
    except ValueError:
        return None
    if number not in (0.0, 1.0):
        return None
    return int(number)


def _split(value: str, allowed: Iterable[str] = SPLITS) -> str:
    value = value.strip().lower()
    if value not in allowed:
        raise ValueError(f"unexpected split {value!r}")
    return value

