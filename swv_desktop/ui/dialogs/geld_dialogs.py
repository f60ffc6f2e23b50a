"""The forms of the money after an award: a payment (or a repayment), the school's account
(verantwoording) and the settlement (vaststelling). Thin over ``services.verantwoording``: the
services check everything and the form shows what they refuse."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox
from PySide6.QtWidgets import QLabel
from PySide6.QtWidgets import QLineEdit
from PySide6.QtWidgets import QWidget

from swv_desktop.errors import Validator
from swv_desktop.formatting import money
from swv_desktop.models import Afwikkeling
from swv_desktop.models import BestedingSoort
from swv_desktop.services.verantwoording import betalingen
from swv_desktop.services.verantwoording import use_cases as geld
from swv_desktop.services.verantwoording.overzicht import Geldstroom
from swv_desktop.services.verantwoording.regels import afrekening
from swv_desktop.ui.context import UiContext
from swv_desktop.ui.dialogs.form_base import EnumCombo
from swv_desktop.ui.dialogs.form_base import MoneyEdit
from swv_desktop.ui.dialogs.form_base import RecordDialog
from swv_desktop.ui.dialogs.form_base import text_area


def _heading(dialog: RecordDialog, title: str, sub: str) -> QLabel:
    heading = QLabel(title)
    heading.setStyleSheet("font-size: 14pt; font-weight: 600;")
    subheading = QLabel(sub)
    subheading.setWordWrap(True)
    subheading.setStyleSheet("color:#555555;")
    dialog.body.addWidget(heading)
    dialog.body.addWidget(subheading)
    return subheading


class BetalingDialog(RecordDialog):
    """A payment to the board, or (``terug``) a repayment on the settlement."""

    def __init__(
        self, ctx: UiContext, stroom: Geldstroom, parent: QWidget | None = None, *, terug: bool
    ) -> None:
        what = "Terugbetaling" if terug else "Betaling"
        super().__init__(ctx, parent, title=f"{what} – aanvraag {stroom.nummer}")
        self.stroom = stroom
        self.terug = terug
        self.setMinimumWidth(560)
        if terug:
            sub = f"Nog terug te ontvangen van {stroom.bestuur}: {money(stroom.saldo_cents)}."
        else:
            rekening = stroom.iban or "nog geen rekeningnummer bekend"
            sub = (
                f"Aan {stroom.bestuur} ({rekening}). Toegekend {money(stroom.toegekend_cents)}, "
                f"al betaald {money(stroom.betaald_cents)}."
            )
        _heading(self, f"{what} vastleggen", sub)
        form = self.add_form()
        self.datum = self.add_date(form, "Datum:", "datum")
        self.bedrag = self.add_field(form, "Bedrag:", "bedrag", MoneyEdit())
        self.referentie = self.add_field(
            form,
            "Referentie:",
            "referentie",
            QLineEdit(),
            hint="Bijvoorbeeld het nummer van de bankopdracht of het bankafschrift.",
        )
        self.wijze: EnumCombo[Afwikkeling] | None = None
        if terug:
            self.wijze = self.add_field(form, "Hoe:", "wijze", EnumCombo(list(Afwikkeling)))
            self.wijze.set_value(
                Afwikkeling.VERREKENEN
                if stroom.vaststelling and stroom.vaststelling.afwikkeling is Afwikkeling.VERREKENEN
                else Afwikkeling.TERUGBETALEN
            )
        self.datum.set_value(ctx.today())
        open_cents = stroom.saldo_cents if terug else -stroom.saldo_cents
        if not terug and stroom.vaststelling is None:
            open_cents = stroom.toegekend_cents - stroom.betaald_cents
        if open_cents > 0:
            self.bedrag.set_cents(open_cents)
        self.mark_clean()

    def perform_save(self) -> int:
        v = Validator()
        datum = self.read_checked(v, "datum", self.datum.value)
        bedrag = self.read_checked(v, "bedrag", self.bedrag.cents)
        v.raise_if_any()
        data = betalingen.BetalingInput(
            datum, bedrag if bedrag is not None else 0, self.referentie.text()
        )
        if self.terug:
            assert self.stroom.vaststelling is not None and self.wijze is not None
            return betalingen.record_terugbetaling(
                self.ctx.db,
                self.ctx.actor,
                self.stroom.vaststelling.id,
                data,
                wijze=self.wijze.value(),
            )
        return betalingen.record_betaling(
            self.ctx.db, self.ctx.actor, self.stroom.aanvraag_id, data
        )


class VerantwoordingDialog(RecordDialog):
    """The school's account: when it came in, what was spent per kind, the check."""

    def __init__(self, ctx: UiContext, stroom: Geldstroom, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent, title=f"Verantwoording – aanvraag {stroom.nummer}")
        self.stroom = stroom
        self.setMinimumWidth(600)
        _heading(
            self,
            "Verantwoording vastleggen",
            f"{stroom.school} · toegekend {money(stroom.toegekend_cents)}. De uitgaven kunnen niet "
            "hoger zijn dan het toegekende bedrag; daarvoor is eerst een herziening nodig.",
        )
        form = self.add_form()
        self.ontvangen = self.add_date(form, "Ontvangen op:", "ontvangen_op")
        self.bedragen: dict[BestedingSoort, MoneyEdit] = {}
        for kind in BestedingSoort:
            self.bedragen[kind] = self.add_field(form, f"{kind.label}:", kind.column, MoneyEdit())
            self.bedragen[kind].changed.connect(self._total)
        self.totaal = QLabel()
        self.totaal.setObjectName("verantwoording_totaal")
        form.addRow("Totaal besteed:", self.totaal)
        self.gecontroleerd = QCheckBox("Gecontroleerd")
        self.gecontroleerd.setObjectName("gecontroleerd")
        door = stroom.verantwoording.gecontroleerd_door if stroom.verantwoording else ""
        self.gecontroleerd.setToolTip(
            "Wie de controle vastlegt, staat als controleur vermeld"
            + (f" (nu: {door})" if door else "")
        )
        form.addRow("", self.gecontroleerd)
        self.gecontroleerd_op = self.add_date(form, "Gecontroleerd op:", "gecontroleerd_op")
        self.gecontroleerd.toggled.connect(self._checked)
        self.opmerkingen = self.add_field(form, "Opmerkingen:", "opmerkingen", text_area(3))
        self.bijlage = self.add_field(
            form,
            "Bijlage:",
            "bijlage",
            QLineEdit(),
            hint="Waar de rapportage van de school staat (documentnummer of map), niet het bestand.",
        )
        self.versie = None
        account = stroom.verantwoording
        if account is None:
            self.ontvangen.set_value(ctx.today())
        else:
            self.versie = account.versie
            self.ontvangen.set_value(account.ontvangen_op)
            for kind, edit in self.bedragen.items():
                edit.set_cents(account.bedragen[kind])
            self.gecontroleerd.setChecked(account.gecontroleerd_op is not None)
            self.gecontroleerd_op.set_value(account.gecontroleerd_op)
            self.opmerkingen.setPlainText(account.opmerkingen)
            self.bijlage.setText(account.bijlage)
        self._checked(self.gecontroleerd.isChecked())
        self._total()
        self.mark_clean()

    def _checked(self, on: bool) -> None:
        self.gecontroleerd_op.setEnabled(on)
        if on and self.gecontroleerd_op.state() == "":
            self.gecontroleerd_op.set_value(self.ctx.today())

    def _total(self) -> None:
        try:
            total = sum(edit.cents() or 0 for edit in self.bedragen.values())
        except ValueError:
            self.totaal.setText("–")
            return
        over = total - self.stroom.toegekend_cents
        self.totaal.setText(
            money(total) + (f" ({money(over)} boven het toegekende bedrag)" if over > 0 else "")
        )

    def perform_save(self) -> int:
        v = Validator()
        ontvangen = self.read_checked(v, "ontvangen_op", self.ontvangen.value)
        amounts = {
            kind: self.read_checked(v, kind.column, edit.cents)
            for kind, edit in self.bedragen.items()
        }
        checked = (
            self.read_checked(v, "gecontroleerd_op", self.gecontroleerd_op.value)
            if self.gecontroleerd.isChecked()
            else None
        )
        v.raise_if_any()
        data = betalingen.VerantwoordingInput(
            ontvangen_op=ontvangen,
            gecontroleerd_op=checked,
            opmerkingen=self.opmerkingen.toPlainText(),
            bijlage=self.bijlage.text(),
            **{kind.column: amounts[kind] or 0 for kind in BestedingSoort},
        )
        return betalingen.save_verantwoording(
            self.ctx.db, self.ctx.actor, self.stroom.aanvraag_id, data, versie=self.versie
        )


