"""The leerling form: the pupil's data, the OPP history with "Nieuwe OPP-versie", the outcome per
schooljaar, the JSON export and the AVG copy (``avg_kopie_actie``). Only contactpersonen and the programmadirecteur may see pupils;
other roles get a calm notice instead of the form."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QComboBox
from PySide6.QtWidgets import QFileDialog
from PySide6.QtWidgets import QHBoxLayout
from PySide6.QtWidgets import QSpinBox
from PySide6.QtWidgets import QTabWidget
from PySide6.QtWidgets import QVBoxLayout
from PySide6.QtWidgets import QWidget

from swv_desktop import paths
from swv_desktop.errors import KnownError
from swv_desktop.errors import Validator
from swv_desktop.models import Instroomroute
from swv_desktop.services import leerlingen
from swv_desktop.services import scholen
from swv_desktop.services import scope
from swv_desktop.services.leerlingen import LeerlingDetail
from swv_desktop.services.leerlingen import LeerlingInput
from swv_desktop.services.queries.dossier import leerling_dossier
from swv_desktop.services.scope import Recht
from swv_desktop.ui.context import UiContext
from swv_desktop.ui.dialogs import form_base
from swv_desktop.ui.dialogs.avg_kopie_actie import avg_button
from swv_desktop.ui.dialogs.avg_kopie_actie import save_avg_copy
from swv_desktop.ui.dialogs.form_base import ChoiceCombo
from swv_desktop.ui.dialogs.form_base import EnumCombo
from swv_desktop.ui.dialogs.form_base import RecordDialog
from swv_desktop.ui.dialogs.form_base import line_edit
from swv_desktop.ui.dialogs.form_base import new_form
from swv_desktop.ui.dialogs.form_base import refusal_dialog
from swv_desktop.ui.dialogs.leerling_panels import DossierPanel
from swv_desktop.ui.dialogs.leerling_panels import OppHistoryPanel
from swv_desktop.ui.dialogs.leerling_panels import UitkomstPanel
from swv_desktop.ui.dialogs.opp_form import OppDialog
from swv_desktop.ui.dialogs.opp_form import leerling_label
from swv_desktop.ui.widgets.controls import push_button
from swv_desktop.ui.widgets.controls import wrapping_label

SavePathAsker = Callable[[QWidget | None, str, str], str | None]
"""``ask(parent, title, suggested_file_name)`` -> the chosen path, or ``None`` when cancelled."""


def ask_save_path(parent: QWidget | None, title: str, suggested: str) -> str | None:
    """A Save-as dialog in the Documents folder for a JSON file (or a PDF: by the suffix)."""
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    kind = "PDF-bestanden (*.pdf)" if suggested.endswith(".pdf") else "JSON-bestanden (*.json)"
    path, _ = QFileDialog.getSaveFileName(parent, title, str(Path(folder) / suggested), kind)
    return path or None


def export_file_name(leerlingnummer: str) -> str:
    """``leerling-L1001-gegevens.json``: named by the internal number, never by the name."""
    return f"leerling-{paths.safe_file_name(leerlingnummer)}-gegevens.json"


def may_edit(ctx: UiContext) -> bool:
    """True when the signed-in role may see and change pupils."""
    return ctx.actor.rol in leerlingen.LEERLING_ROLES


class LeerlingDialog(RecordDialog):
    """A pupil: data (tab Gegevens), OPP versions (tab OPP) and outcomes (tab Uitkomst)."""

    def __init__(
        self,
        ctx: UiContext,
        detail: LeerlingDetail | None = None,
        parent: QWidget | None = None,
        *,
        ask_path: SavePathAsker | None = None,
    ) -> None:
        super().__init__(
            ctx,
            parent,
            title="Nieuwe leerling",
            read_only=not may_edit(ctx),
            record_id=detail.id if detail else None,
        )
        self.detail = detail
        self.ask_path = ask_path or ask_save_path
        self.opp_dialog: OppDialog | None = None
        self.close_after_save = detail is not None
        self.resize(760, 600)

        self.tabs = QTabWidget()
        self.body.addWidget(self.tabs, 1)
        self.tabs.addTab(self._build_gegevens(), "Gegevens")
        self.dossier_panel = DossierPanel()
        self.dossier_panel.open_requested.connect(self.open_from_dossier)
        self.tabs.addTab(self.dossier_panel, "Verloop")
        self.opp_panel = OppHistoryPanel()
        self.opp_panel.new_version.connect(self.open_new_opp)
        self.opp_panel.open_version.connect(self.open_opp_version)
        self.tabs.addTab(self.opp_panel, "OPP")
        self.uitkomst_panel = UitkomstPanel(ctx, lambda: self.record_id)
        self.tabs.addTab(self.uitkomst_panel, "Uitkomst")

        if detail is not None:
            self.fill(detail.data)
        self._show_detail()
        self.mark_clean()
        self.leerlingnummer.setFocus()

    def _build_gegevens(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        form = new_form()
        layout.addLayout(form)
        self.leerlingnummer = self.add_field(
            form, "Leerlingnummer:", "leerlingnummer", line_edit(20, "intern nummer", 160)
        )
        self.voornaam = self.add_field(form, "Voornaam:", "voornaam", line_edit(100, "", 360))
        self.tussenvoegsel = self.add_field(
            form, "Tussenvoegsel:", "tussenvoegsel", line_edit(20, "", 160)
        )
        self.achternaam = self.add_field(form, "Achternaam:", "achternaam", line_edit(100, "", 360))
        self.geboortedatum = self.add_date(form, "Geboortedatum:", "geboortedatum")
        self.school = self.add_field(
            form,
            "School:",
            "school_id",
            ChoiceCombo(scholen.school_choices(self.ctx.db), placeholder="Kies een school"),
        )
        niveau = QComboBox()
        niveau.setEditable(True)
        niveau.setMinimumWidth(200)
        niveau.addItems(list(leerlingen.NIVEAU_CHOICES))
        niveau.setCurrentIndex(-1)
        niveau.lineEdit().setPlaceholderText("bijv. havo of vmbo-gt/havo")
        self.niveau = self.add_field(
            form,
            "Niveau:",
            "niveau",
            niveau,
            hint="Kies uit de lijst of typ een combinatie, zoals vmbo-kb/gt.",
        )
        leerjaar = QSpinBox()
        leerjaar.setRange(1, 6)
        leerjaar.setMaximumWidth(80)
        self.leerjaar = self.add_field(form, "Leerjaar:", "leerjaar", leerjaar)
        self.instroomroute = self.add_field(
            form,
            "Instroomroute:",
            "instroomroute",
            EnumCombo(list(Instroomroute), current=Instroomroute.REGULIER_VO),
        )
        self.status = wrapping_label("hulptekst")
        layout.addWidget(self.status)
        layout.addStretch(1)
        export_row = QHBoxLayout()
        self.export_button = push_button("Gegevens exporteren (AVG)…", "exporteren", self.export)
        self.export_button.setAutoDefault(False)
        self.export_button.setToolTip(
            "Alles wat het samenwerkingsverband over deze leerling vastlegt, als JSON-bestand "
            "(recht op inzage)."
        )
        export_row.addWidget(self.export_button)
        self.avg_button = avg_button(self.ctx)
        self.avg_button.clicked.connect(self.avg_copy)
        export_row.addWidget(self.avg_button)
        export_row.addStretch(1)
        layout.addLayout(export_row)
        return page

    def fill(self, data: LeerlingInput) -> None:
        """Show ``data`` in the fields."""
        self.show_data(data)

    def _show_detail(self) -> None:
        saved = self.detail is not None
        if self.detail is not None:
            self.setWindowTitle(f"Leerling {leerling_label(self.detail)}")
            self.opp_panel.show_versions(self.detail.opps, saved=True)
            self.load_dossier()
        else:
            self.opp_panel.show_versions([], saved=False)
        self.tabs.setTabEnabled(self.tabs.indexOf(self.dossier_panel), saved)
        self.uitkomst_panel.set_enabled_for(saved)
        self.export_button.setEnabled(saved)

    def input(self, v: Validator) -> LeerlingInput:
        """What the fields hold; an unreadable date is recorded in ``v``."""
        return self.read_data(LeerlingInput, v)

    def perform_save(self) -> int:
        """Save through ``leerlingen.save_leerling``."""
        v = Validator()
        data = self.input(v)
        v.raise_if_any()
        return leerlingen.save_leerling(self.ctx.db, self.ctx.actor, data, self.record_id)

    def after_save(self, record_id: int) -> None:
        """A new pupil stays open so the OPP can be recorded next."""
        if self.close_after_save:
            return
        self.reload()
        self.close_after_save = True
        self.cancel_button.setText("Sluiten")
        self.status.setText("De leerling is opgeslagen. Leg nu het OPP vast op het tabblad OPP.")

    def reload(self) -> None:
        """Read the pupil again (after a save or a new OPP version)."""
        if self.record_id is None:
            return
        try:
            self.detail = leerlingen.get_leerling(self.ctx.db, self.ctx.actor, self.record_id)
        except KnownError as error:
            self.show_known_error(error)
            return
        self.versie = self.detail.data.versie  # the fields show what was just saved
        self._show_detail()

    def reload_record(self) -> None:
        """Show the pupil as stored now (someone else saved it first)."""
        self.reload()
        if self.detail is not None:
            self.fill(self.detail.data)
        self.mark_clean()

    # --- OPP --------------------------------------------------------------------------------

    def open_new_opp(self) -> None:
        """Open the OPP form prefilled from the current version."""
        if self.detail is None:
            return
        dialog = OppDialog(
            self.ctx,
            self.detail.id,
            leerling_label=leerling_label(self.detail),
            base=self.detail.current_opp,
            parent=self,
        )
        self._open_child(dialog)

    def open_opp_version(self, versie: int) -> None:
        """Show one older (or the current) version read-only."""
        if self.detail is None:
            return
        version = next((v for v in self.detail.opps if v.versie == versie), None)
        if version is None:
            return
        dialog = OppDialog(
            self.ctx,
            self.detail.id,
            leerling_label=leerling_label(self.detail),
            base=version,
            read_only=True,
            parent=self,
        )
        self._open_child(dialog)

    def _open_child(self, dialog: OppDialog) -> None:
        self.opp_dialog = dialog
        dialog.saved.connect(lambda _id: self.reload())
        dialog.finished.connect(lambda _result: self._forget_child(dialog))
        dialog.open()

    def _forget_child(self, dialog: OppDialog) -> None:
        if self.opp_dialog is dialog:
            self.opp_dialog = None
        dialog.deleteLater()

    # --- Verloop: the pupil's whole story ------------------------------------------------------

    def load_dossier(self) -> None:
        """Read the pupil's applications, decisions, letters, talks and outcomes again."""
        if self.detail is not None:
            lines = leerling_dossier(self.ctx.db, self.ctx.actor, self.detail.id)
            self.dossier_panel.show_lines(lines)

    def open_from_dossier(self, kind: str, record_id: int) -> None:
        """Open a line of the Verloop in its own form (an outcome: this form's Uitkomst tab)."""
        if kind == "uitkomst":
            self.tabs.setCurrentWidget(self.uitkomst_panel)
            return
        from swv_desktop.ui import openers  # openers imports this form: resolved at call time

        try:
            openers.open_record(kind, record_id, self, self.ctx, self._dossier_form_closed)
        except KnownError as error:
            self.show_known_error(error)

    def _dossier_form_closed(self, _result: int) -> None:
        self.load_dossier()  # a bound method: a closure on ``finished`` crashed PySide6 here

    # --- AVG export -------------------------------------------------------------------------

    def avg_copy(self) -> None:
        """The readable AVG copy (PDF) and the JSON beside it, in one click."""
        if self.detail is not None:
            save_avg_copy(
                self,
                self.ctx,
                self.detail.id,
                self.detail.data.leerlingnummer,
                self.ask_path,
                self.show_known_error,
            )

    def export(self) -> None:
        """Save everything held about the pupil as JSON, in a file named by leerlingnummer."""
        if self.detail is None:
            return
        nummer = self.detail.data.leerlingnummer
        path = self.ask_path(self, "Gegevens van de leerling exporteren", export_file_name(nummer))
        if not path:
            return
        try:
            text = leerlingen.export_leerling(self.ctx.db, self.ctx.actor, self.detail.id)
            paths.write_atomic(Path(path), text.encode("utf-8"))
        except KnownError as error:
            self.show_known_error(error)
            return
        except OSError as error:
            form_base.show_message(
                self,
                "Niet opgeslagen",
                f"Het bestand kon niet worden opgeslagen ({error.strerror or error}). "
                "Kies een andere map.",
            )
            return
        form_base.show_message(
            self,
            "Export opgeslagen",
            f"De gegevens van leerling {nummer} staan in {path}.\n\nHet bestand bevat "
            "bijzondere persoonsgegevens: geef het alleen aan de ouders of de leerling zelf, "
            "bewaar het beveiligd en verwijder het na gebruik.",
            "information",
        )


def leerling_dialog(record_id: int | None, parent: QWidget | None, ctx: UiContext) -> QWidget:
    """The leerling form (opener factory); a calm notice for roles that may not see pupils."""
    try:
        if record_id is None:
            scope.require(ctx.actor, Recht.LEERLINGEN_INVOEREN)
            return LeerlingDialog(ctx, None, parent)
        detail = leerlingen.get_leerling(ctx.db, ctx.actor, record_id)
    except KnownError as error:
        return refusal_dialog(parent, "Leerling", error)
    return LeerlingDialog(ctx, detail, parent)
