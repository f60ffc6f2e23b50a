"""Unexpected errors are logged with their full traceback and shown calmly."""

from __future__ import annotations

import logging
import sys
import threading

import pytest

from swv_desktop.ui import app

from .messages import MessageLog


def _broken_slot() -> None:
    raise AttributeError("'VoortgangDialog' object has no attribute 'read_only'")


@pytest.fixture
def hooks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Install the application's hooks for one test; the originals come back afterwards."""
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(sys, "unraisablehook", sys.unraisablehook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    app.install_excepthook(None)


@pytest.mark.usefixtures("hooks")
def test_an_error_in_a_slot_is_logged_with_its_traceback(
    caplog: pytest.LogCaptureFixture, messages: MessageLog
) -> None:
    try:
        _broken_slot()
    except AttributeError as exc:
        with caplog.at_level(logging.ERROR, logger="swv_desktop"):
            sys.excepthook(type(exc), exc, exc.__traceback__)
    text = caplog.text
    assert "Traceback (most recent call last)" in text
    assert "_broken_slot" in text and "has no attribute 'read_only'" in text
    assert [(kind, title) for kind, title, _t in messages.shown] == [
        ("critical", "Er ging iets mis")
    ]


@pytest.mark.usefixtures("hooks")
def test_an_error_in_another_thread_is_logged_with_its_traceback(
    caplog: pytest.LogCaptureFixture,
) -> None:
    worker = threading.Thread(target=_broken_slot, name="proef")
    with caplog.at_level(logging.ERROR, logger="swv_desktop"):
        worker.start()
        worker.join()
    assert "thread proef" in caplog.text and "_broken_slot" in caplog.text
