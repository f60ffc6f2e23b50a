"""What the ``messages`` fixture (``tests/ui/conftest.py``) records: the message boxes a test
would have seen. A plain module, so a test can name the class (a conftest is never imported)."""

from __future__ import annotations


class MessageLog:
    """Records message boxes instead of showing them (they would block a test)."""

    def __init__(self) -> None:
        self.shown: list[tuple[str, str, str]] = []

    def texts(self) -> str:
        return "\n".join(f"{title}: {text}" for _kind, title, text in self.shown)
