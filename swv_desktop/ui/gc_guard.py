"""Garbage collection on the GUI thread only.

Python's cyclic garbage collector runs in whichever thread happens to allocate when a threshold is
crossed. When that is a worker thread (``ui.worker``) and the cycle holds Qt objects, their C++
destructors run off the GUI thread and the process can crash. So automatic collection is switched
off and a timer on the GUI thread collects instead (as Anki does).
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject
from PySide6.QtCore import QTimer

INTERVAL_MS = 1000


class MainThreadGarbageCollector(QObject):
    """Disables automatic GC and collects on the GUI thread when the thresholds say so."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        gc.disable()
        self.threshold = gc.get_threshold()
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.check)
        self.timer.start(INTERVAL_MS)

    def check(self) -> None:
        """Collect the generations whose allocation counts passed their threshold."""
        count0, count1, count2 = gc.get_count()
        if count0 > self.threshold[0]:
            gc.collect(0)
            if count1 > self.threshold[1]:
                gc.collect(1)
                if count2 > self.threshold[2]:
                    gc.collect(2)


def install(parent: QObject) -> MainThreadGarbageCollector:
    """Start collecting on the GUI thread; ``parent`` (the QApplication) owns the collector."""
    return MainThreadGarbageCollector(parent)
