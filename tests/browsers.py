"""Chromium for the browser tests and ``docs/screenshots.py``: where it is and how it starts.

Debian's Chromium (``apt-get install chromium``; ``RAQIB_CHROMIUM`` points elsewhere), driven by
Playwright without its own browser download.  The flags keep a headless run quiet and offline:
no sandbox (CI runs as root), no GPU, no first-run, background, component-update or sync traffic.
"""

from __future__ import annotations

import os
from pathlib import Path
from types import ModuleType

CHROMIUM = os.environ.get("RAQIB_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)


def playwright_or_skip() -> ModuleType:
    """``playwright.sync_api``, or skip the calling test module with the reason."""
    import pytest

    if not Path(CHROMIUM).exists():
        pytest.skip(
            f"browser tests skipped: no Chromium at {CHROMIUM} (apt-get install chromium)",
            allow_module_level=True,
        )
    return pytest.importorskip(
        "playwright.sync_api", reason="browser tests skipped: playwright is not installed"
    )
