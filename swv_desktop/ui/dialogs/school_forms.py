"""The school and schoolbestuur forms. The secretariaat and the beheerder edit; the other roles
see the same form read-only."""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit, QWidget

from swv_desktop.errors import KnownError
from swv_desktop.services import auth, scholen
from swv_desktop.services.scholen import BestuurInput, SchoolInput
from swv_desktop.ui.context import UiContext
from swv_desktop.ui.dialogs.form_base import ChoiceCombo, RecordDialog, refusal_dialog

READ_ONLY_NOTE = (
    "Alleen inzien: scholen en besturen worden bijgehouden door het secretariaat en de beheerder."
)


def may_edit(ctx: UiContext) -> bool:
    """True when the signed-in role may change schools and boards."""
    return ctx.actor.rol in scholen.EDITORS


def _line(max_length: int, placeholder: str = "", width: int | None = None) -> QLineEdit:
    line = QLineEdit()
    line.setMaxLength(max_length)
    if placeholder:
        line.setPlaceholderText(placeholder)
    if width is not None:
        line.setMaximumWidth(width)
    return line


class BestuurDialog(RecordDialog):
    """A school board: name, bevoegd-gezagnummer and address."""

    def __init__(
        self,
        ctx: UiContext,
        bestuur_id: int | None = None,
        data: BestuurInput | None = None,
        parent: QWidget | None = None,
    ) -> None:
        title = "Nieuw schoolbestuur" if bestuur_id is None else "Schoolbestuur"
        super().__init__(
            ctx,
            parent,
            title=title,
            read_only=not may_edit(ctx),
            read_only_note=READ_ONLY_NOTE,
            record_id=bestuur_id,
        )
        self.setMinimumWidth(520)
        form = self.add_form()
        self.naam = self.add_field(form, "Naam:", "naam", _line(200))
        self.nummer = self.add_field(
            form,
            "Bevoegd-gezagnummer:",
            "bevoegd_gezag_nummer",
            _line(6, "bijv. 41234", 120),
        )
        self.adres = self.add_field(form, "Adres:", "adres", _line(200))
        self.postcode = self.add_field(form, "Postcode:", "postcode", _line(7, "1234 AB", 120))
        self.plaats = self.add_field(form, "Plaats:", "plaats", _line(100))
        self.iban = self.add_field(
            form, "Rekeningnummer (IBAN):", "iban", _line(42, "NL91 ABNA 0417 1643 00", 260)
        )
        if data is not None:
            self.fill(data)
        self.mark_clean()

    def fill(self, data: BestuurInput) -> None:
        """Show a stored board."""
        self.naam.setText(data.naam)
        self.nummer.setText(data.bevoegd_gezag_nummer)
        self.adres.setText(data.adres)
        self.postcode.setText(data.postcode)
        self.plaats.setText(data.plaats)
        self.iban.setText(data.iban)
        self.versie = data.versie

    def reload_record(self) -> None:
        """Show the board as stored now."""
        assert self.record_id is not None
        self.fill(scholen.get_bestuur(self.ctx.db, self.record_id))
        self.mark_clean()

    def input(self) -> BestuurInput:
        """What the fields hold."""
        return BestuurInput(
            naam=self.naam.text(),
            bevoegd_gezag_nummer=self.nummer.text(),
            adres=self.adres.text(),
            postcode=self.postcode.text(),
            plaats=self.plaats.text(),
            iban=self.iban.text(),
            versie=self.versie,
        )

    def perform_save(self) -> int:
        """Save through ``scholen.save_bestuur``."""
        return scholen.save_bestuur(self.ctx.db, self.ctx.actor, self.input(), self.record_id)


