"""The school and schoolbestuur forms. The secretariaat and the beheerder edit; the other roles
see the same form read-only."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QFormLayout
from PySide6.QtWidgets import QWidget

from swv_desktop.db import Database
from swv_desktop.errors import Validator
from swv_desktop.services import auth
from swv_desktop.services import scholen
from swv_desktop.services.scholen import BestuurInput
from swv_desktop.services.scholen import SchoolInput
from swv_desktop.ui.context import UiContext
from swv_desktop.ui.dialogs.form_base import ChoiceCombo
from swv_desktop.ui.dialogs.form_widgets import line_edit as _line
from swv_desktop.ui.dialogs.stored_record import StoredRecordDialog

READ_ONLY_NOTE = (
    "Alleen inzien: scholen en besturen worden bijgehouden door het secretariaat en de beheerder."
)


class _InputDialog(StoredRecordDialog):
    """What the school and the bestuur form share: who may edit, and a stored record shown in
    and read from fields named after its input's fields. A subclass names its ``input_type``,
    ``fetch`` and ``titles`` (new, existing), builds its rows in ``build`` and implements
    ``perform_save``."""

    input_type: type
    fetch: Callable[[Database, int], object]
    """The service call that reads the stored record."""
    editors = scholen.EDITORS
    read_only_note = READ_ONLY_NOTE

    @classmethod
    def read(cls, ctx: UiContext, record_id: int) -> object:
        """The stored record, through ``fetch``."""
        return cls.fetch(ctx.db, record_id)

    def add_address(self, form: QFormLayout) -> None:
        """The address rows: adres, postcode, plaats."""
        self.adres = self.add_field(form, "Adres:", "adres", _line(200))
        self.postcode = self.add_field(form, "Postcode:", "postcode", _line(7, "1234 AB", 120))
        self.plaats = self.add_field(form, "Plaats:", "plaats", _line(100))

    def fill(self, data: object) -> None:
        """Show a stored record."""
        self.show_data(data)

    def input(self) -> Any:
        """What the fields hold."""
        return self.read_data(self.input_type, Validator())


class BestuurDialog(_InputDialog):
    """A school board: name, bevoegd-gezagnummer and address."""

    input_type = BestuurInput
    fetch = staticmethod(scholen.get_bestuur)
    titles = ("Nieuw schoolbestuur", "Schoolbestuur")
    min_width = 520

    def build(self, form: QFormLayout) -> None:
        self.naam = self.add_field(form, "Naam:", "naam", _line(200))
        self.nummer = self.add_field(
            form,
            "Bevoegd-gezagnummer:",
            "bevoegd_gezag_nummer",
            _line(6, "bijv. 41234", 120),
        )
        self.add_address(form)
        self.iban = self.add_field(
            form, "Rekeningnummer (IBAN):", "iban", _line(42, "NL91 ABNA 0417 1643 00", 260)
        )

    def perform_save(self) -> int:
        """Save through ``scholen.save_bestuur``."""
        return scholen.save_bestuur(self.ctx.db, self.ctx.actor, self.input(), self.record_id)


class SchoolDialog(_InputDialog):
    """A school (vestiging): name, BRIN, vestigingsnummer, board, address, contacts."""

    input_type = SchoolInput
    fetch = staticmethod(scholen.get_school)
    titles = ("Nieuwe school", "School")
    min_width = 560

    def build(self, form: QFormLayout) -> None:
        self.naam = self.add_field(form, "Naam:", "naam", _line(200))
        self.brin = self.add_field(form, "BRIN-code:", "brin", _line(4, "bijv. 12AB", 120))
        self.vestiging = self.add_field(
            form, "Vestigingsnummer:", "vestigingsnummer", _line(6, "bijv. 12AB00", 120)
        )
        self.bestuur = self.add_field(
            form,
            "Schoolbestuur:",
            "bestuur_id",
            ChoiceCombo(scholen.bestuur_choices(self.ctx.db), placeholder="Kies een schoolbestuur"),
        )
        self.add_address(form)
        self.coordinator = self.add_field(
            form,
            "Ondersteuningscoördinator:",
            "ondersteuningscoordinator",
            _line(200),
            hint="Brieven gaan ter attentie van deze persoon.",
        )
        self.contactpersoon = self.add_field(
            form,
            "Contactpersoon bureau:",
            "contactpersoon_id",
            ChoiceCombo(auth.list_contactpersonen(self.ctx.db), none_label="(nog geen)"),
        )
        self.brin.textEdited.connect(self._suggest_vestiging)

    def _suggest_vestiging(self, text: str) -> None:
        """A new school's hoofdvestiging is usually BRIN + 00: fill it while it is empty."""
        if self.vestiging.text() == "" or self.vestiging.property("voorgesteld"):
            suggestion = f"{text.strip().upper()}00" if len(text.strip()) == 4 else ""
            self.vestiging.setText(suggestion)
            self.vestiging.setProperty("voorgesteld", bool(suggestion))

    def perform_save(self) -> int:
        """Save through ``scholen.save_school``."""
        return scholen.save_school(self.ctx.db, self.ctx.actor, self.input(), self.record_id)


def school_dialog(record_id: int | None, parent: QWidget | None, ctx: UiContext) -> QWidget:
    """The school form (opener factory)."""
    return SchoolDialog.opener("School", record_id, parent, ctx)


def bestuur_dialog(record_id: int | None, parent: QWidget | None, ctx: UiContext) -> QWidget:
    """The schoolbestuur form (opener factory)."""
    return BestuurDialog.opener("Schoolbestuur", record_id, parent, ctx)
