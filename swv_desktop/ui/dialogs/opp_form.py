"""The OPP form: a new version of a pupil's OPP summary, prefilled from the current version so
that a new version is an edit of the last one (older versions stay as history). The same form
shows an older version read-only."""

from __future__ import annotations

from PySide6.QtWidgets import QGridLayout
from PySide6.QtWidgets import QLineEdit
from PySide6.QtWidgets import QPlainTextEdit
from PySide6.QtWidgets import QWidget

from swv_desktop.errors import KnownError
from swv_desktop.errors import Validator
from swv_desktop.formatting import long_date
from swv_desktop.models import Toestemming
from swv_desktop.services import leerlingen
from swv_desktop.services import opp_versies
from swv_desktop.services.opp_versies import OppInput
from swv_desktop.services.opp_versies import OppVersion
from swv_desktop.ui.context import UiContext
from swv_desktop.ui.dialogs import form_base
from swv_desktop.ui.dialogs.form_base import EnumCombo
from swv_desktop.ui.dialogs.form_base import RecordDialog
from swv_desktop.ui.dialogs.form_base import new_form
from swv_desktop.ui.dialogs.form_base import refusal_dialog
from swv_desktop.ui.dialogs.form_base import text_area
from swv_desktop.ui.widgets.controls import wrapping_label

TEXT_FIELDS = (
    ("inzet_maatwerkbudget", "Waarvoor wordt het maatwerkbudget ingezet?"),
    ("onderwijsbehoeften", "Onderwijsbehoeften"),
    ("belemmerende_factoren", "Belemmerende factoren"),
    ("bevorderende_factoren", "Bevorderende factoren"),
    ("afwijkingen_programma", "Afwijkingen van het onderwijsprogramma"),
    ("ondersteuning_begeleiding", "Ondersteuning en begeleiding"),
)
"""The multi-line fields, in tab order (two per row)."""


