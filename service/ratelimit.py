"""Rate-limit counters that every worker of one server shares: a SQLite file, as a ``limits``
storage (``raqib+sqlite:///path``).

Why this exists: ``limits`` (Flask-Limiter's storage layer) keeps counters in process memory,
Redis, Memcached, MongoDB or etcd. In memory, each gunicorn worker counts alone, so "10 per
minute" allowed 30 with three workers; the others need a server that a single-host install does
not have. ``limits`` has no file or SQL backend, so this one implements its documented storage
interface (fixed windows, the strategy Raqib uses) on a SQLite file in the instance folder:

- one atomic UPSERT per hit (``INSERT ... ON CONFLICT DO UPDATE ... RETURNING``), so concurrent
  workers never lose an increment and an expired window restarts in the same statement;
- WAL journal and ``synchronous=OFF``: counters are not worth an fsync (a power cut forgets the
  current minute), and readers never wait for the writer;
- a connection per process and thread, opened lazily (gunicorn forks after import).

With ``RAQIB_REDIS_URL`` the counters live in Redis instead and hold across replicas.
"""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from pathlib import Path
from urllib.parse import urlparse

from limits.storage import Storage

SCHEME = "raqib+sqlite"
_SWEEP_EVERY = 1000  # hits between deletions of expired windows


def storage_uri(path: Path) -> str:
    """The storage URI of a counters file at ``path``."""
    return f"{SCHEME}://{path.resolve()}"


class SQLiteStorage(Storage):
    """Fixed-window counters in a SQLite file shared by the processes of one machine."""

    STORAGE_SCHEME = [SCHEME]

    def __init__(self, uri: str | None = None, wrap_exceptions: bool = False, **options):
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)
        path = urlparse(uri or "").path
        if not path:
            raise ValueError(f"{SCHEME} needs a file path: {SCHEME}:///path/to/counters")
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._local = threading.local()
        self._hits = 0
        self._conn()  # create the table now: a bad path fails at start, not on a request

    @property
    def base_exceptions(self) -> type[Exception]:
        return sqlite3.Error

    def _conn(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is not None and self._local.pid == os.getpid():
            return conn
        conn = sqlite3.connect(self.path, timeout=5, isolation_level=None)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=OFF")
        conn.execute(
            "CREATE TABLE IF NOT EXISTS counters "
            "(key TEXT PRIMARY KEY, value INTEGER NOT NULL, expiry REAL NOT NULL) WITHOUT ROWID"
        )
        self._local.conn, self._local.pid = conn, os.getpid()
        return conn

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        """Add ``amount`` to the key's window (a new window if it expired); the new count."""
        now = time.time()
        conn = self._conn()
        (value,) = conn.execute(
            "INSERT INTO counters (key, value, expiry) VALUES (?1, ?2, ?3) "
            "ON CONFLICT (key) DO UPDATE SET "
            "value = CASE WHEN counters.expiry <= ?4 THEN excluded.value "
            "ELSE counters.value + excluded.value END, "
            "expiry = CASE WHEN counters.expiry <= ?4 THEN excluded.expiry "
            "ELSE counters.expiry END "
            "RETURNING value",
            (key, amount, now + expiry, now),
        ).fetchone()
        self._hits += 1
        if self._hits % _SWEEP_EVERY == 0:
            conn.execute("DELETE FROM counters WHERE expiry <= ?", (now,))
        return int(value)

    def get(self, key: str) -> int:
        """The key's count in its current window (0 when none)."""
        row = (
            self._conn()
            .execute("SELECT value FROM counters WHERE key = ? AND expiry > ?", (key, time.time()))
            .fetchone()
        )
        return int(row[0]) if row else 0

    def get_expiry(self, key: str) -> float:
        """When the key's window ends (now when there is none)."""
        now = time.time()
        row = (
            self._conn()
            .execute("SELECT expiry FROM counters WHERE key = ? AND expiry > ?", (key, now))
            .fetchone()
        )
        return float(row[0]) if row else now

    def check(self) -> bool:
        """Whether the file can be read."""
        try:
            self._conn().execute("SELECT 1").fetchone()
        except sqlite3.Error:
            return False
        return True

    def reset(self) -> int | None:
        """Forget every counter; how many there were."""
        return self._conn().execute("DELETE FROM counters").rowcount

    def clear(self, key: str) -> None:
        """Forget one key's counter."""
        self._conn().execute("DELETE FROM counters WHERE key = ?", (key,))
