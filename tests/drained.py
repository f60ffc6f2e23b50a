"""Window tests and background work: automatic garbage collection is off while a window test
runs and runs on the GUI thread after it, as ``ui.gc_guard`` does in the app (a collection on a
worker thread that frees Qt objects crashes the process), and background jobs finish (their
callbacks run) before the test's database closes."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtWidgets import QApplication

from swv_desktop.ui.worker import wait_for_all


@contextmanager
def workers_drained(*, freeze: bool = False) -> Iterator[None]:
    """Around one window test. ``freeze``: what survives the collection afterwards (modules, Qt
    wrappers, caches) is frozen, so the next one scans only what the next test made."""
    gc.disable()
    try:
        yield
        wait_for_all()
        QApplication.processEvents()
    finally:
        gc.collect()
        if freeze:
            gc.freeze()
        gc.enable()
