"""The first-run wizard on an empty database creates the settings, the first beheerder and the
first schooljaar with the regulation's figures; invalid input saves nothing."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QWizard
from pytestqt.qtbot import QtBot
from sqlalchemy import func
from sqlalchemy import select

from swv_desktop.db import Database
from swv_desktop.models import AuditEntry
from swv_desktop.models import Gebruiker
from swv_desktop.models import Organisatie
from swv_desktop.models import Rol
from swv_desktop.models import Schooljaar
from swv_desktop.services import auth
from swv_desktop.services import instellingen
from swv_desktop.ui.first_run import FirstRunWizard

from .messages import MessageLog

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def fill(qtbot: QtBot, wizard: FirstRunWizard, password: str) -> None:
    qtbot.keyClicks(wizard.org["naam"], "Samenwerkingsverband VO Testregio")
    qtbot.keyClicks(wizard.org["plaats"], "Teststad")
    wizard.button(QWizard.WizardButton.NextButton).click()
    assert wizard.currentId() == 1
    qtbot.keyClicks(wizard.gebruikersnaam, "beheer")
    qtbot.keyClicks(wizard.volledige_naam, "Bas Beheer")
    qtbot.keyClicks(wizard.wachtwoord, password)
    qtbot.keyClicks(wizard.herhaal, password)
    wizard.button(QWizard.WizardButton.NextButton).click()
    assert wizard.currentId() == 2


def test_wizard_sets_up_an_empty_database(qtbot: QtBot, db: Database, messages: MessageLog) -> None:
    assert instellingen.needs_first_run(db)
    wizard = FirstRunWizard(db)
    qtbot.addWidget(wizard)
    wizard.show()
    fill(qtbot, wizard, "een-lang-wachtwoord")
    assert wizard.schooljaar.text() == "2021-2022"  # from the clock: 4 October 2021
    with qtbot.waitSignal(wizard.accepted):
        wizard.button(QWizard.WizardButton.FinishButton).click()
    assert messages.shown == []
    with db.read() as s:
        org = s.scalars(select(Organisatie)).one()
        assert (org.naam, org.plaats) == ("Samenwerkingsverband VO Testregio", "Teststad")
        user = s.scalars(select(Gebruiker)).one()
        assert (user.gebruikersnaam, user.rol) == ("beheer", Rol.BEHEERDER)
        user_id = user.id
        jaar = s.scalars(select(Schooljaar)).one()
        assert (jaar.label, jaar.budget_cents, jaar.individueel_max_cents) == (
            "2021-2022",
            15_000_000,
            800_000,
        )
        assert (jaar.groep_max_cents, jaar.groep_min_leerlingen) == (4_000_000, 5)
        assert s.scalar(select(func.count(AuditEntry.id))) == 2
    assert wizard.actor is not None and wizard.actor.rol is Rol.BEHEERDER
    assert auth.authenticate(db, "beheer", "een-lang-wachtwoord").id == user_id
    assert not instellingen.needs_first_run(db)


def test_invalid_input_saves_nothing(qtbot: QtBot, db: Database, messages: MessageLog) -> None:
    wizard = FirstRunWizard(db)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.button(QWizard.WizardButton.NextButton).click()  # no name yet
    assert wizard.currentId() == 0
    assert "naam van het samenwerkingsverband" in messages.texts()
    assert wizard.org["naam"].property("fout") is True
    fill(qtbot, wizard, "kort")
    wizard.schooljaar.setText("2021/2022")
    wizard.button(QWizard.WizardButton.FinishButton).click()
    assert wizard.result() == 0 and wizard.isVisible()
    text = messages.texts()
    assert "minstens 10 tekens" in text and "schrijf het als 2021-2022" in text
    assert wizard.schooljaar.property("fout") is True
    with db.read() as s:
        assert s.scalar(select(func.count(Gebruiker.id))) == 0
        assert s.scalar(select(func.count(Organisatie.id))) == 0
    assert instellingen.needs_first_run(db)
