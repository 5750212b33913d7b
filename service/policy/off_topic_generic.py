"""Generic reactions: short comments that fit any article, so are never off-topic.

"Thanks", "well said", "الله يرحمهم", "حسبي الله" share no words with any article, and SemEval
even labels such replies off-topic (dialogue).  A comment made only of phrases from
``data/generic_reactions.tsv`` (matched on normalised tokens, with a few fillers such as "very"
or "والله" and a leading و allowed) is on-topic whatever the relevance model says.  The list's
``complaint`` rows are the complaints that fit any story of public life ("الحكومة ما بتعمل
اشي", "Same old promises every year").  Split out of ``off_topic`` (which uses it) to keep that
module under the house limit.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path

from model.normalize import normalize_text

GENERIC_PATH = Path(__file__).parent / "data" / "generic_reactions.tsv"
# A generic reaction is short; a long comment that happens to contain "thanks" is judged by
# the model.
MAX_GENERIC_TOKENS = 14
_FILLERS = (
    "very so really much too truly indeed just a an the this that it for and all you guys "
    "again everyone sir جدا كثير كتير والله فعلا عنجد يا و الكم لكم الله"
)
_WORD = re.compile(r"[^\W_]+")


class GenericReactions:
    """Short reactions that fit any article ("thanks", "الله يرحمهم"), on normalised text."""

    def __init__(self, phrases: Iterable[str], fillers: Iterable[str] | None = None):
        self.texts = tuple(dict.fromkeys(p.strip() for p in phrases if p.strip()))
        self.phrases: frozenset[tuple[str, ...]] = frozenset(
            key for p in self.texts if (key := tuple(_WORD.findall(normalize_text(p))))
        )
        words = _FILLERS.split() if fillers is None else fillers
        self.fillers = frozenset(w for f in words for w in _WORD.findall(normalize_text(f)))
        self._longest = max((len(p) for p in self.phrases), default=1)

    @classmethod
    def load(cls, path: str | Path = GENERIC_PATH) -> GenericReactions:
        """Read the ``phrase`` column of the TSV list."""
        with Path(path).open(encoding="utf-8", newline="") as fh:
            rows = csv.DictReader(fh, delimiter="\t")
            return cls(r["phrase"] for r in rows if (r.get("phrase") or "").strip())

    def _phrases_at(self, tokens: Sequence[str], i: int) -> list[int]:
        """Lengths of the phrases that start at token ``i``."""
        found = []
        for n in range(1, min(self._longest, len(tokens) - i) + 1):
            window = tuple(tokens[i : i + n])
            head = window[0]
            # Arabic "and" is written attached: "ويصبر اهلهم", "ورحمه الله".
            if window in self.phrases or (
                head.startswith("و") and len(head) > 2 and (head[1:], *window[1:]) in self.phrases
            ):
                found.append(n)
        return found

    def matches(self, norm_text: str) -> bool:
        """Whether a normalised comment is only generic phrases and fillers (>= one phrase)."""
        tokens = _WORD.findall(norm_text)
        if not tokens or len(tokens) > MAX_GENERIC_TOKENS:
            return False
        # Reachable (position, seen a phrase) states; a phrase or a filler consumes tokens.
        states = {(0, False)}
        frontier = [(0, False)]
        while frontier:
            i, seen = frontier.pop()
            if i == len(tokens):
                continue
            nxt = [(i + n, True) for n in self._phrases_at(tokens, i)]
            if tokens[i] in self.fillers:
                nxt.append((i + 1, seen))
            for state in nxt:
                if state not in states:
                    states.add(state)
                    frontier.append(state)
        return (len(tokens), True) in states


@lru_cache(maxsize=1)
def default_generic() -> GenericReactions:
    """The shipped generic-reactions list (read once)."""
    return GenericReactions.load()
