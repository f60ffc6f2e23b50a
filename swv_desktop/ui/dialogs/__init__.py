"""The record forms and dialogs. Each form module defines ``register()``, which registers its
factories with ``swv_desktop.ui.openers``; ``register_all()`` calls them once at start-up."""

from __future__ import annotations

import importlib
import logging

log = logging.getLogger(__name__)

FORM_MODULES = (
    "leerling_form",
    "opp_form",
    "school_forms",
    "aanvraag_form",
    "besluit_dialog",
    "voortgang_dialog",
    "beschikking_view",
)


def register_all() -> None:
    """Import every form module that exists and let it register its factories."""
    for name in FORM_MODULES:
        try:
            module = importlib.import_module(f"{__name__}.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"{__name__}.{name}":
                continue
            raise
        register = getattr(module, "register", None)
        if register is not None:
            register()