class OppDialog(RecordDialog):
    """A new OPP version for one pupil (or, read-only, an existing version)."""

    def __init__(
        self,
        ctx: UiContext,
        leerling_id: int,
        *,
        leerling_label: str,
        base: OppVersion | None = None,
        read_only: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        if read_only and base is not None:
            title = f"OPP versie {base.versie}: {leerling_label}"
        else:
            title = f"Nieuwe OPP-versie: {leerling_label}"
        super().__init__(ctx, parent, title=title, read_only=read_only)
        self.leerling_id = leerling_id
        self.base = base
        self.resize(920, 720)

        self.intro = wrapping_label("hulptekst", self._intro_text())
        self.body.addWidget(self.intro)

        top = QGridLayout()
        top.setHorizontalSpacing(24)
        self.body.addLayout(top)
        left = new_form()
        right = new_form()
        top.addLayout(left, 0, 0)
        top.addLayout(right, 0, 1)
        top.setColumnStretch(0, 3)
        top.setColumnStretch(1, 2)

        # created row by row, so Tab follows the rows: each date beside the field it belongs to
        self.vastgesteld_op = self.add_date(left, "Vastgesteld op:", "vastgesteld_op")
        self.laatst_geevalueerd_op = self.add_date(
            right,
            "Laatst geëvalueerd op:",
            "laatst_geevalueerd_op",
        )
        uitstroom = QLineEdit()
        uitstroom.setMaxLength(200)
        uitstroom.setPlaceholderText("bijv. havo, of vmbo-gt met doorstroom naar mbo 4")
        self.uitstroomprofiel = self.add_field(
            left, "Verwacht uitstroomprofiel:", "uitstroomprofiel", uitstroom
        )
        self.volgende_evaluatie_op = self.add_date(
            right,
            "Volgende evaluatie op:",
            "volgende_evaluatie_op",
        )
        self.toestemming_door = self.add_field(
            left,
            "Toestemming handelingsdeel:",
            "toestemming_door",
            EnumCombo(list(Toestemming), current=Toestemming.GEEN),
        )
        self.toestemming_datum = self.add_date(
            right, "Toestemming gegeven op:", "toestemming_datum"
        )

        grid = QGridLayout()
        grid.setHorizontalSpacing(16)
        self.body.addLayout(grid, 1)
        self.texts: dict[str, QPlainTextEdit] = {}
        for index, (name, label) in enumerate(TEXT_FIELDS):
            area = text_area(4)
            self.texts[name] = area
            column = self.field_column(label, name, area)
            grid.addLayout(column, index // 2, index % 2)

        if base is not None:
            self.fill(base.data)
        self.mark_clean()
        self.vastgesteld_op.setFocus()

    def _intro_text(self) -> str:
        if self.base is None:
            return (
                "Leg de samenvatting van het OPP vast. Het OPP vermeldt waarvoor het "
                "maatwerkbudget wordt ingezet; daarmee onderbouwt de school de aanvraag."
            )
        vastgesteld = long_date(self.base.data.vastgesteld_op)
        if self.read_only:
            door = (
                f", vastgelegd door {self.base.aangemaakt_door}"
                if self.base.aangemaakt_door
                else ""
            )
            return f"Versie {self.base.versie}, vastgesteld op {vastgesteld}{door}."
        return (
            f"Vooringevuld met versie {self.base.versie} (vastgesteld op {vastgesteld}). "
            f"Pas aan wat is veranderd; versie {self.base.versie} blijft bewaard."
        )

    def fill(self, data: OppInput) -> None:
        """Show ``data`` in the fields."""
        self.show_data(data)

    def input(self, v: Validator) -> OppInput:
        """What the fields hold; unreadable dates are recorded in ``v``."""
        return self.read_data(OppInput, v)

    def save(self) -> bool:
        """Save a new version; an unchanged copy of the current version is not stored."""
        if self.base is not None and not self.read_only and not self.is_dirty():
            form_base.show_message(
                self,
                "Niets gewijzigd",
                f"Er is niets veranderd ten opzichte van versie {self.base.versie}; "
                "er is geen nieuwe versie opgeslagen.",
                "information",
            )
            return False
        return super().save()

    def perform_save(self) -> int:
        """Store the new version through ``opp_versies.add_opp_version``."""
        v = Validator()
        data = self.input(v)
        v.raise_if_any()
        return opp_versies.add_opp_version(
            self.ctx.db,
            self.ctx.actor,
            self.leerling_id,
            data,
            vorige_versie=self.base.versie if self.base is not None else 0,
        )

    def reload_record(self) -> None:
        """Someone stored a newer OPP version meanwhile: show that one as the base."""
        detail = leerlingen.get_leerling(self.ctx.db, self.ctx.actor, self.leerling_id)
        self.base = detail.current_opp
        self.intro.setText(self._intro_text())
        if self.base is not None:
            self.fill(self.base.data)
        self.mark_clean()


def opp_dialog(record_id: int | None, parent: QWidget | None, ctx: UiContext) -> QWidget:
    """A new OPP version for pupil ``record_id`` (opener factory; the id is the leerling's)."""
    if record_id is None:
        return refusal_dialog(
            parent,
            "OPP",
            KnownError("Open een leerling en kies daar 'Nieuwe OPP-versie'."),
        )
    try:
        detail = leerlingen.get_leerling(ctx.db, ctx.actor, record_id)
    except KnownError as error:
        return refusal_dialog(parent, "OPP", error)
    return OppDialog(
        ctx,
        record_id,
        leerling_label=leerling_label(detail),
        base=detail.current_opp,
        parent=parent,
    )


def leerling_label(detail: leerlingen.LeerlingDetail) -> str:
    """``Daan Jansen (L1001)``: how a form names the pupil in its title."""
    d = detail.data
    naam = " ".join(p for p in (d.voornaam, d.tussenvoegsel, d.achternaam) if p)
    return f"{naam} ({d.leerlingnummer})"
