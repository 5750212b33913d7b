"""Assembling the policy's checks for the engine: rules, word lists, names, classifiers.

This is the one place that knows which checks exist and what they need from the service
(database-backed providers, configuration); the checks themselves stay pure.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from model.artifact import (
    MODEL_DIR,
    Artifact,
    current_name,
    load_artifact,
    resolve_artifact_path,
)
from model.classifier import ClassifierCheck
from model.ner import DEFAULT_PATH as NER_DEFAULT
from model.relevance import DEFAULT_PATH as RELEVANCE_DEFAULT
from service.config import ConfigError
from service.core import Check
from service.engine import (
    WATCHLIST_SEEDED_KEY,
    Engine,
    recent_copies,
    recent_copies_many,
    setting,
)
from service.models import WordListEntry
from service.policy.commenters import CommenterCheck
from service.policy.guard import SubstringGuard
from service.policy.names import (
    PersonalNameCheck,
    Watchlist,
    load_seed_watchlist,
)
from service.policy.off_topic import OffTopicCheck
from service.policy.rules import (
    DuplicateRules,
    OffenseRules,
    SpamRules,
    StrifeRules,
    WordListCheck,
    WordLists,
    offense_lexicon,
)


@functools.lru_cache(maxsize=8)
def _load(loader: Callable[[Path], Any], path: Path, stamp: tuple[int, int]) -> Any:
    return loader(path)


def load_artifact_once(
    loader: Callable[[Path], Any], path: str | Path, root: str | Path | None = None
) -> Any:
    """Load an artifact, sharing it between apps of one process while the file is unchanged.

    Unpickling runs code, so only a regular ``.joblib`` file inside the model directory
    (``root``: ``RAQIB_MODEL_DIR``, default the package's ``model/``) is ever opened.  Fitted
    models are read-only, so apps built in the same process (tests, the CLI) share one copy; a
    changed file (new mtime or size) is loaded afresh.
    """
    resolved = Path(path).resolve()
    try:
        resolved = resolve_artifact_path(path, root)
        st = resolved.stat()
        return _load(loader, resolved, (st.st_mtime_ns, st.st_size))
    except Exception as err:  # noqa: BLE001 - any failure to load is the same refusal
        # A missing, corrupt or incompatible artifact must stop the service with a clear
        # message (or, on reload, leave the running workers alone) rather than serve verdicts
        # without the model.
        raise ConfigError(f"cannot load model artifact {resolved}: {err}") from err


def _load_classifier(path: Path) -> Artifact:
    # The path was already checked against the allowed directory by load_artifact_once.
    return load_artifact(path, root=path.parent)


def classifier_path(config: Mapping[str, Any]) -> Path:
    """The classifier artifact: RAQIB_MODEL_PATH, else the one named by model/CURRENT."""
    if config.get("MODEL_PATH"):
        return Path(config["MODEL_PATH"])
    root = Path(config.get("MODEL_DIR") or MODEL_DIR)
    name = current_name(root)
    if name is None:
        raise ConfigError(
            f"no promoted classifier: {root / 'CURRENT'} is missing "
            "(train one with `raqib train --data DIR`)"
        )
    return root / name


def load_models(engine: Engine) -> None:
    """Load the trained artifacts into ``engine.models`` (once per app, in the factory)."""
    from model.ner import NerTagger
    from model.relevance import RelevanceModel

    engine.models.clear()
    root = engine.config.get("MODEL_DIR")
    engine.models["relevance"] = load_artifact_once(
        RelevanceModel.load, engine.config.get("RELEVANCE_PATH") or RELEVANCE_DEFAULT, root
    )
    engine.models["ner"] = load_artifact_once(
        NerTagger.load, engine.config.get("NER_PATH") or NER_DEFAULT, root
    )
    classifier = load_artifact_once(_load_classifier, classifier_path(engine.config), root)
    engine.models["classifier"] = classifier
    engine.model_version = classifier.version


def _word_pairs(entries: Iterable[WordListEntry]) -> Iterable[tuple[str, str]]:
    for e in entries:
        for term in (e.term, *e.aliases.split("|")):
            if term.strip():
                yield e.kind, term.strip()


def build_wordlists(entries: Sequence[WordListEntry]) -> WordLists:
    """Compile the moderators' banned and suspect words (aliases included)."""
    return WordLists.build(_word_pairs(entries))


def build_watchlist(entries: Sequence[WordListEntry]) -> Watchlist:
    """The personalities: the database's list once seeded, the shipped seed list before that."""
    rows: list[dict[str, str]] = [
        {"id": f"db{e.id}", "name": e.term, "aliases": e.aliases}
        for e in entries
        if e.kind == "personality"
    ]
    if not rows and setting(WATCHLIST_SEEDED_KEY) is None:
        rows = load_seed_watchlist()
    return Watchlist.from_entries(rows)


def build_checks(engine: Engine) -> list[Check]:
    """The checks run on every comment, in order."""
    domains = [d.strip() for d in engine.config.get("SITE_DOMAINS", "").split(",") if d.strip()]
    reject, review = engine.config["REJECT"], engine.config["REVIEW"]
    return [
        WordListCheck(lambda: engine.cached("wordlists", build_wordlists)),
        OffenseRules(),
        StrifeRules(),
        SpamRules(allowed_domains=domains),
        DuplicateRules(seen=recent_copies, seen_many=recent_copies_many),
        OffTopicCheck(
            engine.models["relevance"], review=review["off_topic"], reject=reject["off_topic"]
        ),
        PersonalNameCheck(
            engine.models["ner"], lambda: engine.cached("watchlist", build_watchlist)
        ),
        SubstringGuard(
            ClassifierCheck(engine.models["classifier"]),
            offense_lexicon(),
            min_reject_probability=engine.config["MODEL_REJECT_PROBABILITY"],
        ),
        CommenterCheck(engine.commenter_lists),
    ]
