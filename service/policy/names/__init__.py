"""Names of personalities: the ``personal_name`` check and what it is built from.

Modules: :mod:`.check` (the check), :mod:`.watchlist` (listed figures), :mod:`.articles`
(persons named in the article; :mod:`.speakers`, its speakers named after a verb),
:mod:`.finder` (names after titles, by shape, from the tagger), :mod:`.places` (names inside
place and institution names), :mod:`.phonetic` (cross-script keys), :mod:`.titles` and
:mod:`.lexicons` (word lists).
"""

from .check import (
    ARTICLE_SCORE,
    CONTEXT_SCORE,
    TAGGER_MAX,
    TAGGER_MIN,
    WATCHLIST_SCORE,
    PersonalNameCheck,
)
from .finder import PersonTagger
from .lexicons import DATA_DIR
from .titles import TITLES_PATH, TitleCue, load_titles
from .watchlist import WATCHLIST_PATH, NameMatch, Watchlist, load_seed_watchlist

__all__ = [
    "ARTICLE_SCORE",
    "CONTEXT_SCORE",
    "DATA_DIR",
    "TAGGER_MAX",
    "TAGGER_MIN",
    "TITLES_PATH",
    "WATCHLIST_PATH",
    "WATCHLIST_SCORE",
    "NameMatch",
    "PersonTagger",
    "PersonalNameCheck",
    "TitleCue",
    "Watchlist",
    "load_seed_watchlist",
    "load_titles",
]
