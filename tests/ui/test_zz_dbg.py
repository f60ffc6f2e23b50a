import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from swv_desktop.ui.context import UiContext
from swv_desktop.ui.dialogs import form_base, school_forms

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

def test_dbg(qtbot, world, monkeypatch):
    msgs = []
    monkeypatch.setattr(form_base, "show_message", lambda *a: msgs.append(a))
    ctx = UiContext(db=world.db, actor=world.beheerder, clock=world.clock)
    d = school_forms.bestuur_dialog(world.bestuur_id, None, ctx)
    qtbot.addWidget(d)
    d.show(); d.activateWindow(); qtbot.waitActive(d)
    print("active", QApplication.activeWindow() is d, d.focusWidget(), QApplication.focusWidget())
    d.nummer.clear()
    qtbot.keyClicks(d.nummer, "12")
    qtbot.keyClick(d.nummer, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    print(msgs, QApplication.activeWindow(), QApplication.focusWidget())
    assert 0