class VaststellingDialog(RecordDialog):
    """Settle the award at the checked account, with what it means for the board."""

    def __init__(self, ctx: UiContext, stroom: Geldstroom, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent, title=f"Vaststellen – aanvraag {stroom.nummer}")
        self.stroom = stroom
        self.setMinimumWidth(600)
        account = stroom.verantwoording
        spent = account.besteed_cents if account else 0
        som = afrekening(
            stroom.toegekend_cents, min(spent, stroom.toegekend_cents), stroom.betaald_cents
        )
        if som.terug_cents > 0:
            gevolg = f"Het schoolbestuur betaalt {money(som.terug_cents)} terug."
        elif som.terug_cents < 0:
            gevolg = f"Wij betalen nog {money(-som.terug_cents)} aan het schoolbestuur."
        else:
            gevolg = "Er hoeft niets te worden terugbetaald of bijbetaald."
        self.summary = _heading(
            self,
            "Toekenning vaststellen",
            f"Toegekend {money(som.toegekend_cents)}, besteed {money(som.besteed_cents)}, "
            f"betaald {money(som.betaald_cents)}. Vastgesteld wordt {money(som.vastgesteld_cents)}. "
            f"{gevolg}",
        )
        form = self.add_form()
        self.briefdatum = self.add_date(form, "Dagtekening brief:", "briefdatum")
        self.afwikkeling = self.add_field(
            form,
            "Niet-bestede middelen:",
            "afwikkeling",
            EnumCombo(list(Afwikkeling)),
            hint="Terugbetalen binnen zes weken na de dagtekening, of verrekenen met een volgende toekenning.",
        )
        self.afwikkeling.setEnabled(som.terug_cents > 0)
        self.toelichting = self.add_field(form, "Toelichting:", "toelichting", text_area(3))
        self.briefdatum.set_value(ctx.today())
        self.save_button.setText("Vaststellen")
        self.result: geld.VaststellingResult | None = None
        self.mark_clean()

    def perform_save(self) -> int:
        v = Validator()
        day = self.read_checked(v, "briefdatum", self.briefdatum.value)
        v.raise_if_any()
        self.result = geld.vaststellen(
            self.ctx.db,
            self.ctx.actor,
            self.stroom.aanvraag_id,
            geld.VaststellingInput(day, self.afwikkeling.value(), self.toelichting.toPlainText()),
        )
        return self.result.vaststelling_id