class SchoolDialog(RecordDialog):
    """A school (vestiging): name, BRIN, vestigingsnummer, board, address, contacts."""

    def __init__(
        self,
        ctx: UiContext,
        school_id: int | None = None,
        data: SchoolInput | None = None,
        parent: QWidget | None = None,
    ) -> None:
        title = "Nieuwe school" if school_id is None else "School"
        super().__init__(
            ctx,
            parent,
            title=title,
            read_only=not may_edit(ctx),
            read_only_note=READ_ONLY_NOTE,
            record_id=school_id,
        )
        self.setMinimumWidth(560)
        form = self.add_form()
        self.naam = self.add_field(form, "Naam:", "naam", _line(200))
        self.brin = self.add_field(form, "BRIN-code:", "brin", _line(4, "bijv. 12AB", 120))
        self.vestiging = self.add_field(
            form, "Vestigingsnummer:", "vestigingsnummer", _line(6, "bijv. 12AB00", 120)
        )
        self.bestuur = self.add_field(
            form,
            "Schoolbestuur:",
            "bestuur_id",
            ChoiceCombo(scholen.bestuur_choices(ctx.db), placeholder="Kies een schoolbestuur"),
        )
        self.adres = self.add_field(form, "Adres:", "adres", _line(200))
        self.postcode = self.add_field(form, "Postcode:", "postcode", _line(7, "1234 AB", 120))
        self.plaats = self.add_field(form, "Plaats:", "plaats", _line(100))
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
            ChoiceCombo(auth.list_contactpersonen(ctx.db), none_label="(nog geen)"),
        )
        self.brin.textEdited.connect(self._suggest_vestiging)
        if data is not None:
            self.fill(data)
        self.mark_clean()

    def fill(self, data: SchoolInput) -> None:
        """Show a stored school."""
        self.naam.setText(data.naam)
        self.brin.setText(data.brin)
        self.vestiging.setText(data.vestigingsnummer)
        self.bestuur.set_value(data.bestuur_id)
        self.adres.setText(data.adres)
        self.postcode.setText(data.postcode)
        self.plaats.setText(data.plaats)
        self.coordinator.setText(data.ondersteuningscoordinator)
        self.contactpersoon.set_value(data.contactpersoon_id)
        self.versie = data.versie

    def reload_record(self) -> None:
        """Show the school as stored now."""
        assert self.record_id is not None
        self.fill(scholen.get_school(self.ctx.db, self.record_id))
        self.mark_clean()

    def _suggest_vestiging(self, text: str) -> None:
        """A new school's hoofdvestiging is usually BRIN + 00: fill it while it is empty."""
        if self.vestiging.text() == "" or self.vestiging.property("voorgesteld"):
            suggestion = f"{text.strip().upper()}00" if len(text.strip()) == 4 else ""
            self.vestiging.setText(suggestion)
            self.vestiging.setProperty("voorgesteld", bool(suggestion))

    def input(self) -> SchoolInput:
        """What the fields hold."""
        return SchoolInput(
            naam=self.naam.text(),
            brin=self.brin.text(),
            vestigingsnummer=self.vestiging.text(),
            bestuur_id=self.bestuur.value(),
            adres=self.adres.text(),
            postcode=self.postcode.text(),
            plaats=self.plaats.text(),
            ondersteuningscoordinator=self.coordinator.text(),
            contactpersoon_id=self.contactpersoon.value(),
            versie=self.versie,
        )

    def perform_save(self) -> int:
        """Save through ``scholen.save_school``."""
        return scholen.save_school(self.ctx.db, self.ctx.actor, self.input(), self.record_id)


def school_dialog(record_id: int | None, parent: QWidget | None, ctx: UiContext) -> QWidget:
    """The school form (opener factory); a calm notice when the school cannot be read."""
    try:
        data = None if record_id is None else scholen.get_school(ctx.db, record_id)
    except KnownError as error:
        return refusal_dialog(parent, "School", error)
    return SchoolDialog(ctx, record_id, data, parent)


def bestuur_dialog(record_id: int | None, parent: QWidget | None, ctx: UiContext) -> QWidget:
    """The schoolbestuur form (opener factory)."""
    try:
        data = None if record_id is None else scholen.get_bestuur(ctx.db, record_id)
    except KnownError as error:
        return refusal_dialog(parent, "Schoolbestuur", error)
    return BestuurDialog(ctx, record_id, data, parent)
