"""Saving and loading the classifier artifact, with a version guard and a directory check.

File format: ONE joblib file holding a plain dict ``{"format", "metadata", "model"}``.
``metadata`` holds only builtins (library versions, dataset hashes, metrics, thresholds,
training date, version id, seed, excluded sets, licences); ``model`` is the pickled
:class:`model.classifier.RaqibClassifier` as bytes.  Loading reads the dict first and checks the
format and the scikit-learn version BEFORE unpickling the model, so an artifact trained with
another scikit-learn is refused with a clear message instead of failing (or silently changing
behaviour) inside unpickling.

Unpickling runs code, so artifacts are trusted files: :func:`load_artifact` only opens a regular
file with a ``.joblib`` suffix that, after resolving symlinks and ``..``, lies inside the allowed
directory (``root``, by default this package's ``model/`` folder).  A relative path is taken
relative to ``root``.  ``model/CURRENT`` names the promoted artifact (a bare file name).
"""

from __future__ import annotations

import logging
import pickle
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import joblib
import numpy as np
import scipy
import sklearn

from model.classifier import RaqibClassifier

log = logging.getLogger(__name__)

MODEL_DIR = Path(__file__).resolve().parent
FORMAT = "raqib-classifier/1"
CURRENT = "CURRENT"
_NAME_RE = re.compile(r"raqib-[0-9A-Za-z][0-9A-Za-z._-]*\.joblib")


class ArtifactError(RuntimeError):
    """The artifact cannot be used; the message says why and what to do."""


@dataclass(frozen=True)
class Artifact:
    """A loaded artifact: the fitted model and its metadata."""

    path: Path
    metadata: Mapping[str, Any]
    model: RaqibClassifier

    @property
    def version(self) -> str:
        """The artifact's version id (``YYYY.MM.DD-<hash>``)."""
        return str(self.metadata.get("version", "unknown"))


def library_versions() -> dict[str, str]:
    """Versions of the libraries the model is pickled against."""
    return {"sklearn": sklearn.__version__, "numpy": np.__version__,
            "scipy": scipy.__version__, "joblib": joblib.__version__}


def model_bytes(model: RaqibClassifier) -> bytes:
    """The pickled model (deterministic for a given model; its hash names the version)."""
    return pickle.dumps(model, protocol=5)


def save_artifact(model: RaqibClassifier, metadata: Mapping[str, Any], path: str | Path) -> Path:
    """Write ``model`` and ``metadata`` (library versions added) to one joblib file."""
    path = Path(path)
    if path.suffix != ".joblib":
        raise ArtifactError(f"artifact file names end in .joblib, got {path.name}")
    meta = dict(metadata)
    meta["versions"] = library_versions()
    payload = {"format": FORMAT, "metadata": meta, "model": model_bytes(model)}
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    joblib.dump(payload, tmp, compress=("zlib", 3))
    tmp.replace(path)
    return path


def resolve_artifact_path(path: str | Path, root: str | Path | None = None) -> Path:
    """Resolve ``path`` inside ``root``; refuse escapes, other suffixes and non-files."""
    base = Path(root if root is not None else MODEL_DIR).resolve()
    candidate = Path(path)
    if not candidate.is_absolute():
        candidate = base / candidate
    resolved = candidate.resolve()
    if not resolved.is_relative_to(base):
        raise ArtifactError(
            f"refusing to load {path}: it resolves to {resolved}, outside the allowed "
            f"directory {base}"
        )
    if resolved.suffix != ".joblib":
        raise ArtifactError(f"refusing to load {path}: an artifact must be a .joblib file")
    if not resolved.is_file():
        raise ArtifactError(
            f"model artifact {resolved} not found (train one with `raqib train --data DIR`)"
        )
    return resolved


def _read_payload(path: Path) -> dict[str, Any]:
    try:
        payload = joblib.load(path)
    except Exception as err:  # noqa: BLE001 - any unreadable file is "corrupt" to the caller
        raise ArtifactError(
            f"model artifact {path} is corrupt or not a Raqib artifact "
            f"({type(err).__name__}: {err}); retrain with `raqib train --data DIR`"
        ) from err
    if not isinstance(payload, dict) or payload.get("format") != FORMAT:
        found = payload.get("format") if isinstance(payload, dict) else type(payload).__name__
        raise ArtifactError(
            f"model artifact {path} has format {found!r}, expected {FORMAT!r}; "
            "retrain with `raqib train --data DIR`"
        )
    if not isinstance(payload.get("metadata"), dict) or not isinstance(payload.get("model"),
                                                                        bytes):
        raise ArtifactError(f"model artifact {path} is corrupt: metadata or model missing")
    return payload


def check_versions(metadata: Mapping[str, Any], path: Path | str = "artifact") -> None:
    """Refuse an artifact pickled with another scikit-learn (others only warn)."""
    recorded = dict(metadata.get("versions") or {})
    trained = recorded.get("sklearn")
    if trained != sklearn.__version__:
        raise ArtifactError(
            f"model artifact {path} was trained with scikit-learn {trained} but scikit-learn "
            f"{sklearn.__version__} is installed; retrain it with `raqib train --data DIR` or "
            f"install the pinned version (pip install scikit-learn=={trained})"
        )
    for lib, installed in library_versions().items():
        if lib != "sklearn" and recorded.get(lib) not in (None, installed):
            log.warning("model artifact %s was saved with %s %s, %s is installed", path, lib,
                        recorded.get(lib), installed)


def read_metadata(path: str | Path, root: str | Path | None = None) -> dict[str, Any]:
    """The metadata of an artifact, without unpickling its model."""
    resolved = resolve_artifact_path(path, root)
    return dict(_read_payload(resolved)["metadata"])


def load_artifact(path: str | Path, root: str | Path | None = None) -> Artifact:
    """Load an artifact from inside ``root`` (default ``model/``); ArtifactError if unusable."""
    resolved = resolve_artifact_path(path, root)
    payload = _read_payload(resolved)
    metadata = payload["metadata"]
    check_versions(metadata, resolved)
    try:
        model = pickle.loads(payload["model"])  # noqa: S301 - trusted file, see module doc
    except Exception as err:  # noqa: BLE001
        raise ArtifactError(
            f"model artifact {resolved} is corrupt ({type(err).__name__}: {err}); "
            "retrain with `raqib train --data DIR`"
        ) from err
    if not isinstance(model, RaqibClassifier):
        raise ArtifactError(f"model artifact {resolved} does not hold a RaqibClassifier")
    return Artifact(path=resolved, metadata=metadata, model=model)


def current_name(model_dir: str | Path | None = None) -> str | None:
    """The file name recorded in ``<model_dir>/CURRENT`` (None when there is none)."""
    marker = Path(model_dir if model_dir is not None else MODEL_DIR) / CURRENT
    try:
        name = marker.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None
    if not _NAME_RE.fullmatch(name):
        raise ArtifactError(f"{marker} must hold a bare artifact file name, got {name!r}")
    return name


def load_current(model_dir: str | Path | None = None) -> Artifact:
    """Load the promoted artifact named by ``<model_dir>/CURRENT``."""
    base = Path(model_dir if model_dir is not None else MODEL_DIR)
    name = current_name(base)
    if name is None:
        raise ArtifactError(
            f"no promoted model: {base / CURRENT} is missing (train with `raqib train`)"
        )
    return load_artifact(name, root=base)
