"""The desktop window (PySide6): sign-in, main window, lists, dashboard and forms.

Widgets call services, never the Session; the core under ``swv_desktop`` never imports this package.
Importing the package applies the guard in ``qt_compat`` (a PySide6 6.12 / CPython 3.11
reference-count bug that would otherwise abort the application after some minutes of use).
"""

from swv_desktop.ui.qt_compat import immortalize_singletons

immortalize_singletons()
