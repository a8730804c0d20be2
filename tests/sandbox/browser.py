"""Headless Chromium (Debian's ``chromium``) driven by Playwright, never a downloaded browser.

:func:`chromium` yields a browser, or skips the test with the reason when none can be started here.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--no-first-run", "--disable-dev-shm-usage"]


@contextmanager
def chromium() -> Iterator[Any]:
    try:
        from playwright.sync_api import Error
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - playwright is a dev dependency
        pytest.skip("playwright is not installed (pip install -e '.[dev]')")
    executable = CHROMIUM if CHROMIUM.exists() else Path(shutil.which("chromium") or CHROMIUM)
    if not executable.exists():
        pytest.skip(f"no Chromium at {CHROMIUM}: apt-get install -y chromium (the same flow runs over the "
                    "sandbox's HTTP API in test_sandbox_story.py)")
    with sync_playwright() as playwright:
        try:
            browser = playwright.chromium.launch(executable_path=str(executable), headless=True, args=FLAGS)
        except Error as error:
            pytest.skip(f"Chromium at {executable} does not start here: {str(error).splitlines()[0]}")
        try:
            yield browser
        finally:
            browser.close()
