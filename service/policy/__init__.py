"""Assembling the policy's checks for the engine: rules, word lists, names, classifiers.

This is the one place that knows which checks exist and what they need from the service
(database-backed providers, configuration); the checks themselves stay pure.
"""

from __future__ import annotations

import functools
import hashlib
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
from model.operating import DEFAULT_PATH as OPERATING_POINTS_DEFAULT
from model.operating import OperatingPoints
from model.relevance import DEFAULT_PATH as RELEVANCE_DEFAULT
from model.semantic import DEFAULT_PATH as SEMANTIC_DEFAULT
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
from service.policy.references import ReferenceGuard
from service.policy.rules import (
    DuplicateRules,
    OffenseRules,
    SpamRules,
    StrifeRules,
    WordListCheck,
    WordLists,
    offense_lexicon,
)
from service.policy.warm import WarmMentionGuard


@functools.lru_cache(maxsize=8)
def _load(loader: Callable[[Path], Any], path: Path, stamp: tuple[int, int]) -> Any:
    return loader(path)


@functools.lru_cache(maxsize=16)
def _file_sha256(path: Path, stamp: tuple[int, int]) -> bytes:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.digest()


def models_version(classifier_version: str, files: Mapping[str, Path]) -> str:
    """The version stored with every verdict: the classifier's, plus every other model file's.

    The classifier's own version names its training run only; the relevance, name-tagger and
    semantic artifacts and the operating points are retrained or tuned on their own (the
    off-topic refit, a threshold sweep), and turning the semantic layer off changes verdicts too.
    The suffix is the first 8 hex digits of a SHA-256 over each role ("relevance", "ner", ...)
    and its file's contents, in role order: where a file lives or what it is called does not
    count, so two servers give the same label exactly when the same models decide.
    """
    digest = hashlib.sha256()
    for role in sorted(files):
        path = Path(files[role]).resolve()
        try:
            st = path.stat()
            content = _file_sha256(path, (st.st_mtime_ns, st.st_size))
        except OSError as err:
            raise ConfigError(f"cannot read model file {path}: {err}") from err
        digest.update(role.encode() + b"\0" + content)
    return f"{classifier_version}+{digest.hexdigest()[:8]}"


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
    relevance = engine.config.get("RELEVANCE_PATH") or RELEVANCE_DEFAULT
    ner = engine.config.get("NER_PATH") or NER_DEFAULT
    engine.models["relevance"] = load_artifact_once(RelevanceModel.load, relevance, root)
    engine.models["ner"] = load_artifact_once(NerTagger.load, ner, root)
    classifier = load_artifact_once(_load_classifier, classifier_path(engine.config), root)
    engine.models["classifier"] = classifier
    engine.models["operating_points"] = load_operating_points(engine.config)
    files = {"relevance": resolve_artifact_path(relevance, root),
             "ner": resolve_artifact_path(ner, root)}
    if engine.models["operating_points"] is not None:
        files["operating_points"] = operating_points_path(engine.config)
    engine.models.update(load_semantic(engine.config, classifier.version, files))
    engine.model_version = models_version(classifier.version, files)


def operating_points_path(config: Mapping[str, Any]) -> Path:
    """The operating points file: RAQIB_OPERATING_POINTS_PATH, else the shipped one."""
    return Path(config.get("OPERATING_POINTS_PATH") or OPERATING_POINTS_DEFAULT)


def load_operating_points(config: Mapping[str, Any]) -> OperatingPoints | None:
    """The tuned operating points: RAQIB_OPERATING_POINTS_PATH, else the shipped file.

    ``none`` (or no shipped file) means no operating points: every model keeps its own score
    mapping, as before they were tuned.
    """
    configured = config.get("OPERATING_POINTS_PATH")
    if configured == "none":
        return None
    path = operating_points_path(config)
    if not configured and not path.exists():
        return None
    try:
        return OperatingPoints.load(path)
    except (OSError, ValueError) as err:
        raise ConfigError(f"cannot load operating points {path}: {err}") from err


