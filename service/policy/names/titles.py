"""Title cues ("President", "الوزير") and role nouns ("director", "رئيس الجمعية")."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .lexicons import DATA_DIR, ROLES_PATH, norm_tokens, norm_words, read_tsv, variants

TITLES_PATH = DATA_DIR / "titles.tsv"
# Cues written without the article announce a construct ("وزير الزراعة X", "رئيس جمعية التجار
# X"): the nouns after them name the office, and the name comes after that.
_CONSTRUCT_CUES = "وزير وزيره رئيس رئيسه مدير مديره امين نائب محافظ سفير مندوب ممثل عضو نقيب"
# In news prose a coach or a player is introduced after his club ("مدرب الأرثوذكسي نبيل
# الصراف"); in a comment the word after "لاعب الفيصلي" is as often an adjective that is also a
# given name ("لاعب الفيصلي جميل"), so these take a complement in articles only.
_ARTICLE_CONSTRUCT_CUES = "مدرب مدربه لاعب"


@dataclass(frozen=True, slots=True)
class TitleCue:
    """A title that announces a name, with the score a confirmed name after it gets."""

    cue: str
    language: str
    score: float


def load_titles(path: Path | str = TITLES_PATH) -> list[TitleCue]:
    """The packaged title cues (cue, lang, score)."""
    return [
        TitleCue(row["cue"], row.get("lang", ""), float(row.get("score") or 0.9))
        for row in read_tsv(Path(path))
        if row.get("cue")
    ]


@lru_cache(maxsize=1)
def load_roles(path: Path = ROLES_PATH) -> tuple[TitleCue, ...]:
    """Role nouns (roles.tsv) as cues: score 0.9 for public offices, 0.6 for other roles."""
    return tuple(
        TitleCue(row["role"], row.get("lang", ""), 0.9 if row.get("office") == "1" else 0.6)
        for row in read_tsv(path)
        if row.get("role")
    )


@lru_cache(maxsize=2)
def construct_cues(article: bool = False) -> frozenset[str]:
    """Cue words that take a construct complement before the name (more of them in articles)."""
    words = _CONSTRUCT_CUES + (" " + _ARTICLE_CONSTRUCT_CUES if article else "")
    return norm_words(words)


class Cues:
    """Cues compiled to normalised token sequences, matched with Arabic proclitics."""

    def __init__(self, cues: Iterable[TitleCue]):
        index: dict[str, list[tuple[tuple[str, ...], float]]] = {}
        for cue in cues:
            tokens = norm_tokens(cue.cue)
            if tokens:
                index.setdefault(tokens[0], []).append((tokens, cue.score))
        for bucket in index.values():
            bucket.sort(key=lambda item: -len(item[0]))
        self._index = index
        self.heads = frozenset(index)

    def at(self, texts: Sequence[str], i: int) -> tuple[int, float] | None:
        """(length, score) of the longest (then highest-scoring) cue starting at token ``i``."""
        if i > 0 and texts[i - 1].isdigit() and texts[i] in ("pm", "am"):
            return None  # "5 pm"
        best: tuple[int, float] | None = None
        for stem, _ in variants(texts[i]):
            for cue, score in self._index.get(stem, ()):
                n = len(cue)
                fits = i + n <= len(texts) and all(texts[i + k] == cue[k] for k in range(1, n))
                if fits and (best is None or (n, score) > best):
                    best = (n, score)
        return best

    def head_of(self, token: str) -> bool:
        """Whether a token (clitics allowed) is the first word of some cue."""
        return any(stem in self.heads for stem, _ in variants(token))
