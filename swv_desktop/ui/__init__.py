"""The desktop window (PySide6): sign-in, main window, lists, dashboard and forms.

Widgets call services, never the Session; the core under ``swv_desktop`` never imports this package.
"""
