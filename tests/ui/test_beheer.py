"""Beheer: accounts, schooljaren and settings through the services; validation errors are
marked on the field and listed in one dialog, and nothing is saved."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from swv_desktop.models import AuditEntry
from swv_desktop.models import Gebruiker
from swv_desktop.models import Organisatie
from swv_desktop.models import Rol
from swv_desktop.models import Schooljaar
from swv_desktop.ui.context import UiContext

from .fixtures import Seed
from .form_helpers import beheer_tab
from .messages import MessageLog

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def test_beheerder_creates_a_user(
    qtbot: QtBot, ctx_for: Callable[[str], UiContext], seed: Seed, messages: MessageLog
) -> None:
    ctx = ctx_for("beheer")
    _page, tab = beheer_tab(qtbot, ctx, "users_tab")
    assert tab.table.rowCount() == 5
    qtbot.keyClicks(tab.gebruikersnaam, "cp3")
    qtbot.keyClicks(tab.volledige_naam, "Cas Contact")
    tab.rol.setCurrentIndex(tab.rol.findData(Rol.SECRETARIAAT.value))
    qtbot.keyClicks(tab.wachtwoord, "kort")
    tab.save_button.click()
    assert tab.wachtwoord.property("fout") is True
    assert "minstens 10 tekens" in messages.texts()
    with ctx.db.read() as s:
        assert s.scalars(select(Gebruiker).where(Gebruiker.gebruikersnaam == "cp3")).first() is None
    qtbot.keyClicks(tab.wachtwoord, "-maar-nu-lang-genoeg")
    tab.save_button.click()
    assert tab.table.rowCount() == 6
    assert tab.wachtwoord.property("fout") is False
    with ctx.db.read() as s:
        user = s.scalars(select(Gebruiker).where(Gebruiker.gebruikersnaam == "cp3")).one()
        assert (user.volledige_naam, user.rol) == ("Cas Contact", Rol.SECRETARIAAT)
        entry = s.scalars(select(AuditEntry).where(AuditEntry.entiteit == "gebruiker")).one()
        assert (entry.entiteit_id, entry.gebruikersnaam) == (user.id, "beheer")


def test_beheerder_deactivates_a_user(
    qtbot: QtBot, ctx_for: Callable[[str], UiContext], seed: Seed, messages: MessageLog
) -> None:
    ctx = ctx_for("beheer")
    _page, tab = beheer_tab(qtbot, ctx, "users_tab")
    row = next(i for i, u in enumerate(tab.users) if u.gebruikersnaam == "cp2")
    tab.table.selectRow(row)
    assert tab.gebruikersnaam.isReadOnly() and tab.gebruikersnaam.text() == "cp2"
    tab.actief.setChecked(False)
    tab.save_button.click()
    with ctx.db.read() as s:
        assert s.get(Gebruiker, seed.users["cp2"]).actief is False


def test_schooljaar_with_dutch_amounts(
    qtbot: QtBot, ctx_for: Callable[[str], UiContext], seed: Seed, messages: MessageLog
) -> None:
    ctx = ctx_for("pd")  # the programmadirecteur sets the figures too
    _page, tab = beheer_tab(qtbot, ctx, "jaren_tab")
    assert tab.label.text() == "2023-2024"
    assert tab.budget_cents.text() == "150.000,00"
    tab.budget_cents.setText("tachtig")
    tab.save_button.click()
    assert tab.budget_cents.property("fout") is True
    assert "geen geldig bedrag" in messages.texts()
    tab.budget_cents.setText("160.000")
    tab.save_button.click()
    with ctx.db.read() as s:
        jaar = s.scalars(select(Schooljaar).where(Schooljaar.label == "2023-2024")).one()
        assert (jaar.budget_cents, jaar.individueel_max_cents) == (16_000_000, 800_000)


def test_settings_are_saved(
    qtbot: QtBot, ctx_for: Callable[[str], UiContext], seed: Seed, messages: MessageLog
) -> None:
    ctx = ctx_for("beheer")
    _page, tab = beheer_tab(qtbot, ctx, "settings_tab")
    tab.edits["naam"].clear()
    tab.save_button.click()
    assert tab.edits["naam"].property("fout") is True
    with ctx.db.read() as s:
        assert s.scalars(select(Organisatie)).one().naam == "Samenwerkingsverband VO Testregio"
    qtbot.keyClicks(tab.edits["naam"], "SWV VO Nieuwe Naam")
    tab.edits["kenmerk_prefix"].setText("MB")
    tab.save_button.click()
    with ctx.db.read() as s:
        org = s.scalars(select(Organisatie)).one()
        assert (org.naam, org.kenmerk_prefix) == ("SWV VO Nieuwe Naam", "MB")


def test_remedy_and_mandate_settings_are_saved(
    qtbot: QtBot, ctx_for: Callable[[str], UiContext], seed: Seed, messages: MessageLog
) -> None:
    from datetime import date

    ctx = ctx_for("beheer")
    _page, tab = beheer_tab(qtbot, ctx, "settings_tab")
    qtbot.keyClicks(tab.mandaat.line, "31-13-2021")
    tab.save_button.click()
    assert tab.mandaat.property("fout") is True
    with ctx.db.read() as s:
        assert s.scalars(select(Organisatie)).one().mandaatbesluit_op is None
    tab.mandaat.line.clear()
    qtbot.keyClicks(tab.mandaat.line, "1-9-2021")
    tab.soort.setCurrentIndex(tab.soort.findData("bezwaar"))
    qtbot.keyClicks(tab.edits["rechtsmiddel_email"], "bezwaar@swv.example")
    qtbot.keyClicks(tab.edits["rechtsmiddel_adres"], "Postbus 1, 1000 AA Stad")
    tab.save_button.click()
    with ctx.db.read() as s:
        org = s.scalars(select(Organisatie)).one()
        assert org.mandaatbesluit_op == date(2021, 9, 1)
        assert org.rechtsmiddel_soort == "bezwaar"
        assert (org.rechtsmiddel_email, org.rechtsmiddel_adres) == (
            "bezwaar@swv.example",
            "Postbus 1, 1000 AA Stad",
        )


def test_an_own_remedy_clause_without_term_or_address_is_refused(
    qtbot: QtBot, ctx_for: Callable[[str], UiContext], seed: Seed, messages: MessageLog
) -> None:
    """A clause that is only a dash, or says neither the term nor where to send the request, is
    refused with the reason on the field; emptied, the letter takes the standard text."""
    ctx = ctx_for("beheer")
    _page, tab = beheer_tab(qtbot, ctx, "settings_tab")
    with ctx.db.read() as s:
        versie = s.scalars(select(Organisatie)).one().versie
    for text, reason in (
        ("-", "laat het veld leeg voor de standaardtekst"),
        ("Bel ons als u het niet eens bent.", "binnen welke termijn"),
        ("Stuur binnen zes weken een brief.", "waarheen"),
        ("Binnen zes weken aan {adres} onder {nummer}.", "Onbekend invulveld {nummer}"),
    ):
        tab.rechtsmiddel.clear()
        qtbot.keyClicks(tab.rechtsmiddel, text)
        tab.save_button.click()
        assert tab.rechtsmiddel.property("fout") is True
        assert reason in messages.texts()
        with ctx.db.read() as s:
            org = s.scalars(select(Organisatie)).one()
            assert (org.rechtsmiddel_tekst, org.versie) == ("", versie)
    tab.rechtsmiddel.clear()
    qtbot.keyClicks(tab.rechtsmiddel, "Verzoek binnen zes weken aan {adres}{per_email}.")
    tab.save_button.click()
    assert tab.rechtsmiddel.property("fout") is False
    with ctx.db.read() as s:
        org = s.scalars(select(Organisatie)).one()
        assert org.rechtsmiddel_tekst == "Verzoek binnen zes weken aan {adres}{per_email}."


def test_the_swv_bank_account_is_checked_and_saved(
    qtbot: QtBot, ctx_for: Callable[[str], UiContext], seed: Seed, messages: MessageLog
) -> None:
    """The SWV's own IBAN: a wrong check digit is refused on the field in Dutch and nothing is
    saved; typed with spaces it is stored without them and shown again in groups of four."""
    ctx = ctx_for("beheer")
    _page, tab = beheer_tab(qtbot, ctx, "settings_tab")
    qtbot.keyClicks(tab.edits["rekening_iban"], "NL91 ABNA 0417 1643 01")
    qtbot.keyClicks(tab.edits["rekening_tenaamstelling"], "Stichting SWV VO Testregio")
    tab.save_button.click()
    assert tab.edits["rekening_iban"].property("fout") is True
    assert "klopt niet (controlegetal)" in messages.texts()
    with ctx.db.read() as s:
        org = s.scalars(select(Organisatie)).one()
        assert (org.rekening_iban, org.rekening_tenaamstelling) == ("", "")
    tab.edits["rekening_iban"].clear()
    qtbot.keyClicks(tab.edits["rekening_iban"], "nl91 abna 0417 1643 00")
    tab.save_button.click()
    assert tab.edits["rekening_iban"].property("fout") is False
    with ctx.db.read() as s:
        org = s.scalars(select(Organisatie)).one()
        assert (org.rekening_iban, org.rekening_tenaamstelling) == (
            "NL91ABNA0417164300",
            "Stichting SWV VO Testregio",
        )
    assert tab.edits["rekening_iban"].text() == "NL91 ABNA 0417 1643 00"
    assert not tab.has_unsaved_changes()