def load_semantic(
    config: Mapping[str, Any], ngram_version: str, files: dict[str, Path] | None = None
) -> dict[str, Any]:
    """The encoder and the artifacts that use it, when on and shipped (else all None).

    The files of the artifacts loaded are added to ``files`` by role (for ``models_version``).

    ``semantic``: heads on embeddings stacked with the classifier; their stackers read the
    n-gram model's margins, so heads stacked on another classifier version refuse to load.
    ``semantic_relevance``: off-topic with embeddings.  Both refuse another encoder version.
    """
    none = {"encoder": None, "semantic": None, "semantic_relevance": None}
    if not config.get("SEMANTIC", True):
        return none
    from model.semantic import SemanticHeads
    from model.semantic_relevance import DEFAULT_PATH as RELEVANCE_SEMANTIC_DEFAULT
    from model.semantic_relevance import SemanticRelevance

    paths = {
        "semantic": (config.get("SEMANTIC_PATH"), SEMANTIC_DEFAULT, SemanticHeads.load),
        "semantic_relevance": (
            config.get("SEMANTIC_RELEVANCE_PATH"), RELEVANCE_SEMANTIC_DEFAULT,
            SemanticRelevance.load,
        ),
    }
    # A path of "none" turns one artifact off; no path means the shipped file, when present.
    wanted = {k: Path(given or default) for k, (given, default, _) in paths.items()
              if given != "none" and (given or Path(default).exists())}
    if not wanted:
        return none
    try:
        from model.embed import shared_encoder

        encoder = shared_encoder(
            int(config.get("ENCODER_THREADS") or 1), name=config.get("ENCODER") or "use"
        )
    except ImportError as err:
        raise ConfigError(f"the semantic layer needs its encoder package: {err}") from err
    # Load now, in the factory: a lazy load would make some reader's first verdict wait 1-3 s.
    encoder.embed(["warm-up"])
    out = dict(none, encoder=encoder)
    for key, path in wanted.items():
        artifact = load_artifact_once(paths[key][2], path, config.get("MODEL_DIR"))
        if artifact.encoder_version != encoder.version:
            raise ConfigError(
                f"{path} was trained with encoder {artifact.encoder_version}, the installed "
                f"one is {encoder.version}: retrain it"
            )
        out[key] = artifact
        if files is not None:
            files[key] = resolve_artifact_path(path, config.get("MODEL_DIR"))
    heads = out["semantic"]
    if heads is not None and heads.metadata.get("ngram_version") != ngram_version:
        raise ConfigError(
            f"semantic heads were stacked on classifier {heads.metadata.get('ngram_version')}, "
            f"the loaded classifier is {ngram_version}: retrain with `raqib train`, or "
            "RAQIB_SEMANTIC=off"
        )
    return out


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
    offense_rules = OffenseRules()
    spam_rules = SpamRules(allowed_domains=domains)
    return [
        WordListCheck(lambda: engine.cached("wordlists", build_wordlists)),
        offense_rules,
        StrifeRules(),
        spam_rules,
        DuplicateRules(seen=recent_copies, seen_many=recent_copies_many),
        OffTopicCheck(
            engine.models["relevance"],
            review=review["off_topic"],
            reject=reject["off_topic"],
            semantic=engine.models.get("semantic_relevance"),
            encoder=engine.models.get("encoder") if engine.models.get("semantic_relevance")
            else None,
            recent=engine.recent_articles,
        ),
        PersonalNameCheck(
            engine.models["ner"], lambda: engine.cached("watchlist", build_watchlist)
        ),
        ReferenceGuard(WarmMentionGuard(SubstringGuard(
            ClassifierCheck(
                engine.models["classifier"],
                operating_points=engine.models.get("operating_points"),
                semantic=engine.models.get("semantic"),
                encoder=engine.models.get("encoder") if engine.models.get("semantic") else None,
            ),
            offense_lexicon(),
            min_reject_probability=engine.config["MODEL_REJECT_PROBABILITY"],
            explained=offense_rules.explained_away,
        ), offense_rules=offense_rules), spam_rules),
        CommenterCheck(engine.commenter_lists),
    ]
